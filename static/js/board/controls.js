// Wires the controls the server rendered (post form, facilitation, clusters, menus).
import { announce } from "./announce.js";
import { root } from "./boot.js";
import { renderCard } from "./cards.js";
import { flushOutbox, live, request } from "./connection.js";
import { outbox, newClientId } from "./outbox.js";
import { state, ui } from "./state.js";
import { t } from "./strings.js";

// Called once at start; every handler only acts on the state as it is when it runs.
export function wireControls() {
  const postForm = root.querySelector("[data-post] form");
  if (postForm) {
    postForm.addEventListener("submit", (submit) => {
      submit.preventDefault();
      const data = new FormData(postForm);
      const text = String(data.get("text") || "").trim();
      const error = postForm.querySelector("[data-text-error]");
      if (!text) {
        error.textContent = t("empty_text");
        error.hidden = false;
        postForm.elements.text.setAttribute("aria-invalid", "true");
        postForm.elements.text.focus();
        return;
      }
      error.hidden = true;
      postForm.elements.text.removeAttribute("aria-invalid");
      const optionalId = (name) => (data.get(name) ? Number(data.get(name)) : null);
      const message = {
        type: "card.create",
        client_id: newClientId(),
        kind: String(data.get("kind")),
        text,
        tags: String(data.get("tags") || "").split(",").map((tag) => tag.trim()).filter(Boolean),
        building_block: optionalId("building_block"),
        target_group: optionalId("target_group"),
        display: String(data.get("display") || "name"),
      };
      if (data.get("on_behalf")) {
        Object.assign(message, { on_behalf: true, on_behalf_name: String(data.get("on_behalf_name") || ""), organisation: optionalId("organisation") });
      }
      outbox.add(message);
      flushOutbox();
      if (!live.synced) announce(t("queued_offline"));
      postForm.elements.text.value = "";
      postForm.elements.tags.value = "";
      postForm.elements.text.focus();
    });
  }

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
