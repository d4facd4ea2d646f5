"""Shared pieces of the AppTest page tests: the app, and what pages show."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from gd_core.figures.wire import decode

APP = Path(__file__).resolve().parents[1] / "app.py"


def new_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def figure_payload(at, key: str) -> dict:
    """What the page passed to the chart component to draw as a plain figure
    under ``key`` (the sweep, the race's loss and effective η)."""
    for element in at.get("bidi_component"):
        proto = element.proto
        if proto.id.rsplit("-", 1)[-1] == key:
            assert proto.component_name == "explorer.chart"
            data = decode(proto.bytes)
            assert data["role"] == "figure"
            return data
    raise AssertionError(f"no chart component under {key!r}")


def component_elements(block, name: str) -> list:
    """The protos of component ``explorer.<name>`` in ``block`` (the app, or
    ``at.sidebar``): ``chart`` draws the charts, ``link`` the share link."""
    return [e.proto for e in block.get("bidi_component")
            if e.proto.component_name == f"explorer.{name}"]  # fmt: skip


def chart_elements(at, key: str) -> tuple:
    """The chart component's two elements on the page: its layers, its runs."""
    found = {proto.id.rsplit("-", 1)[-1]: proto for proto in component_elements(at, "chart")}
    return found[f"{key}_layers"], found[key]


def chart_payload(at, key: str) -> dict:
    """What the page passed to the chart component under ``key``."""
    layers, chart = chart_elements(at, key)
    layers_data, chart_data = decode(layers.bytes), decode(chart.bytes)
    assert layers_data["role"] == "layers" and chart_data["role"] == "chart"
    assert chart_data["layers"] == layers_data["layers"]["revision"]
    return chart_data


def share_links(at) -> list[str]:
    """The links "Share this view" shows (one per page, in the sidebar)."""
    return [json.loads(proto.json)["url"] for proto in component_elements(at.sidebar, "link")]


def open_page(at, path: str):
    at.switch_page(path).run()
    assert not at.exception
    return at
