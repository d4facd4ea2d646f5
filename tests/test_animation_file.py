"""The downloaded animation (``ui.animation_file``) is built from the chart
component itself: every module read from its file in ``ui/chart_component``
(only its local imports renamed, exactly the imports Node reads in it), its
style sheet, the partial Plotly.js bundle the app serves, and the page's
own messages; nothing in it is fetched."""

from __future__ import annotations

import base64
import json
import re

import pytest
from animation_messages import messages
from test_component_modules import FOLDERS, imports

from ui import animation_file
from ui.animation_file import FOLDER, HOST, PLOTLY_JS, PREFIX, animation_html, module_sources


@pytest.fixture(scope="module")
def page() -> tuple[tuple[bytes, bytes], str]:
    sent = messages("explorer", resolution=30)
    return sent, animation_html(sent, "Error Surface Explorer: <error surface>")


def _import_map(html: str) -> dict[str, str]:
    found = re.search(r'<script type="importmap">(.*?)</script>', html, flags=re.S)
    assert found is not None
    decoded = {}
    for name, url in json.loads(found.group(1))["imports"].items():
        head, _, body = url.partition(",")
        assert head == "data:text/javascript;base64"
        decoded[name] = base64.b64decode(body).decode()
    return decoded


def test_every_module_of_the_component_is_in_the_file_as_its_file_says(page):
    _, html = page
    shipped = _import_map(html)
    files = sorted(FOLDER.glob("*.js"))
    assert HOST in {f.name for f in files}  # the host is one of the component's modules
    assert sorted(shipped) == [PREFIX + f.name for f in files]
    for path in files:
        text = shipped[PREFIX + path.name]
        # The file's text with its "./x.js" imports renamed, nothing else.
        assert re.sub(r'"esx/([\w-]+\.js)"', r'"./\1"', text) == path.read_text()
        assert not animation_file.LOCAL_IMPORT.search(text)


def test_the_renamed_imports_are_exactly_the_modules_imports():
    """The rename finds what Node reads as imports (static and dynamic), no more."""
    read = imports(FOLDERS[0])
    for name, text in module_sources().items():
        renamed = sorted(re.findall(r'"esx/([\w-]+\.js)"', text))
        dynamic = [json.loads(literal) for literal in read[name]["dynamic"]]
        found = sorted(spec.removeprefix("./") for spec in [*read[name]["static"], *dynamic])
        assert renamed == found, name


def test_the_file_holds_the_style_plotly_and_the_pages_messages(page):
    sent, html = page
    assert (FOLDER / "chart.css").read_text() in html
    assert PLOTLY_JS.read_text() in html  # the app's partial bundle, inline
    found = re.findall(
        r'<script type="application/octet-stream" data-esx-message>(.*?)</script>', html
    )
    assert [base64.b64decode(text) for text in found] == list(sent)  # the layers first
    assert f'<script type="module">import "{PREFIX}{HOST}";</script>' in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)  # nothing fetched


def test_the_title_is_text(page):
    _, html = page
    assert "<title>Error Surface Explorer: &lt;error surface&gt;</title>" in html
    assert "<h1>Error Surface Explorer: &lt;error surface&gt;</h1>" in html
    assert animation_file.OFFLINE_NOTE in html  # what works here, and what only in the app


def test_no_messages_no_file():
    with pytest.raises(ValueError, match="no chart message"):
        animation_html([], "empty")


def test_an_end_tag_in_inlined_text_is_refused():
    with pytest.raises(ValueError, match="end tag"):
        animation_file._inline("a</script>b", "x.js")
