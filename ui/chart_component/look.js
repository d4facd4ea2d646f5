// The chosen look of the animated views (gd_core/figures/looks.py: it comes
// with the layers as `look`). High contrast: every line and mark outline
// thicker, the dark ink black, the iso-lines brighter. The colour scale needs
// nothing here: the layers' PNG and colour scale are painted in it already.
// `look.standard`: the standard look's ink (gd_core/figures/theme.py's INK,
// with the layers as `theme.ink`), which high contrast turns black.
function ink(colour, look) { return colour === look.standard ? look.ink : colour; }

function thicker(line, look) {
  if (!line) return line;
  const out = { ...line, color: ink(line.color, look) };
  if (typeof line.width === "number") out.width = line.width * look.thicker;
  return out;
}

function traceInLook(trace, look) {
  const out = { ...trace };
  if (trace.name === "iso-lines") out.line = { ...trace.line, ...look.iso };
  else if (trace.line) out.line = thicker(trace.line, look);
  if (trace.marker) {
    out.marker = { ...trace.marker, color: ink(trace.marker.color, look) };
    if (trace.marker.line) out.marker.line = thicker(trace.marker.line, look);
  }
  if (trace.textfont) out.textfont = { ...trace.textfont, color: ink(trace.textfont.color, look) };
  return out;
}

// A view's figure ({data, moving, layout, …}) in `look`; unchanged in the standard look.
export function inLook(fig, look, theme) {
  if (!look || !look.contrast) return fig;
  look = { ...look, standard: theme.ink };
  return { ...fig, data: fig.data.map((t) => traceInLook(t, look)), moving: fig.moving.map((t) => traceInLook(t, look)) };
}
