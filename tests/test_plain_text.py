"""Text a user supplies stays plain text: file names, CSV headers and cells
that would be Markdown (a heading, a link in any case, an e-mail address, a
``:material/…:`` icon, an ``:emoji:``) reach the page escaped by
``ui.inputs.plain``. Checked on what the page sends (AppTest's element
bodies: the Markdown the browser renders) and, in test_browser_plain.py,
on the browser's DOM."""

from __future__ import annotations

import re

import pytest
from app_helpers import open_page

from ui.inputs import plain

HEADING = "# WWW.evil.example login here.csv"
EMAIL = "evil@evil.example.csv"
PAYLOADS = [  # (file name, CSV content): each ends in an error or a success message
    (HEADING, b"name,value\n1,2\n"),  # a bad header: the name opens the message
    (EMAIL, b"x,y\n0,0.2\n1,0.9\n"),  # a good file: its name in the success and the badge
    ("data.csv", b"WWW.evil.example,:material/lock:\n1,2\n"),  # the header's cells
    ("data.csv", b"x,y\n1,WWW.evil.example/phish\n"),  # a y cell
    ("data.csv", b"x,y\nhttps://evil.example,1\n"),  # an x cell with a scheme
    ("data.csv", b"x,y\n:smile:,1\n"),  # an emoji shortcode
    ("- list\n1. item.csv", b"x,y\n"),  # block markers at the start of a line
]


def markdown_risks(body: str) -> list[str]:
    """What in ``body`` (Markdown, as Streamlit renders it: GitHub-flavoured,
    with Streamlit's icons and emoji) would not show as plain text."""
    risks = []
    if re.search(r"(?m)^\s*(#|[-+*>] |\d+[.)] |=+\s*$)", body):
        risks.append("a heading, list, quote or underline")
    if re.search(r"(?i)www\.|://", body):
        risks.append("an autolink")
    if re.search(r"[\w.+-]@", body):
        risks.append("an e-mail link")
    if re.search(r":[\w/+-]+:", body):
        risks.append("an icon or emoji shortcode")
    if re.search(r"(?<!\\)[\[<`*_$]", body):
        risks.append("Markdown syntax")
    return risks


def _bodies(app) -> list[str]:
    """The alerts' Markdown, without the app's own bold labels (**Data:**)."""
    kinds = ("error", "success", "info", "warning")
    return [e.value.replace("**", "") for kind in kinds for e in getattr(app, kind)]


@pytest.mark.parametrize(("name", "content"), PAYLOADS)
def test_uploaded_names_headers_and_cells_reach_the_page_as_plain_text(app, name, content):
    open_page(app, "views/data.py")
    app.file_uploader(key="csv_upload").set_value((name, content, "text/csv")).run()
    assert not app.exception
    shown = [b for b in _bodies(app) if "csv" in b.lower() or "row" in b or "header" in b]
    assert shown, _bodies(app)
    for body in shown:
        assert markdown_risks(body) == [], body


def test_a_file_name_stays_plain_on_every_page_in_the_badge(app):
    open_page(app, "views/data.py")
    app.file_uploader(key="csv_upload").set_value((EMAIL, PAYLOADS[1][1], "text/csv")).run()
    app.switch_page("views/error_surface.py").run()
    badge = [b for b in _bodies(app) if "uploaded" in b]
    assert badge and markdown_risks(badge[0]) == []


@pytest.mark.parametrize(
    "text", [HEADING, EMAIL, "WWW.evil.example", "Www.x.y", ":material/lock:", ":smile:",
             "http://x", "1. a\n- b\n===", "> quoted", "[a](b) `c` <d> $e$ *f* _g_ ~h~ |i| &amp;"],
)  # fmt: skip
def test_plain_neutralises_every_payload_and_keeps_its_visible_text(text):
    escaped = plain(text)
    assert markdown_risks(escaped) == []
    # what a reader sees: the backslashes Markdown consumes, the invisible joiners
    assert re.sub(r"\\(.)", r"\1", escaped).replace("\u2060", "") == text


def test_ordinary_messages_read_as_before():
    assert plain("row 3: y must be a number") == "row 3: y must be a number"
