// Small helpers to build elements. User text only ever goes in as text (textContent).
import { ui } from "./state.js";

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") element.className = value;
    else if (name === "text") element.textContent = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export function button(label, onClick, attributes = {}) {
  return el("button", { type: "button", class: "board-button", onclick: onClick, ...attributes }, label);
}

// Keeps a value typed into a card's form across re-renders of that card.
export function drafted(element, key, initial = "") {
  element.dataset.draft = key;
  element.value = ui.drafts.has(key) ? ui.drafts.get(key) : initial;
  const keep = () => ui.drafts.set(key, element.value);
  element.addEventListener("input", keep);
  element.addEventListener("change", keep);
  return element;
}

// Re-renders a part of the page without taking the focus (or the caret) from someone using a
// control in it: the control is found again by its id or data-focus key and focused like before.
export function keepingFocus(container, render) {
  const active = document.activeElement;
  const inside = container && active && active !== container && container.contains(active);
  const key = inside ? (active.id ? `#${CSS.escape(active.id)}` : active.dataset.focus ? `[data-focus="${CSS.escape(active.dataset.focus)}"]` : null) : null;
  const caret = inside && typeof active.selectionStart === "number" ? [active.selectionStart, active.selectionEnd] : null;
  render();
  if (!key || container.contains(document.activeElement) && document.activeElement === active) return;
  const again = container.querySelector(key);
  if (!again) return;
  again.focus();
  if (caret && typeof again.setSelectionRange === "function") again.setSelectionRange(...caret);
}
