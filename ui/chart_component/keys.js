// The room's keys in presenter mode (the lesson, ui/presenter.py): R reveals
// the step, space plays or pauses its chart, from anywhere on the page.
// Streamlit binds R to its own rerun: this listens on the window in the
// capture phase, which sees a key before any listener on the document or
// below it, and stops R there. R is left alone while a text field has the
// focus (it types an r); space is left to a focused input or button (it
// ticks a radio, presses a button) and to the chart itself (its own keys).
// The reveal is the trigger "reveal": the page's callback reveals the step
// as its Reveal button does (Enter still works too: the button's shortcut);
// on a step already revealed R does nothing at all.
import { decodeMessage } from "./data.js";

const TEXT = /^(text|number|search|email|url|tel|password)$/;

function typing(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA") return true;
  return target.tagName === "INPUT" && TEXT.test(target.type || "text");
}

function pressable(target) {
  if (!(target instanceof Element)) return false;
  return Boolean(target.closest("input, textarea, select, button, [role=button], [role=slider], "
    + "[role=radio], [role=checkbox], [role=switch], [role=option], [contenteditable=true], .esx"));
}

function onKey(event, reveal) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if ((event.key === "r" || event.key === "R") && !typing(event.target)) {
    event.preventDefault();
    event.stopImmediatePropagation(); // not Streamlit's rerun
    if (!event.repeat) reveal();
  } else if (event.key === " " && !pressable(event.target)) {
    const chart = document.querySelector(".esx")?.__explorer; // the step's animated chart
    if (!chart) return;
    event.preventDefault(); // not a page scroll
    chart.toggle();
  }
}

export default function roomKeys(component) {
  const { parentElement, setTriggerValue } = component;
  const { reveal } = decodeMessage(component.data);
  if (!parentElement.querySelector(".esx-keys-mount")) parentElement.append(Object.assign(
    document.createElement("span"), { className: "esx-keys-mount" }));
  let count = 0;
  const listener = (event) => onKey(event, () => { if (reveal) setTriggerValue("reveal", ++count); });
  if (window.__esxRoomKeys) window.removeEventListener("keydown", window.__esxRoomKeys, true);
  window.__esxRoomKeys = listener;
  window.addEventListener("keydown", listener, true);
  return () => {
    window.removeEventListener("keydown", listener, true);
    if (window.__esxRoomKeys === listener) window.__esxRoomKeys = null;
  };
}
