// The live board client, entry module (see docs/board-protocol.md). No build step: plain ES modules.
//
// The page is rendered by the server and works without JavaScript; these modules take it
// over: state.js keeps the board from the snapshot and the events, cards.js and panels.js
// render it, outbox.js keeps posts until the server has them, connection.js talks to the
// server. Imports only go downwards (view.js is how the lower modules ask for rendering).
import { root, boot } from "./boot.js";
import { clearError, showError } from "./cards.js";
import { connect } from "./connection.js";
import { wireControls } from "./controls.js";
import { wireDragging } from "./drag.js";
import { wireGuests } from "./guests.js";
import { showSaved } from "./post_form.js";
import { outbox } from "./outbox.js";
import { wireProxy } from "./proxy.js";
import { renderFacilitation, renderPending, renderStatus, showConnection } from "./panels.js";
import { wirePhaseControls } from "./phases.js";
import { renderAll, scheduleRender } from "./render.js";
import { loadChosenMarks, sendChosenMarks } from "./same_topic.js";
import { applySnapshot } from "./state.js";
import { renderTimer, wireTimerSound } from "./timer.js";
import { view } from "./view.js";

Object.assign(view, {
  render: renderAll,
  renderSoon: scheduleRender,
  renderPending,
  renderPresence: () => { renderStatus(); renderFacilitation(); },
  showConnection,
  showError,
  clearError,
  postSaved: showSaved,
  boardChanged: sendChosenMarks,
});

root.classList.add("board--live");
wireControls();
wireProxy();
wireGuests();
wireTimerSound();
wirePhaseControls();
wireDragging();
outbox.load();
loadChosenMarks();
applySnapshot(boot.state);
renderAll();
window.setInterval(renderTimer, 1000);
connect();
