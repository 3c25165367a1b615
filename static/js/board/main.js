// The live board client, entry module (see docs/board-protocol.md). No build step: plain ES modules.
//
// The page is rendered by the server and works without JavaScript; these modules take it
// over: state.js keeps the board from the snapshot and the events, cards.js and panels.js
// render it, outbox.js keeps posts until the server has them, connection.js talks to the
// server. Imports only go downwards (view.js is how the lower modules ask for rendering).
//
// What a board needs only once it is live (the phase steps and shortcuts, the timer, dragging,
// guests, dots for people without a device, earlier boards' topics) is imported after the first sync: a phone
// on a slow link gets the cards, the post form and the connection first (module_preloads.py
// preloads only the static imports).
import { root, boot } from "./boot.js";
import { clearError, redrawAllCards, showError } from "./cards.js";
import { connect } from "./connection.js";
import { wireControls } from "./controls.js";
import { showSaved } from "./post_form.js";
import { outbox } from "./outbox.js";
import { renderFacilitation, renderPending, renderStatus, showConnection } from "./panels.js";
import { addRenderedPart, renderAll, scheduleRender } from "./render.js";
import { applySnapshot } from "./state.js";
import { view } from "./view.js";

// Without a sync (offline from the start) the rest still comes, after this long.
const LATER_AT_THE_LATEST_MS = 5000;

let later = null;

function loadTheRest() {
  later ??= Promise.all([
    import("./timer.js"), import("./phases.js"), import("./drag.js"), import("./guests.js"), import("./proxy.js"),
    import("./same_topic.js"),
  ]).then(([timer, phases, drag, guests, proxy, sameTopic]) => {
    timer.wireTimerSound();
    view.renderTimer = timer.renderTimer;
    window.setInterval(timer.renderTimer, 1000);
    phases.wirePhaseControls();
    drag.wireDragging();
    guests.wireGuests();
    proxy.wireProxy();
    sameTopic.wireSameTopic();
    addRenderedPart(phases.renderSteps);
    addRenderedPart(proxy.renderProxy);
    addRenderedPart(guests.renderGuests);
    Object.assign(view, {
      boardChanged: sameTopic.sendChosenMarks,
      postQueued: sameTopic.takeChosenMarks,
      sameTopicSearch: sameTopic.sameTopicSearch,
    });
    redrawAllCards();
    renderAll();
    sameTopic.sendChosenMarks();
    // Every part is wired and drawn once more: what waits for the whole board (the browser tests) waits for this.
    document.getElementById("board")?.setAttribute("data-board-complete", "");
  }, () => {
    later = null; // not fetched (the network went away): tried again at the next sync
  });
}

Object.assign(view, {
  render: renderAll,
  renderSoon: scheduleRender,
  renderPending,
  renderPresence: () => { renderStatus(); renderFacilitation(); },
  showConnection,
  showError,
  clearError,
  postSaved: showSaved,
  firstSynced: loadTheRest,
});

root.classList.add("board--live");
wireControls();
outbox.load();
applySnapshot(boot.state);
renderAll();
connect();
window.setTimeout(loadTheRest, LATER_AT_THE_LATEST_MS);
