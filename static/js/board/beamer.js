// The board on the projector, entry module (board_beamer.html). The same state and connection
// as the board page (state.js, connection.js), drawn large and without controls: the facilitator
// drives from their own screen, the beamer follows. While collecting it shows how to join (QR code,
// code, address); during a secret vote no dots; once the board is closed its results.
import { root, boot, KINDS, KIND_LABELS } from "./boot.js";
import { connect } from "./connection.js";
import { el } from "./dom.js";
import { applySnapshot, state } from "./state.js";
import { t } from "./strings.js";
import { secondsLeft } from "./timer.js";
import { view } from "./view.js";

const TOP = 3;
const code = () => (state.board.guest_code && state.board.phase !== "closed" ? state.board.guest_code : null);
const shown = (value) => `${value.slice(0, 3)}-${value.slice(3)}`;
const dotsShown = () => !state.board.votes_hidden && ["vote", "closed"].includes(state.board.phase);

function byline(card) {
  if (card.entered_on_behalf) return card.organisation?.name || "";
  return [card.author?.name, card.organisation?.name].filter(Boolean).join(" · ");
}

function cardElement(card) {
  return el("li", { class: `beamer-card beamer-card--${card.kind}`, "data-card-id": String(card.id) },
    el("p", { class: "beamer-card__text" }, card.text),
    el("p", { class: "beamer-card__byline" }, byline(card)),
    dotsShown() && card.votes !== null ? el("p", { class: "beamer-card__dots" }, t("dots", { count: card.votes })) : null);
}

const byPlace = (a, b) => a.position - b.position || a.id - b.id;

// Each column grouped by cluster (in the clusters' order), the cards in no cluster last.
function column(kind) {
  const cards = [...state.cards.values()].filter((card) => card.kind === kind).sort(byPlace);
  const groups = [...state.clusters.values()].sort(byPlace)
    .map((cluster) => [cluster, cards.filter((card) => card.cluster_id === cluster.id)])
    .filter(([, members]) => members.length);
  const loose = cards.filter((card) => !card.cluster_id || !state.clusters.has(card.cluster_id));
  return el("section", { class: `beamer__column beamer__column--${kind}`, "aria-label": KIND_LABELS[kind] },
    el("h2", {}, KIND_LABELS[kind], " ", el("span", { class: "beamer__count" }, t("card_count", { count: cards.length }))),
    ...groups.map(([cluster, members]) => el("section", { class: "beamer__cluster" },
      el("h3", {}, cluster.title), el("ul", { class: "beamer__cards" }, ...members.map(cardElement)))),
    loose.length ? el("ul", { class: "beamer__cards" }, ...loose.map(cardElement)) : null);
}

function renderJoin() {
  const section = root.querySelector("[data-beamer-join]");
  const current = code();
  section.hidden = !current || state.board.phase !== "collect";
  if (section.hidden) return;
  const address = new URL(`/g/${shown(current)}/`, window.location.origin).href;
  section.querySelector("[data-beamer-code]").textContent = t("guests_code", { code: shown(current) });
  section.querySelector("[data-beamer-address]").textContent = address;
  const qr = section.querySelector("[data-beamer-qr]");
  const source = `${boot.guest_qr_url}?code=${current}`;
  if (qr.getAttribute("src") !== source) qr.setAttribute("src", source);
}

function renderResults() {
  const section = root.querySelector("[data-beamer-results]");
  section.hidden = state.board.phase !== "closed";
  if (section.hidden) return;
  section.querySelector("[data-beamer-top]").replaceChildren(...KINDS.map((kind) => {
    const top = [...state.cards.values()].filter((card) => card.kind === kind && card.votes)
      .sort((a, b) => b.votes - a.votes || byPlace(a, b)).slice(0, TOP);
    return top.length ? el("div", {}, el("h3", {}, t("most_dots", { kind: KIND_LABELS[kind] })),
      el("ol", {}, ...top.map((card) => el("li", {}, card.text, " ", el("span", { class: "beamer-card__dots" }, t("dots", { count: card.votes })))))) : null;
  }).filter(Boolean));
  const chart = section.querySelector("[data-beamer-chart]");
  chart.hidden = !state.clusters.size;
  const source = `${boot.results_chart_url}?seq=${state.seq}`;
  if (!chart.hidden && chart.getAttribute("src") !== source) chart.setAttribute("src", source);
}

function renderStatus() {
  const set = (name, text) => {
    const item = root.querySelector(`[data-beamer="${name}"]`);
    item.textContent = text || "";
    item.hidden = !text;
  };
  set("phase", t("phase", { phase: boot.phases[state.board.phase] }) + (state.board.votes_hidden ? ` · ${t("secret_vote")}` : ""));
  set("cards", t("card_count", { count: state.cards.size + (state.board.hidden_cards || 0) }));
  set("online", state.online !== null ? t("online", { count: state.online }) : "");
  renderClock();
}

function renderClock() {
  const left = secondsLeft();
  const item = root.querySelector('[data-beamer="timer"]');
  item.hidden = left === null;
  if (left !== null) item.textContent = left ? `${String(Math.floor(left / 60)).padStart(2, "0")}:${String(left % 60).padStart(2, "0")}` : t("time_up");
}

function render() {
  renderStatus();
  renderJoin();
  renderResults();
  root.querySelector("[data-beamer-columns]").replaceChildren(...KINDS.map(column));
}

let queued = false;
function renderSoon() {
  if (queued) return;
  queued = true;
  window.requestAnimationFrame(() => {
    queued = false;
    render();
  });
}

function showConnection(status) {
  const indicator = root.querySelector("[data-connection]");
  indicator.dataset.connection = status;
  indicator.querySelector("[data-connection-text]").textContent = status === "connected" ? "" : t(`connection_${status}`);
}

Object.assign(view, { render, renderSoon, renderPresence: renderStatus, showConnection });
applySnapshot(boot.state);
render();
window.setInterval(renderClock, 1000);
connect();
