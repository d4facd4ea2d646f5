// The host of the downloaded animation (ui/animation_file.py): one HTML file
// that plays with no server. In place of Streamlit it mounts the component's
// own entry with the messages the page received (base64 in the page, the
// layers first), each in an element of its own; a click goes nowhere.
import mount from "./entry.js";

function bytes(node) {
  return Uint8Array.from(atob(node.textContent.trim()), (c) => c.charCodeAt(0));
}

for (const node of document.querySelectorAll("script[data-esx-message]")) {
  const parentElement = document.createElement("div");
  node.after(parentElement);
  mount({ data: bytes(node), parentElement, setTriggerValue: () => {} });
}
