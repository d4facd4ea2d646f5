import os
import sys
from pathlib import Path

# Tests import the app's modules from the repository root.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# No test is timed: Hypothesis's per-example deadline and its "slow data"
# check fail on a loaded or slower machine, not on wrong numbers.
settings.register_profile("untimed", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("untimed")


@pytest.fixture
def app():
    """The app after its first run (AppTest), on the error-surface page."""
    from app_helpers import new_app

    return new_app()


# The tests whose numbers a golden file or the lecture pins: the README's test
# command runs them again with NumPy's SIMD dispatch limited, so that numbers
# pinned on one CPU are checked against another's arithmetic.
NUMERIC = {
    "test_batch.py", "test_datasets.py", "test_derivation.py", "test_descent.py",
    "test_etas.py", "test_export.py", "test_figure_compare_race.py",
    "test_figure_convergence.py", "test_figure_taylor.py", "test_figures.py",
    "test_figures_unchanged.py", "test_kernels.py", "test_lecture_code.py", "test_losses.py",
    "test_maps.py", "test_optimizers.py", "test_payload.py", "test_problem.py",
    "test_races.py", "test_search.py", "test_stopping.py", "test_surface.py", "test_sweep.py",
    "test_taylor.py",
}  # fmt: skip


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in NUMERIC:
            item.add_marker(pytest.mark.numeric)


def pytest_sessionstart(session):
    """Under ``NPY_DISABLE_CPU_FEATURES`` every group named must really be
    off: a name NumPy ignores would run the tests on the usual arithmetic."""
    disabled = os.environ.get("NPY_DISABLE_CPU_FEATURES", "").split()
    if not disabled:
        return
    from numpy._core._multiarray_umath import __cpu_features__

    still_on = [group for group in disabled if __cpu_features__.get(group, True)]
    if still_on:
        raise pytest.UsageError(
            f"NPY_DISABLE_CPU_FEATURES names {still_on}, which NumPy did not turn off "
            "(not a dispatch group of this CPU, or a name NumPy does not know)"
        )


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server on loopback (tests/pg_server.py); where
    it cannot start the test skips, but fails in CI or under scripts/run-tests."""
    from pg_server import NoPostgres, postgres_server, required

    try:
        server = postgres_server()
        url = server.__enter__()
    except NoPostgres as error:
        if required():
            pytest.fail(f"PostgreSQL is required here and did not start: {error}")
        pytest.skip(f"no PostgreSQL server could be started: {error}")
    yield url
    server.__exit__(None, None, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def room_engine(request, tmp_path):
    """A room store, upgraded to the newest revision: a SQLite file, then a
    database on the throwaway PostgreSQL server (emptied for each test)."""
    from rooms import make_engine, upgrade

    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'rooms.sqlite3'}")
    else:
        from sqlalchemy import text

        engine = make_engine(request.getfixturevalue("postgres_url"))
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    yield engine
    engine.dispose()
