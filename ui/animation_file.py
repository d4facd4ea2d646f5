"""The animation a student downloads: one HTML file that plays the page's
own views with no server and no network.

It holds the chart component itself (``ui/chart_component/``: every module
read from its file, its style sheet, and the partial Plotly.js bundle the
app serves, ``ui/plotly_js/``) and the very messages the page sent it
(``gd_core.figures.payload`` as ``wire`` bytes: the layers, then the runs).
The component's small host for the file, ``offline.js``, mounts its entry
module with those messages in place of Streamlit. The modules travel as
``data:`` addresses in an import map; since a ``data:`` module is no base
for a relative address, each ``"./x.js"`` a module imports is named
``"esx/x.js"`` in the file (the same text otherwise).
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Sequence
from pathlib import Path

_UI = Path(__file__).resolve().parent
FOLDER = _UI / "chart_component"
PLOTLY_JS = _UI / "plotly_js" / "plotly.min.js"
HOST = "offline.js"
# A module of the folder as an import names it: "./chart.js" (or in single quotes).
LOCAL_IMPORT = re.compile(r"""(["'])\./([A-Za-z0-9_-]+\.js)\1""")
PREFIX = "esx/"
_PAGE_STYLE = """body { margin: 16px auto; max-width: 1240px; padding: 0 12px; }
h1 { font: 600 20px/1.3 system-ui, sans-serif; margin: 0 0 4px; }
.esx-offline { font: 14px/1.4 system-ui, sans-serif; margin: 0 0 12px; }"""
OFFLINE_NOTE = (
    "A copy that plays offline: ▶ Play, the slider and the arrow keys work here, and moving "
    "over a contour draws descent from the pointer; a click starts a new run only in the app."
)


def module_sources() -> dict[str, str]:
    """Every module of the component, its local imports named ``esx/<file>``."""
    return {
        path.name: LOCAL_IMPORT.sub(lambda m: f'"{PREFIX}{m.group(2)}"', path.read_text())
        for path in sorted(FOLDER.glob("*.js"))
    }


def _data_url(text: str) -> str:
    return "data:text/javascript;base64," + base64.b64encode(text.encode()).decode("ascii")


def _inline(text: str, what: str) -> str:
    """``text`` for a ``<script>`` or ``<style>`` element, which must not end it early."""
    if re.search(r"</(script|style)|<!--", text, flags=re.I):
        raise ValueError(f"{what} holds an end tag and cannot be inlined")
    return text


def animation_html(messages: Sequence[bytes], title: str) -> str:
    """The page's animated views as one self-contained HTML file.

    Args:
        messages: the component's messages, as the page mounted them (the
            layers' first, then the chart's), ``gd_core.figures.wire`` bytes.
        title: the file's title (escaped; shown as its heading too).
    """
    if not messages:
        raise ValueError("animation file: no chart message to play")
    imports = {PREFIX + name: _data_url(text) for name, text in module_sources().items()}
    payload = "\n".join(
        f'<script type="application/octet-stream" data-esx-message>'
        f"{base64.b64encode(message).decode('ascii')}</script>"
        for message in messages
    )
    name = html.escape(title)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name}</title>
<style>{_PAGE_STYLE}</style>
<style>{_inline((FOLDER / "chart.css").read_text(), "chart.css")}</style>
<script>{_inline(PLOTLY_JS.read_text(), "plotly.min.js")}</script>
<script type="importmap">{json.dumps({"imports": imports})}</script>
</head><body>
<h1>{name}</h1>
<p class="esx-offline">{OFFLINE_NOTE}</p>
{payload}
<script type="module">import "{PREFIX}{HOST}";</script>
</body></html>
"""
