"""The cap on held uploads (ui/serving.py) as a student meets it: replacing
the CSV in the data page's uploader again and again keeps working, since
the browser deletes the old file before it sends the new one."""

from __future__ import annotations

import pytest
from browser_helpers import app_url, browser, settled

from ui.serving import MAX_HELD_UPLOADS

pytestmark = pytest.mark.browser
__all__ = ["app_url", "browser"]  # fixtures


def test_replacing_the_uploaded_csv_again_and_again_is_never_refused(app_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    uploads: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda r: uploads.append((r.request.method, r.status)) if "upload_file" in r.url else None,
    )
    page.goto(f"{app_url}/data")
    settled(page)
    for i in range(MAX_HELD_UPLOADS + 2):
        rows = "".join(f"{j / 10},{(j % 10) / 10 + 0.05}\n" for j in range(5 + i))
        page.locator("input[type=file]").set_input_files(
            {"name": f"d{i}.csv", "mimeType": "text/csv", "buffer": f"x,y\n{rows}".encode()}
        )
        page.get_by_text(f"Loaded {5 + i} points from d{i}.csv.").wait_for(timeout=30_000)
        settled(page)
    page.close()
    assert [status for method, status in uploads if method == "PUT"] == [204] * (
        MAX_HELD_UPLOADS + 2
    )
