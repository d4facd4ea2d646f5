import sys
from pathlib import Path

# Tests import the app's modules from the repository root.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


import pytest  # noqa: E402


@pytest.fixture
def app():
    """The app after its first run (AppTest), on the error-surface page."""
    from app_helpers import new_app

    return new_app()
