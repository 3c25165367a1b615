// Renders the whole board, at most once per animation frame for bursts of events.
import { announceNewCards } from "./announce.js";
import { renderColumns } from "./cards.js";
import { renderStatus, renderClusters, renderFacilitation, renderMyDeleted } from "./panels.js";
import { ui } from "./state.js";

// The parts drawn by modules loaded once the board is live (main.js: phases, proxy, guests).
const laterParts = [];

export function addRenderedPart(render) {
  laterParts.push(render);
}

export function renderAll() {
  // A card being dragged is not disturbed: what arrives meanwhile is drawn on the drop (drag.js).
  if (ui.dragging) return;
  renderColumns();
  renderStatus();
  renderClusters();
  renderFacilitation();
  renderMyDeleted();
  for (const render of laterParts) render();
  announceNewCards();
}

// Many events can arrive in one burst (resume): render once per frame.
let renderQueued = false;
export function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  window.requestAnimationFrame(() => {
    renderQueued = false;
    renderAll();
  });
}
