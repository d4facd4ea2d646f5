"""Shared pieces of the AppTest page tests: the app, and what pages show."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"


def new_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def explorer_spec(at) -> str:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return charts[0].proto.spec


def open_page(at, path: str):
    at.switch_page(path).run()
    assert not at.exception
    return at
