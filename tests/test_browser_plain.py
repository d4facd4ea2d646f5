"""Text a user supplies stays plain in the real DOM: an uploaded CSV whose
name is a Markdown heading with an autolink, whose header cells are a link
and a ``:material/…:`` icon, and whose y cell is a link, shows every
character as typed and no ``<a>``, no heading, no icon."""

from __future__ import annotations

import pytest
from browser_helpers import ARTIFACTS, app_url, browser
from browser_helpers import open_view as _open
from browser_helpers import settled as _settled

pytestmark = pytest.mark.browser
__all__ = ["app_url", "browser"]  # module-scoped fixtures from browser_helpers.py

UPLOADS = [  # (file name, content, what the message must show as typed, a word in it)
    ("# WWW.evil.example login here.csv", b"name,value\n1,2\n", "# WWW.evil.example login here",
     "login"),
    ("a.csv", b"WWW.evil.example,:material/lock:\n1,2\n", "WWW.evil.example, :material/lock:",
     "header"),
    ("b.csv", b"x,y\n1,WWW.evil.example/phish\n", "'WWW.evil.example/phish'", "row 1"),
    ("evil@evil.example.csv", b"x,y\n0,0.2\n1,0.9\n", "evil@evil.example.csv", "Loaded"),
]  # fmt: skip


def test_uploaded_names_headers_and_cells_render_as_plain_text(browser, app_url):
    page = _open(browser, app_url, 1280, 800, path="data")
    for name, content, typed, word in UPLOADS:
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
        )
        page.wait_for_timeout(500)
        _settled(page)
        alert = page.get_by_test_id("stAlert").filter(has_text=word).first
        alert.wait_for(timeout=30_000)
        shown = alert.inner_text().replace("\u2060", "")
        assert typed in shown, shown
        main = page.get_by_test_id("stMain")
        assert main.locator("a[href*='evil'], a[href^='mailto']").count() == 0
        assert alert.locator("a, h1, h2, h3, [data-testid='stIconMaterial']").count() == 0
        assert main.locator("h1").count() == 1  # the page's own title only
        if name.startswith("#"):
            alert.scroll_into_view_if_needed()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / "plain-text-upload-1280x800.png")
    page.context.close()
