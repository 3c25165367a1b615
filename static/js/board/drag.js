// Drag and drop of cards with mouse, pen or finger (pointer events): to another place in its column,
// into or out of a cluster, to another column. The buttons in each card's actions stay the way for
// the keyboard and screen readers. While a card is dragged the board is not redrawn (others' changes
// wait, render.js); the drop sends the requests the buttons send, and the card moves when the
// server's event arrives, so a refused drop leaves it where it was, with the reason on the card.
import { root } from "./boot.js";
import { request } from "./connection.js";
import { el } from "./dom.js";
import { state, ui, rules } from "./state.js";
import { view } from "./view.js";

const START_AFTER_PX = 6; // a tap or a small wobble is not a drag
let drag = null;

// Where a drop at the marker puts the card: its column, the card it goes before, its cluster.
function dropTarget(marker) {
  const column = marker.closest("[data-column]");
  let before = null;
  for (let next = marker.nextElementSibling; next; next = next.nextElementSibling) {
    if (next.dataset.group) break; // the end of the marker's group
    if (next.dataset.cardId && !next.classList.contains("board-card--dragging")) {
      before = Number(next.dataset.cardId);
      break;
    }
  }
  let cluster; // undefined: the column is not grouped, the card keeps its cluster
  for (let previous = marker.previousElementSibling; previous; previous = previous.previousElementSibling) {
    if (previous.dataset.group) {
      cluster = previous.dataset.group === "none" ? null : Number(previous.dataset.group);
      break;
    }
  }
  return { kind: column.dataset.column, before, cluster };
}

function placeMarker(x, y) {
  const under = document.elementFromPoint(x, y);
  const column = under?.closest?.("[data-column]");
  if (!column) return;
  const list = column.querySelector(".board-cards");
  const card = under.closest(".board-card:not(.board-card--dragging):not(.board-card--pending)");
  const heading = under.closest(".board-cards__group");
  if (card && list.contains(card)) {
    const box = card.getBoundingClientRect();
    list.insertBefore(drag.marker, y < box.top + box.height / 2 ? card : card.nextElementSibling);
  } else if (heading && list.contains(heading)) {
    list.insertBefore(drag.marker, heading.nextElementSibling);
  } else if (under.closest(".board-cards") !== list) {
    list.append(drag.marker); // the column's title or its empty space: to the end of the column
  } // between two cards: the marker stays where it is
}

function begin(event) {
  const element = drag.handle.closest(".board-card");
  drag.element = element;
  drag.started = true;
  ui.dragging = true;
  const box = element.getBoundingClientRect();
  drag.offset = { x: event.clientX - box.left, y: event.clientY - box.top };
  drag.ghost = Object.assign(element.cloneNode(true), { id: "" });
  drag.ghost.classList.add("board-card--ghost");
  drag.ghost.setAttribute("aria-hidden", "true");
  drag.ghost.style.width = `${box.width}px`;
  document.body.append(drag.ghost);
  drag.marker = el("li", { class: "board-drop-marker", "aria-hidden": "true" });
  element.after(drag.marker);
  element.classList.add("board-card--dragging");
  drag.origin = JSON.stringify(dropTarget(drag.marker)); // dropped here again, nothing is sent
}

function follow(event) {
  drag.ghost.style.transform = `translate(${event.clientX - drag.offset.x}px, ${event.clientY - drag.offset.y}px)`;
  placeMarker(event.clientX, event.clientY);
}

function finish(drop) {
  const { card, marker } = drag;
  const origin = drag.origin;
  const target = drop && marker?.isConnected ? dropTarget(marker) : null;
  drag.ghost?.remove();
  marker?.remove();
  drag.element?.classList.remove("board-card--dragging");
  drag = null;
  ui.dragging = false;
  view.render(); // what arrived meanwhile, and the card back in its place until the server says otherwise
  if (!target || JSON.stringify(target) === origin) return;
  if (target.cluster !== undefined && target.cluster !== (state.clusters.has(card.cluster_id) ? card.cluster_id : null)) {
    request("card.cluster", { card_id: card.id, cluster_id: target.cluster }, { cardId: card.id });
  }
  if (target.kind !== card.kind || target.before !== JSON.parse(origin).before) {
    const fields = { card_id: card.id, before: target.before };
    if (target.kind !== card.kind) fields.kind = target.kind;
    request("card.move", fields, { cardId: card.id });
  }
}

export function wireDragging() {
  root.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest?.("[data-drag-handle]");
    if (!handle || drag || (event.pointerType === "mouse" && event.button !== 0)) return;
    const card = state.cards.get(Number(handle.closest(".board-card")?.dataset.cardId));
    if (!card || !(rules.arrange(card) || rules.change(card))) return;
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    drag = { card, handle, pointerId: event.pointerId, x: event.clientX, y: event.clientY, started: false };
  });
  root.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.started) {
      if (Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < START_AFTER_PX) return;
      begin(event);
    }
    follow(event);
  });
  root.addEventListener("pointerup", (event) => {
    if (drag && event.pointerId === drag.pointerId) finish(drag.started);
  });
  root.addEventListener("pointercancel", (event) => {
    if (drag && event.pointerId === drag.pointerId) finish(false);
  });
  document.addEventListener("keydown", (key) => {
    if (drag && key.key === "Escape") finish(false);
  });
}
