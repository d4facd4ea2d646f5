// "Share this view": the page's full link as plain text (textContent, never
// markup) and a Copy link button. A few hundred bytes instead of Streamlit's
// code block, whose 1.5 MB syntax highlighter held up the first charts.
// The clipboard API needs a secure context (https or localhost); elsewhere
// the copy falls back to execCommand, and failing that the link is selected
// and the page says which keys copy it.

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try { await navigator.clipboard.writeText(text); return true; } catch (error) { /* fall back */ }
  }
  const area = Object.assign(document.createElement("textarea"), { value: text, readOnly: true });
  area.style.cssText = "position: fixed; top: 0; left: 0; opacity: 0;";
  const focused = document.activeElement; // given back: keyboard users keep their place
  document.body.appendChild(area);
  area.focus({ preventScroll: true });
  area.select();
  let done = false;
  try { done = document.execCommand("copy"); } catch (error) { done = false; }
  area.remove();
  if (focused && focused.focus) focused.focus({ preventScroll: true });
  return done;
}

// In the page (no shadow root), once per page; every rule under .esx-link.
// Streamlit's theme variables, so it looks like the sidebar around it.
const STYLE = `
.esx-link { font-family: var(--st-font, sans-serif); color: var(--st-text-color, #1f2430); }
.esx-link-url { font-family: var(--st-code-font, monospace); font-size: var(--st-code-font-size, 0.875rem);
  line-height: 1.5; background: var(--st-code-background-color, #f8f9fb); border-radius: var(--st-base-radius, 0.5rem);
  border: 1px solid var(--st-border-color, rgba(31, 36, 48, 0.2)); padding: 0.5rem 0.75rem;
  overflow-wrap: anywhere; user-select: all; }
.esx-link-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem; margin-top: 0.5rem; }
.esx-link-copy { font: inherit; font-size: 0.875rem; padding: 0.25rem 0.75rem; cursor: pointer; color: inherit;
  border-radius: var(--st-button-radius, 0.5rem); border: 1px solid var(--st-border-color, rgba(31, 36, 48, 0.2));
  background: var(--st-secondary-background-color, white); min-height: 2rem; }
.esx-link-copy:hover { border-color: var(--st-primary-color, #d81b45); color: var(--st-primary-color, #d81b45); }
.esx-link-copy:focus-visible { outline: 2px solid var(--st-primary-color, #d81b45); outline-offset: 1px; }
.esx-link-said { font-size: 0.875rem; opacity: 0.8; }`;

function style() {
  if (document.getElementById("esx-link-style")) return;
  const sheet = Object.assign(document.createElement("style"), { id: "esx-link-style", textContent: STYLE });
  document.head.appendChild(sheet);
}

function build(parent) {
  style();
  const box = document.createElement("div");
  box.className = "esx-link";
  box.innerHTML = `<div class="esx-link-url" data-testid="esx-link-url"></div>
    <div class="esx-link-bar"><button type="button" class="esx-link-copy">Copy link</button>
    <span class="esx-link-said" role="status" aria-live="polite"></span></div>`;
  parent.replaceChildren(box);
  return box;
}

export default function ({ data, parentElement }) {
  const box = parentElement.querySelector(".esx-link") || build(parentElement);
  const url = String((data && data.url) || "");
  const shown = box.querySelector(".esx-link-url");
  const button = box.querySelector(".esx-link-copy");
  const said = box.querySelector(".esx-link-said");
  shown.textContent = url;
  let timer = null;
  const say = (text, label) => {
    said.textContent = ""; // cleared first, so a second "Link copied." is read out again
    requestAnimationFrame(() => { said.textContent = text; });
    button.textContent = label;
    clearTimeout(timer);
    timer = setTimeout(() => { said.textContent = ""; button.textContent = "Copy link"; }, 2500);
  };
  button.onclick = async () => {
    if (await copyText(url)) { say("Link copied.", "Copied ✓"); return; }
    const range = document.createRange();
    range.selectNodeContents(shown);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    say("Press Ctrl+C (⌘C on a Mac) to copy the selected link.", "Copy link");
  };
  return () => clearTimeout(timer);
}
