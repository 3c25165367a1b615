// Everything around the columns: status line (the timer in timer.js, through view.js), pending posts, clusters, facilitation,
// the reader's deleted cards and the connection indicator.
import { announce } from "./announce.js";
import { root, boot, KIND_LABELS } from "./boot.js";
import { live, request } from "./connection.js";
import { el, button, drafted, keepingFocus } from "./dom.js";
import { outbox } from "./outbox.js";
import { state, rules, ui } from "./state.js";
import { t, excerpt } from "./strings.js";
import { view } from "./view.js";

export function renderPending() {
  const postForm = root.querySelector("[data-post] form");
  root.querySelectorAll(".board-card--pending").forEach((element) => element.remove());
  for (const item of outbox.items) {
    const { message } = item;
    if ([...state.cards.values()].some((card) => card.client_id === message.client_id)) continue;
    const list = root.querySelector(`[data-column="${message.kind}"] .board-cards`);
    const note = item.error ? t("pending_failed", { message: item.error })
      : live.synced ? t("pending_sending") : t("pending_offline");
    list.append(el("li", { class: `board-card board-card--pending${item.error ? " board-card--failed" : ""}`, "data-client-id": message.client_id },
      el("p", { class: "board-card__text" }, message.text),
      el("p", { class: "board-card__pending" }, note),
      item.error ? el("div", { class: "board-actions__row" },
        button(t("back_to_form"), () => {
          postForm.elements.text.value = message.text;
          postForm.elements.kind.value = message.kind;
          outbox.discard(message.client_id);
          postForm.elements.text.focus();
        }),
        button(t("discard"), () => outbox.discard(message.client_id))) : null));
  }
}

export function renderStatus() {
  const board = state.board;
  const set = (name, text) => {
    const element = root.querySelector(`[data-status="${name}"]`);
    if (!element) return;
    element.textContent = text || "";
    element.hidden = !text;
  };
  set("phase", t("phase", { phase: boot.phases[board.phase] }));
  set("locked", board.locked ? t("locked") : "");
  set("hidden", board.cards_hidden && board.hidden_cards ? t("hidden_cards", { count: board.hidden_cards }) : "");
  set("online", state.online !== null ? t("online", { count: state.online }) : "");
  set("done", board.phase === "collect" && board.done_count ? t("done_count", { count: board.done_count }) : "");
  set("votes", rules.vote() && state.me ? t("votes_left", { count: state.me.votes_left }) : "");
  view.renderTimer();

  const postSection = root.querySelector("[data-post]");
  if (postSection) {
    // A form someone is typing in stays (focus and text kept); posting it says why it waits.
    const form = postSection.querySelector("form");
    const inUse = form.contains(document.activeElement) || Boolean(form.elements.text.value.trim());
    form.hidden = !rules.post() && !inUse;
    postSection.querySelector("[data-post-closed]").hidden = rules.post();
  }
  const done = root.querySelector("[data-done-writing]");
  if (done) {
    done.hidden = !rules.markDone();
    done.setAttribute("aria-pressed", state.me?.done_writing ? "true" : "false");
  }
}

export function renderClusters() {
  const section = root.querySelector("[data-clusters]");
  const manage = rules.clusters();
  section.hidden = !state.clusters.size && !manage;
  const list = section.querySelector("ul");
  const ordered = [...state.clusters.values()].sort((a, b) => a.position - b.position || a.id - b.id);
  keepingFocus(list, () => list.replaceChildren(...ordered.map((cluster, index) => {
    const count = [...state.cards.values()].filter((card) => card.cluster_id === cluster.id).length;
    const rename = manage ? drafted(el("input", { type: "text", id: `cluster-title-${cluster.id}`, maxlength: "200", "aria-label": t("new_title_for", { title: cluster.title }) }), `cluster-title:${cluster.id}`, cluster.title) : null;
    return el("li", { class: "board-cluster" },
      el("span", { class: "board-cluster__title" }, cluster.title), " ",
      el("span", { class: "muted" }, t("card_count", { count })),
      manage ? el("span", { class: "board-actions__row" }, rename,
        button(t("rename"), () => request("cluster.rename", { cluster_id: cluster.id, title: rename.value }), { "data-focus": `rename-${cluster.id}` }),
        button(t("move_up"), () => request("cluster.move", { cluster_id: cluster.id, before: ordered[index - 1]?.id ?? null }), {
          "data-focus": `cluster-up-${cluster.id}`, disabled: index === 0, "aria-label": t("cluster_up", { title: cluster.title }),
        }),
        button(t("move_down"), () => request("cluster.move", { cluster_id: cluster.id, before: ordered[index + 2]?.id ?? null }), {
          "data-focus": `cluster-down-${cluster.id}`, disabled: index === ordered.length - 1, "aria-label": t("cluster_down", { title: cluster.title }),
        }),
        button(t("delete"), () => request("cluster.delete", { cluster_id: cluster.id }), { "data-focus": `delete-${cluster.id}`, "aria-label": t("delete_cluster", { title: cluster.title }) })) : null);
  })));
  // A new title being typed stays with its focus when the phase moves on (the server then says why not).
  const form = section.querySelector("form");
  form.hidden = !manage && !form.contains(document.activeElement) && !form.elements.title.value.trim();
  if (!form.hidden) section.hidden = false;
}

export function renderFacilitation() {
  const panel = root.querySelector("[data-facilitation]");
  if (!panel || !rules.facilitator()) return;
  panel.hidden = false;
  panel.querySelector("[data-lock]").textContent = state.board.locked ? t("unlock") : t("lock");
  const silent = panel.querySelector("[data-silent-collect]");
  silent.setAttribute("aria-pressed", state.board.silent_collect ? "true" : "false");
  silent.textContent = state.board.silent_collect ? t("silent_collect_on") : t("silent_collect_off");
  panel.querySelector("[data-silent-collect-help]").textContent = state.board.silent_collect
    ? t(state.board.phase === "collect" ? "silent_help_on_collecting" : "silent_help_on_later") : t("silent_help_off");
  const phase = panel.querySelector("#board-phase");
  // The facilitator's pick stays until it is set (or the board reaches it some other way).
  if (ui.phaseChoice === state.board.phase) ui.phaseChoice = null;
  if (ui.phaseChoice === null && document.activeElement !== phase) phase.value = state.board.phase;
  const people = panel.querySelector("[data-people]");
  people.replaceChildren(...(state.users || []).map((user) => el("li", {},
    user.name, user.organisation ? el("span", { class: "muted" }, ` (${user.organisation})`) : null,
    user.done_writing ? el("span", { class: "board-tag" }, t("done")) : null)));
  const deleted = panel.querySelector("[data-deleted]");
  keepingFocus(deleted, () => deleted.replaceChildren(...[...state.deleted.values()].map((card) => el("li", {},
    `${KIND_LABELS[card.kind]}: „${excerpt(card.text)}“ `,
    button(t("restore"), () => request("card.restore", { card_id: card.id }), { "data-focus": `restore-${card.id}`, "aria-label": t("restore_card", { text: excerpt(card.text) }) })))));
}

export function renderMyDeleted() {
  const section = root.querySelector("[data-my-deleted]");
  if (!section || rules.facilitator()) return;
  const mine = [...state.deleted.values()].filter((card) => card.mine);
  section.hidden = !mine.length || !rules.takePart();
  const list = section.querySelector("ul");
  keepingFocus(list, () => list.replaceChildren(...mine.map((card) => el("li", {},
    `„${excerpt(card.text)}“ `,
    button(t("restore"), () => request("card.restore", { card_id: card.id }), { "data-focus": `restore-${card.id}`, "aria-label": t("restore_card", { text: excerpt(card.text) }) })))));
}

export function showConnection(status) {
  const indicator = root.querySelector("[data-connection]");
  indicator.hidden = false;
  indicator.dataset.connection = status;
  indicator.querySelector("[data-connection-text]").textContent = t(`connection_${status}`);
  if (["offline", "connected", "refused"].includes(status) && indicator.dataset.said !== status) {
    if (indicator.dataset.said || status !== "connected") announce(t(`connection_${status}`));
    indicator.dataset.said = status;
  }
  renderPending();
}
