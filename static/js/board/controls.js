// Wires the controls the server rendered (facilitation, clusters, menus; the post form in post_form.js).
import { root } from "./boot.js";
import { renderCard } from "./cards.js";
import { request } from "./connection.js";
import { wirePostForm } from "./post_form.js";
import { state, ui } from "./state.js";

// Called once at start; every handler only acts on the state as it is when it runs.
export function wireControls() {
  wirePostForm();

  root.addEventListener("toggle", (toggle) => {
    const key = toggle.target.dataset?.open;
    if (!key) return;
    if (toggle.target.open === ui.open.has(key)) return;
    if (toggle.target.open) ui.open.add(key);
    else ui.open.delete(key);
    // An opened actions panel lists the board as it is now (other cards, clusters).
    if (toggle.target.open && key.endsWith(":actions")) {
      const card = state.cards.get(Number(key.split(":")[0]));
      if (card) renderCard(card, "actions");
    }
  }, true);

  root.querySelector("[data-done-writing]")?.addEventListener("click", () => {
    request("participant.done_writing", { done: !state.me?.done_writing });
  });

  const clusterForm = root.querySelector("[data-clusters] form");
  clusterForm?.addEventListener("submit", (submit) => {
    submit.preventDefault();
    const input = clusterForm.elements.title;
    if (!input.value.trim()) return;
    request("cluster.create", { title: input.value.trim() }, { onAck: () => { input.value = ""; } });
  });

  const facilitation = root.querySelector("[data-facilitation]");
  if (facilitation) {
    const phase = facilitation.querySelector("#board-phase");
    phase.addEventListener("change", () => { ui.phaseChoice = phase.value; });
    facilitation.querySelector("[data-phase-form]").addEventListener("submit", (submit) => {
      submit.preventDefault();
      const chosen = phase.value;
      request("board.set_phase", { phase: chosen }, {
        onAck: () => { if (ui.phaseChoice === chosen) ui.phaseChoice = null; },
      });
    });
    facilitation.querySelector("[data-lock]").addEventListener("click", () => {
      request("board.set_lock", { locked: !state.board.locked });
    });
    facilitation.querySelector("[data-silent-collect]").addEventListener("click", () => {
      request("board.set_silent_collect", { silent_collect: !state.board.silent_collect });
    });
    facilitation.querySelector("[data-timer-form]").addEventListener("submit", (submit) => {
      submit.preventDefault();
      const minutes = Number(facilitation.querySelector("#board-timer").value);
      if (minutes > 0) request("board.set_timer", { seconds: Math.round(minutes * 60) });
    });
    facilitation.querySelector("[data-timer-stop]").addEventListener("click", () => {
      request("board.set_timer", { seconds: null });
    });
  }
}
