// The live board client: an ES module without a build step (see docs/board-protocol.md).
//
// The page is rendered by the server and works without JavaScript; this module
// takes it over: it keeps the board's state from the snapshot and the events,
// renders the three columns, queues posts while offline (kept in localStorage,
// sent with their client_id on reconnect, so each card appears once), and
// reconnects with exponential backoff and full jitter, resuming from the last seq.
// User text is only ever inserted as text (textContent), never as HTML.

const root = document.getElementById("board");
const boot = JSON.parse(document.getElementById("board-boot").textContent);
const S = boot.strings;
const KINDS = boot.kinds.map(([value]) => value);
const KIND_LABELS = Object.fromEntries(boot.kinds);
const EXCERPT = 60;

// --- Strings: every text comes translated from the server (ideas/board_page_data.py) ---

function t(key, values = {}) {
  const text = Array.isArray(S[key]) ? S[key][values.count === 1 ? 0 : 1] : S[key];
  return text.replace(/%\((\w+)\)[sd]/g, (_, name) => String(values[name] ?? ""));
}

function excerpt(text) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}

// --- State ---------------------------------------------------------------------

const state = {
  seq: 0,
  board: {},
  me: null,
  cards: new Map(),
  deleted: new Map(),
  links: new Map(),
  comments: new Map(),
  clusters: new Map(),
  online: null,
  users: null,
  clockOffset: 0, // server time minus local time, from timer events
};
const ui = {
  editing: new Set(),      // ids of cards whose text is being edited
  open: new Set(),         // "<card id>:<name>" of open <details>
  drafts: new Map(),       // values of inputs inside cards, kept across re-renders
  errors: new Map(),       // card id → last error message for that card
  requests: new Map(),     // ref → what the request was about
};
let nextRef = 1;

function applySnapshot(snapshot) {
  state.seq = snapshot.seq;
  state.board = snapshot.board;
  state.me = snapshot.me;
  state.cards = new Map(snapshot.cards.map((card) => [card.id, card]));
  state.deleted = new Map(snapshot.deleted_cards.map((card) => [card.id, card]));
  state.links = new Map(snapshot.links.map((link) => [link.id, link]));
  state.comments = new Map(snapshot.comments.map((comment) => [comment.id, comment]));
  state.clusters = new Map(snapshot.clusters.map((cluster) => [cluster.id, cluster]));
  renderAll();
}

function putCard(card) {
  state.cards.set(card.id, card);
  state.deleted.delete(card.id);
  outbox.settle(card.client_id);
}

function removeCard(id) {
  const card = state.cards.get(id);
  state.cards.delete(id);
  for (const [linkId, link] of state.links) {
    if (link.from_card_id === id || link.to_card_id === id) state.links.delete(linkId);
  }
  return card;
}

// Each handler applies one event's data; events carry absolute state, so applying one twice is harmless.
const EVENT_HANDLERS = {
  "card.created": (data) => putCard(data.card),
  "card.updated": (data) => putCard(data.card),
  "card.restored": (data) => putCard(data.card),
  "card.deleted": (data) => {
    const card = removeCard(data.id);
    if (card && (card.mine || state.me?.facilitator)) state.deleted.set(card.id, { ...card, deleted: true });
  },
  "card.moved": (data) => {
    putCard(data.card);
    data.order.forEach((id, index) => {
      const card = state.cards.get(id);
      if (card) card.position = index + 1;
    });
    for (const id of data.removed_links) state.links.delete(id);
  },
  "card.clustered": (data) => {
    const card = state.cards.get(data.id);
    if (card) Object.assign(card, { cluster_id: data.cluster_id, version: data.version });
  },
  "card.merged": (data) => {
    removeCard(data.merged_id);
    putCard(data.card);
    for (const id of data.removed_links) state.links.delete(id);
    for (const link of data.links) state.links.set(link.id, link);
    for (const id of data.moved_comments) {
      const comment = state.comments.get(id);
      if (comment) comment.card_id = data.card.id;
    }
  },
  "link.created": (data) => state.links.set(data.link.id, data.link),
  "link.deleted": (data) => state.links.delete(data.id),
  "comment.created": (data) => state.comments.set(data.comment.id, data.comment),
  "cluster.created": (data) => state.clusters.set(data.cluster.id, data.cluster),
  "cluster.renamed": (data) => state.clusters.set(data.cluster.id, data.cluster),
  "cluster.deleted": (data) => {
    state.clusters.delete(data.id);
    for (const id of data.cards) {
      const card = state.cards.get(id);
      if (card) card.cluster_id = null;
    }
  },
  "vote.cast": applyVote,
  "vote.retracted": applyVote,
  "board.phase_changed": (data) => {
    state.board.phase = data.phase;
    applyVisibilityChange(data);
    if ("done_count" in data) {
      state.board.done_count = data.done_count;
      if (state.me) state.me.done_writing = false;
    }
    announce(t("phase_now", { phase: boot.phases[data.phase] }));
  },
  "board.configured": (data) => {
    const { hidden_cards: hiddenCards, done_count: doneCount } = state.board;
    state.board = { ...data.board, hidden_cards: hiddenCards, done_count: doneCount };
    applyVisibilityChange(data);
  },
  "board.lock_changed": (data) => {
    state.board.locked = data.locked;
    announce(data.locked ? t("locked_now") : t("unlocked_now"));
  },
  "board.timer_set": (data) => {
    state.board.timer_ends_at = data.timer_ends_at;
    state.clockOffset = Date.parse(data.server_time) - Date.now();
    timer.announced = false;
  },
  "participant.done_writing": (data) => {
    state.board.done_count = data.done_count;
    if (data.mine && state.me) state.me.done_writing = data.done;
  },
  // Stubs of cards hidden from this reader (silent collect): only the count changes.
  "card.hidden_created": () => { state.board.hidden_cards += 1; },
  "card.hidden_deleted": () => { state.board.hidden_cards = Math.max(0, state.board.hidden_cards - 1); },
  "card.hidden_restored": () => { state.board.hidden_cards += 1; },
};

function applyVote(data) {
  const card = state.cards.get(data.card_id);
  if (card) card.votes = data.votes;
  if ("my_votes" in data && state.me) {
    state.me.my_votes[String(data.card_id)] = data.my_votes;
    state.me.votes_left = data.votes_left;
  }
}

function applyVisibilityChange(data) {
  for (const card of data.revealed || []) putCard(card);
  if (data.revealed?.length) state.board.hidden_cards = 0;
  for (const id of data.hidden || []) {
    if (removeCard(id)) state.board.hidden_cards += 1;
  }
  state.board.cards_hidden = state.board.phase === "collect" && state.board.silent_collect;
}

function applyEvent(event) {
  const handler = EVENT_HANDLERS[event.name];
  if (handler) handler(event.data);
  if (event.name === "card.created" && !event.data.card.mine && live.synced) newCards.push(event.data.card);
}

// --- Who may do what (mirrors board_operations; the server decides) --------------------

const rules = {
  open: () => state.board.phase !== "closed",
  facilitator: () => Boolean(state.me?.facilitator),
  takePart: () => Boolean(state.me) && rules.open() && (!state.board.locked || rules.facilitator()),
  post: () => rules.takePart() && (state.board.phase === "collect" || rules.facilitator()),
  change: (card) => rules.takePart() && (rules.facilitator() || (
    card.mine && !card.entered_on_behalf && ["collect", "reveal", "cluster"].includes(state.board.phase))),
  arrange: (card) => (state.board.phase === "cluster" ? rules.takePart() : rules.change(card)),
  clusters: () => rules.takePart() && (state.board.phase === "cluster" || rules.facilitator()),
  vote: () => rules.takePart() && state.board.phase === "vote",
  markDone: () => rules.takePart() && state.board.phase === "collect" && !rules.facilitator(),
  merge: () => rules.takePart() && rules.facilitator() && !state.board.cards_hidden,
};

// --- The connection --------------------------------------------------------------

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30000;
const PING_EVERY_MS = 25000;
const PONG_WITHIN_MS = 10000;
const NO_RECONNECT = new Set([4403, 4404]);

const live = {
  socket: null,
  attempt: 0,
  synced: false,
  resuming: false,
  stopped: false,
  retryTimer: null,
  pingTimer: null,
  pongTimer: null,
};

function socketUrl() {
  const url = new URL(boot.socket_path, window.location.href);
  url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  if (state.seq) url.searchParams.set("since", String(state.seq));
  return url;
}

function connect() {
  clearTimeout(live.retryTimer);
  if (live.stopped) return;
  setConnection(live.attempt === 0 ? "connecting" : "reconnecting");
  const socket = new WebSocket(socketUrl());
  live.socket = socket;
  socket.addEventListener("open", () => {
    if (live.socket === socket) live.attempt = 0;
  });
  socket.addEventListener("message", (message) => {
    if (live.socket !== socket) return;
    clearTimeout(live.pongTimer);
    receive(JSON.parse(message.data));
  });
  socket.addEventListener("close", (closing) => {
    if (live.socket !== socket) return;
    forgetSocket();
    if (NO_RECONNECT.has(closing.code)) {
      live.stopped = true;
      setConnection("refused");
      return;
    }
    scheduleReconnect();
  });
}

function forgetSocket() {
  live.socket = null;
  live.synced = false;
  live.resuming = false;
  clearInterval(live.pingTimer);
  clearTimeout(live.pongTimer);
}

// Gives up on the current socket at once: on a dead network its close event may come much later.
function dropSocket() {
  const { socket } = live;
  if (!socket) return;
  forgetSocket();
  socket.close();
  scheduleReconnect();
}

// Full jitter: a random wait between 0 and the exponential ceiling, so that a
// server restart does not bring the whole room back in the same millisecond.
function scheduleReconnect() {
  if (!navigator.onLine) {
    setConnection("offline");
    return; // the "online" event reconnects
  }
  setConnection("reconnecting");
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** live.attempt);
  live.attempt += 1;
  live.retryTimer = setTimeout(connect, Math.random() * ceiling);
}

function send(message) {
  if (live.socket?.readyState !== WebSocket.OPEN) return false;
  live.socket.send(JSON.stringify(message));
  return true;
}

// A request about something on the board; `about` says what to do with its error or ack.
function request(type, fields, about = {}) {
  const ref = `r${nextRef++}`;
  ui.requests.set(ref, { type, ...about });
  if (!live.synced || !send({ type, ref, ...fields })) {
    ui.requests.delete(ref);
    showError(about.cardId, t("not_connected"));
    return null;
  }
  return ref;
}

function startPinging() {
  clearInterval(live.pingTimer);
  live.pingTimer = setInterval(() => {
    if (!send({ type: "ping" })) return;
    // A socket that stays silent after a ping is dead (flaky Wi-Fi): close it and reconnect.
    clearTimeout(live.pongTimer);
    live.pongTimer = setTimeout(dropSocket, PONG_WITHIN_MS);
  }, PING_EVERY_MS);
}

function receive(message) {
  switch (message.type) {
    case "snapshot":
      applySnapshot(message);
      break;
    case "event":
      if (message.seq <= state.seq) return;
      if (message.seq > state.seq + 1) {
        // Something was lost on the way: ask for everything after the last seq we have.
        if (!live.resuming && send({ type: "resume", since: state.seq })) live.resuming = true;
        return;
      }
      applyEvent(message);
      state.seq = message.seq;
      scheduleRender();
      break;
    case "synced": {
      const firstSync = !live.synced;
      state.seq = Math.max(state.seq, message.seq);
      live.synced = true;
      live.resuming = false;
      if (firstSync) {
        setConnection("connected");
        startPinging();
        outbox.flush();
      }
      break;
    }
    case "ack":
      settleRequest(message.ref, null);
      break;
    case "error":
      settleRequest(message.ref, message);
      break;
    case "presence":
      state.online = message.online;
      state.users = message.users ?? null;
      renderStatus();
      renderFacilitation();
      break;
    default:
      break;
  }
}

function settleRequest(ref, error) {
  const about = ui.requests.get(ref);
  ui.requests.delete(ref);
  if (about?.type === "card.create") {
    if (error) outbox.fail(about.clientId, error);
    else outbox.acked(about.clientId);
    return;
  }
  if (!error) {
    root.querySelector("[data-board-error]").textContent = "";
    if (about?.cardId) ui.errors.delete(about.cardId);
    if (about?.onAck) about.onAck();
    return;
  }
  if (error.code === "version_conflict" && about?.cardId) ui.editing.delete(about.cardId);
  showError(about?.cardId, error.message);
}

function showError(cardId, message) {
  if (cardId && state.cards.has(cardId)) {
    ui.errors.set(cardId, message);
    renderCard(state.cards.get(cardId));
  } else {
    root.querySelector("[data-board-error]").textContent = message;
  }
  announce(message);
}

window.addEventListener("offline", () => {
  dropSocket();
  setConnection("offline");
});
window.addEventListener("online", () => {
  live.attempt = 0;
  if (!live.socket && !live.stopped) connect();
});

// --- Posts written while offline: kept until the server has them ---------------------------

const outbox = {
  key: `netzwerkstatt:board:${boot.board_id}:user:${boot.user_id}:outbox`,
  items: [],

  load() {
    try {
      this.items = JSON.parse(window.localStorage.getItem(this.key) || "[]");
    } catch {
      this.items = [];
    }
  },
  save() {
    try {
      window.localStorage.setItem(this.key, JSON.stringify(this.items));
    } catch {
      // Private mode or full storage: the queue still lives in memory.
    }
  },
  add(message) {
    this.items.push({ message, error: null });
    this.save();
    renderPending();
    this.flush();
  },
  flush() {
    if (!live.synced) {
      renderPending();
      return;
    }
    for (const item of this.items) {
      if (item.error || item.sentRef) continue;
      const ref = `r${nextRef++}`;
      ui.requests.set(ref, { type: "card.create", clientId: item.message.client_id });
      if (send({ ...item.message, ref })) item.sentRef = ref;
    }
    renderPending();
  },
  // The card is on the board: forget it.
  settle(clientId) {
    const before = this.items.length;
    this.items = this.items.filter((item) => item.message.client_id !== clientId);
    if (this.items.length !== before) {
      this.save();
      renderPending();
    }
  },
  // Stored on the server; it stays shown as pending until its event arrives, so it never blinks out.
  acked(clientId) {
    const item = this.items.find((entry) => entry.message.client_id === clientId);
    if (item) announce(t("card_saved"));
  },
  fail(clientId, error) {
    const item = this.items.find((entry) => entry.message.client_id === clientId);
    if (!item) return;
    delete item.sentRef;
    if (error.code === "rate_limited") {
      setTimeout(() => this.flush(), 2000);
      return;
    }
    item.error = error.message;
    this.save();
    renderPending();
    announce(t("card_not_saved", { message: error.message }));
  },
  discard(clientId) {
    this.items = this.items.filter((item) => item.message.client_id !== clientId);
    this.save();
    renderPending();
  },
};

// Sent items lose their ref on a new connection: they are sent again (the server acks retries).
function forgetSentRefs() {
  for (const item of outbox.items) delete item.sentRef;
}

function newClientId() {
  if (window.crypto.randomUUID) return window.crypto.randomUUID();
  // Plain http on a local network is not a secure context: build a v4 UUID by hand.
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// --- Announcements: one polite status region ---------------------------------------------

const statusRegion = document.getElementById("board-status");
const newCards = [];
let announceTimer = null;

function announce(text) {
  // Changing the text (after clearing it) makes screen readers read it, politely.
  statusRegion.textContent = "";
  window.setTimeout(() => { statusRegion.textContent = text; }, 50);
}

function announceNewCards() {
  if (!newCards.length || announceTimer) return;
  announceTimer = window.setTimeout(() => {
    announceTimer = null;
    if (newCards.length === 1) {
      const [card] = newCards;
      announce(t("new_card", { kind: KIND_LABELS[card.kind], text: excerpt(card.text) }));
    } else {
      announce(t("new_cards", { count: newCards.length }));
    }
    newCards.length = 0;
  }, 1000);
}

// --- Rendering ---------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
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

function button(label, onClick, attributes = {}) {
  return el("button", { type: "button", class: "board-button", onclick: onClick, ...attributes }, label);
}

// Keeps a value typed into a card's form across re-renders of that card.
function drafted(element, key, initial = "") {
  element.dataset.draft = key;
  element.value = ui.drafts.has(key) ? ui.drafts.get(key) : initial;
  const keep = () => ui.drafts.set(key, element.value);
  element.addEventListener("input", keep);
  element.addEventListener("change", keep);
  return element;
}

function orderedCards(kind) {
  return [...state.cards.values()]
    .filter((card) => card.kind === kind)
    .sort((a, b) => a.position - b.position || a.id - b.id);
}

function cardText(id) {
  const card = state.cards.get(id);
  return card ? excerpt(card.text) : "…";
}

function byline(card) {
  const parts = [];
  if (card.entered_on_behalf) {
    parts.push(card.on_behalf_name ? t("entered_for", { name: card.on_behalf_name }) : t("entered_for_someone"));
  } else if (card.author) {
    parts.push(card.author.name);
  }
  if (card.organisation) parts.push(card.organisation.name);
  if (!parts.length) parts.push(t("anonymous"));
  return parts.join(" · ");
}

function relationLabel(link, cardId) {
  const outgoing = link.from_card_id === cardId;
  const key = `${link.relation}_${outgoing ? "to" : "from"}`;
  return { label: t(key), other: outgoing ? link.to_card_id : link.from_card_id };
}

function cardView(card) {
  const myDots = state.me?.my_votes?.[String(card.id)] || 0;
  const details = [];
  if (card.building_block) details.push(el("span", { class: "board-tag board-tag--block", title: card.building_block.title }, card.building_block.code));
  if (card.target_group) details.push(el("span", { class: "board-tag" }, card.target_group.name));
  for (const tag of card.tags) details.push(el("span", { class: "board-tag" }, `#${tag}`));
  const cluster = card.cluster_id && state.clusters.get(card.cluster_id);
  const links = [...state.links.values()].filter((link) => link.from_card_id === card.id || link.to_card_id === card.id);
  const comments = [...state.comments.values()].filter((comment) => comment.card_id === card.id);

  return [
    cluster ? el("p", { class: "board-card__cluster" }, t("in_cluster", { title: cluster.title })) : null,
    el("p", { class: "board-card__text", id: `card-${card.id}-text` }, card.text),
    card.merged_texts.length ? el("ul", { class: "board-card__merged", "aria-label": t("merged_texts") },
      ...card.merged_texts.map((text) => el("li", {}, text))) : null,
    el("p", { class: "board-card__byline" }, byline(card)),
    details.length ? el("p", { class: "board-card__tags" }, ...details) : null,
    links.length ? el("ul", { class: "board-card__links", "aria-label": t("links") }, ...links.map((link) => {
      const { label, other } = relationLabel(link, card.id);
      // Links are removed by whoever made them, the author of their first card, or a facilitator.
      const canUnlink = rules.takePart() && (rules.facilitator() || state.cards.get(link.from_card_id)?.mine);
      return el("li", {}, `${label} `, el("a", { href: `#card-${other}` }, `„${cardText(other)}“`),
        canUnlink ? button(t("unlink"), () => request("link.delete", { link_id: link.id }, { cardId: card.id }),
          { class: "board-button board-button--small", "data-focus": `unlink-${link.id}`, "aria-label": t("unlink_from", { text: cardText(other) }) }) : null);
    })) : null,
    card.votes || ["vote", "closed"].includes(state.board.phase) ? el("p", { class: "board-card__votes" },
      t("dots", { count: card.votes }),
      myDots ? el("span", { class: "board-card__mine" }, ` ${t("of_them_mine", { count: myDots })}`) : null) : null,
  ].concat(commentsPart(card, comments));
}

function commentsPart(card, comments) {
  if (!comments.length && !rules.takePart()) return [];
  const key = `${card.id}:comments`;
  const textarea = drafted(el("textarea", { id: `comment-${card.id}`, rows: "2", maxlength: "1000", "data-focus": "comment-text" }), `comment:${card.id}`);
  const form = rules.takePart() ? el("form", {
    class: "board-inline-form",
    onsubmit: (submit) => {
      submit.preventDefault();
      const text = textarea.value.trim();
      if (!text) return;
      request("comment.create", { card_id: card.id, text }, { cardId: card.id, onAck: () => ui.drafts.delete(`comment:${card.id}`) });
    },
  }, el("label", { for: `comment-${card.id}` }, t("your_comment")), textarea,
  el("button", { type: "submit", class: "board-button", "data-focus": "comment-send" }, t("send_comment"))) : null;
  return [el("details", { class: "board-card__comments", open: ui.open.has(key), "data-open": key },
    el("summary", { "data-focus": "comments" }, t("comments", { count: comments.length })),
    comments.length ? el("ul", {}, ...comments.map((comment) => el("li", {},
      el("span", { class: "board-card__comment-text" }, comment.text), " ",
      el("span", { class: "muted" }, `— ${[comment.author?.name, comment.organisation?.name].filter(Boolean).join(", ") || t("anonymous")}`)))) : null,
    form)];
}

function voteButtons(card) {
  if (!rules.vote()) return null;
  const myDots = state.me?.my_votes?.[String(card.id)] || 0;
  const short = excerpt(card.text);
  return el("div", { class: "board-card__vote" },
    button(t("give_dot"), () => request("vote.cast", { card_id: card.id }, { cardId: card.id }), {
      "data-focus": "vote", "aria-label": t("give_dot_on", { text: short }), disabled: state.me.votes_left <= 0 && !rules.facilitator(),
    }),
    myDots ? button(t("take_dot_back"), () => request("vote.retract", { card_id: card.id }, { cardId: card.id }), {
      "data-focus": "retract", "aria-label": t("take_dot_back_from", { text: short }),
    }) : null,
    rules.facilitator() ? button(t("dot_on_behalf"), () => request("vote.cast", { card_id: card.id, on_behalf: true }, { cardId: card.id }), {
      "data-focus": "vote-behalf", "aria-label": t("dot_on_behalf_on", { text: short }),
    }) : null);
}

function linkTargets(card) {
  const linked = new Set([...state.links.values()].flatMap((link) => (
    link.from_card_id === card.id ? [link.to_card_id] : link.to_card_id === card.id ? [link.from_card_id] : [])));
  const fits = { need: ["gap", "draft"], gap: ["need", "draft"], draft: ["need", "gap"] }[card.kind];
  return [...state.cards.values()].filter((other) => fits.includes(other.kind) && !linked.has(other.id));
}

function linkFields(card, other) {
  // A gap answers a need; a draft addresses a gap or a need.
  if (card.kind === "draft" || other.kind === "draft") {
    const [from, to] = card.kind === "draft" ? [card, other] : [other, card];
    return { from_card_id: from.id, to_card_id: to.id, relation: "addresses" };
  }
  const [from, to] = card.kind === "gap" ? [card, other] : [other, card];
  return { from_card_id: from.id, to_card_id: to.id, relation: "answers" };
}

function selectField(id, label, options, draftKey) {
  const select = drafted(el("select", { id, "data-focus": id.replace(/-\d+$/, "") },
    ...options.map(([value, text]) => el("option", { value: String(value) }, text))), draftKey, options[0] ? String(options[0][0]) : "");
  return [el("label", { for: id }, label), select];
}

function actionsPart(card) {
  const canChange = rules.change(card);
  const canArrange = rules.arrange(card);
  const canLink = rules.takePart();
  const canCluster = canArrange && state.clusters.size > 0;
  const canMerge = rules.merge();
  if (!canChange && !canArrange && !canLink && !canMerge) return null;
  const key = `${card.id}:actions`;
  const parts = [];
  const column = orderedCards(card.kind);
  const index = column.findIndex((other) => other.id === card.id);

  if (canChange) {
    parts.push(el("div", { class: "board-actions__row" },
      button(t("edit"), () => { ui.editing.add(card.id); renderCard(card, "edit-text"); }, { "data-focus": "edit" }),
      button(t("delete"), () => request("card.delete", { card_id: card.id }, { cardId: card.id }), { "data-focus": "delete" })));
  }
  if (canArrange) {
    const before = index > 0 ? column[index - 1].id : null;
    const afterNext = index + 2 < column.length ? column[index + 2].id : null;
    parts.push(el("div", { class: "board-actions__row" },
      button(t("move_up"), () => request("card.move", { card_id: card.id, before }, { cardId: card.id }), { "data-focus": "up", disabled: index <= 0 }),
      button(t("move_down"), () => request("card.move", { card_id: card.id, before: afterNext }, { cardId: card.id }), { "data-focus": "down", disabled: index === column.length - 1 })));
  }
  if (canChange) {
    parts.push(el("div", { class: "board-actions__row" }, ...KINDS.filter((kind) => kind !== card.kind).map((kind) => button(
      t("move_to", { column: KIND_LABELS[kind] }),
      () => request("card.move", { card_id: card.id, kind }, { cardId: card.id }), { "data-focus": `to-${kind}` }))));
  }
  if (canCluster) {
    const options = [["", t("no_cluster")], ...[...state.clusters.values()].map((cluster) => [cluster.id, cluster.title])];
    const [label, select] = selectField(`cluster-${card.id}`, t("cluster"), options, `cluster:${card.id}`);
    if (!ui.drafts.has(`cluster:${card.id}`)) select.value = String(card.cluster_id ?? "");
    parts.push(el("div", { class: "board-actions__row" }, label, select, button(t("assign_cluster"), () => request(
      "card.cluster", { card_id: card.id, cluster_id: select.value ? Number(select.value) : null }, { cardId: card.id }), { "data-focus": "cluster-set" })));
  }
  if (canLink) {
    const targets = linkTargets(card);
    if (targets.length) {
      const options = targets.map((other) => [other.id, `${KIND_LABELS[other.kind]}: ${excerpt(other.text)}`]);
      const [label, select] = selectField(`link-${card.id}`, t("link_with"), options, `link:${card.id}`);
      parts.push(el("div", { class: "board-actions__row" }, label, select, button(t("link"), () => {
        const other = state.cards.get(Number(select.value));
        if (other) request("link.create", linkFields(card, other), { cardId: card.id });
      }, { "data-focus": "link-set" })));
    }
  }
  if (canMerge) {
    const others = [...state.cards.values()].filter((other) => other.id !== card.id && other.kind === card.kind);
    if (others.length) {
      const [label, select] = selectField(`merge-${card.id}`, t("merge_into_this"), others.map((other) => [other.id, excerpt(other.text)]), `merge:${card.id}`);
      parts.push(el("div", { class: "board-actions__row" }, label, select, button(t("merge"), () => request(
        "card.merge", { card_id: card.id, other_id: Number(select.value) }, { cardId: card.id }), { "data-focus": "merge-set" })));
    }
  }
  return el("details", { class: "board-card__actions", open: ui.open.has(key), "data-open": key },
    el("summary", { "data-focus": "actions", "aria-label": t("actions_for", { text: excerpt(card.text) }) }, t("actions")),
    ...parts);
}

function editForm(card) {
  const textarea = drafted(el("textarea", { id: `edit-${card.id}`, rows: "3", maxlength: "1000", "data-focus": "edit-text" }), `edit:${card.id}`, card.text);
  const tags = drafted(el("input", { type: "text", id: `edit-tags-${card.id}`, maxlength: "600" }), `edit-tags:${card.id}`, card.tags.join(", "));
  const none = [["", t("none")]];
  const [blockLabel, block] = selectField(`edit-block-${card.id}`, t("building_block"), none.concat(boot.building_blocks), `edit-block:${card.id}`);
  const [groupLabel, group] = selectField(`edit-group-${card.id}`, t("target_group"), none.concat(boot.target_groups), `edit-group:${card.id}`);
  if (!ui.drafts.has(`edit-block:${card.id}`)) block.value = String(card.building_block?.id ?? "");
  if (!ui.drafts.has(`edit-group:${card.id}`)) group.value = String(card.target_group?.id ?? "");
  const stop = () => {
    ui.editing.delete(card.id);
    for (const key of ["edit", "edit-tags", "edit-block", "edit-group"]) ui.drafts.delete(`${key}:${card.id}`);
    // The card as it is now: its update may have arrived before the ack.
    renderCard(state.cards.get(card.id) || card, "edit");
  };
  return el("form", {
    class: "board-inline-form",
    onsubmit: (submit) => {
      submit.preventDefault();
      request("card.edit", {
        card_id: card.id,
        version: card.version,
        text: textarea.value,
        tags: tags.value.split(",").map((tag) => tag.trim()).filter(Boolean),
        building_block: block.value ? Number(block.value) : null,
        target_group: group.value ? Number(group.value) : null,
      }, { cardId: card.id, onAck: stop });
    },
    onkeydown: (key) => { if (key.key === "Escape") stop(); },
  }, el("label", { for: textarea.id }, t("edit_text")), textarea,
  el("label", { for: tags.id }, t("tags")), tags,
  blockLabel, block, groupLabel, group,
  el("div", { class: "board-actions__row" },
    el("button", { type: "submit", class: "board-button", "data-focus": "edit-save" }, t("save")),
    button(t("cancel"), stop, { "data-focus": "edit-cancel" })));
}

function cardElement(card) {
  const error = ui.errors.get(card.id);
  return el("li", {
    class: `board-card board-card--${card.kind}${card.mine ? " board-card--mine" : ""}`,
    id: `card-${card.id}`, "data-card-id": String(card.id), "aria-labelledby": `card-${card.id}-text`,
  },
  ...(ui.editing.has(card.id) ? [editForm(card)] : cardView(card)),
  error ? el("p", { class: "board-card__error" }, error) : null,
  voteButtons(card),
  actionsPart(card));
}

// Focuses the control `key` in a card element, or the card's actions when that control is gone or disabled.
function focusIn(cardElement, key) {
  const wanted = key && cardElement.querySelector(`[data-focus="${key}"]`);
  const target = wanted && !wanted.disabled ? wanted : cardElement.querySelector("[data-focus=actions]");
  target?.focus();
  return Boolean(target);
}

// Re-renders one card in place. Focus stays where it was: on the same control of the same card.
function renderCard(card, focusKey = null) {
  const list = root.querySelector(`[data-column="${card.kind}"] .board-cards`);
  const old = document.getElementById(`card-${card.id}`);
  const focused = old?.contains(document.activeElement) ? document.activeElement.dataset.focus : null;
  const fresh = cardElement(card);
  const column = orderedCards(card.kind);
  signatures.set(fresh, signature(card, column.findIndex((other) => other.id === card.id), column.length));
  if (old) old.replaceWith(fresh);
  else list?.append(fresh);
  const key = focusKey || focused;
  if (key) focusIn(fresh, key);
}

// What a card's element shows; an element whose signature has not changed is kept as it is, so
// that typing, the caret and focus inside it are never disturbed by other people's changes.
const signatures = new WeakMap(); // card element → the signature it was rendered from

function signature(card, index, length) {
  const links = [...state.links.values()].filter((link) => link.from_card_id === card.id || link.to_card_id === card.id);
  const comments = [...state.comments.values()].filter((comment) => comment.card_id === card.id);
  const actionsOpen = ui.open.has(`${card.id}:actions`);
  return JSON.stringify([
    card, links, comments, links.map((link) => cardText(link.from_card_id) + cardText(link.to_card_id)),
    card.cluster_id && state.clusters.get(card.cluster_id)?.title,
    state.me?.my_votes?.[String(card.id)], state.me?.votes_left > 0, ui.errors.get(card.id), ui.editing.has(card.id),
    state.board.phase, state.board.locked, state.board.cards_hidden, index === 0, index === length - 1,
    // The selects in an open actions panel list the other cards and clusters.
    actionsOpen && [[...state.clusters.values()], [...state.cards.values()].map((other) => [other.id, other.text])],
  ]);
}

function renderColumns() {
  const active = document.activeElement;
  const focusedCard = active?.closest?.("[data-card-id]");
  const focus = focusedCard ? { id: focusedCard.dataset.cardId, key: active.dataset.focus, column: focusedCard.closest("[data-column]") } : null;
  root.querySelectorAll(".board-card--pending").forEach((element) => element.remove());

  for (const kind of KINDS) {
    const column = root.querySelector(`[data-column="${kind}"]`);
    const list = column.querySelector(".board-cards");
    const cards = orderedCards(kind);
    const existing = new Map([...list.children].map((element) => [element.dataset.cardId, element]));
    const wanted = cards.map((card, index) => {
      const mark = signature(card, index, cards.length);
      const element = existing.get(String(card.id));
      if (element && signatures.get(element) === mark) return element;
      const fresh = cardElement(card);
      signatures.set(fresh, mark);
      if (element) {
        element.replaceWith(fresh);
        if (element.contains(active)) focusIn(fresh, active.dataset.focus);
      }
      return fresh;
    });
    // Move only what is out of place: a focused card that keeps its place is never detached.
    wanted.forEach((element, index) => {
      if (list.children[index] !== element) list.insertBefore(element, list.children[index] || null);
    });
    while (list.children.length > wanted.length) list.lastElementChild.remove();
    column.querySelector("[data-count]").textContent = t("card_count", { count: cards.length });
  }
  for (const id of ui.errors.keys()) if (!state.cards.has(id)) ui.errors.delete(id);
  renderPending();

  if (focus && (document.activeElement === document.body || !document.activeElement)) {
    const card = document.getElementById(`card-${focus.id}`);
    // The card itself is gone (deleted, merged): keep the reader in its column.
    if (!card || !focusIn(card, focus.key)) focus.column?.querySelector("h2")?.focus();
  }
}

function renderPending() {
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

function renderStatus() {
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
  renderTimer();

  const postSection = root.querySelector("[data-post]");
  if (postSection) {
    postSection.querySelector("form").hidden = !rules.post();
    postSection.querySelector("[data-post-closed]").hidden = rules.post();
  }
  const done = root.querySelector("[data-done-writing]");
  if (done) {
    done.hidden = !rules.markDone();
    done.setAttribute("aria-pressed", state.me?.done_writing ? "true" : "false");
  }
}

const timer = { announced: false, element: null };

function renderTimer() {
  timer.element ||= root.querySelector('[data-status="timer"]');
  const ends = state.board.timer_ends_at ? Date.parse(state.board.timer_ends_at) : null;
  if (!ends) {
    timer.element.hidden = true;
    return;
  }
  const left = Math.max(0, Math.round((ends - (Date.now() + state.clockOffset)) / 1000));
  const minutes = String(Math.floor(left / 60)).padStart(2, "0");
  const seconds = String(left % 60).padStart(2, "0");
  timer.element.hidden = false;
  timer.element.textContent = left ? t("time_left", { time: `${minutes}:${seconds}` }) : t("time_up");
  if (!left && !timer.announced) {
    timer.announced = true;
    announce(t("time_up"));
  }
}

function renderClusters() {
  const section = root.querySelector("[data-clusters]");
  const manage = rules.clusters();
  section.hidden = !state.clusters.size && !manage;
  const list = section.querySelector("ul");
  list.replaceChildren(...[...state.clusters.values()].sort((a, b) => a.position - b.position || a.id - b.id).map((cluster) => {
    const count = [...state.cards.values()].filter((card) => card.cluster_id === cluster.id).length;
    const rename = manage ? drafted(el("input", { type: "text", id: `cluster-title-${cluster.id}`, maxlength: "200", "aria-label": t("new_title_for", { title: cluster.title }) }), `cluster-title:${cluster.id}`, cluster.title) : null;
    return el("li", { class: "board-cluster" },
      el("span", { class: "board-cluster__title" }, cluster.title), " ",
      el("span", { class: "muted" }, t("card_count", { count })),
      manage ? el("span", { class: "board-actions__row" }, rename,
        button(t("rename"), () => request("cluster.rename", { cluster_id: cluster.id, title: rename.value })),
        button(t("delete"), () => request("cluster.delete", { cluster_id: cluster.id }), { "aria-label": t("delete_cluster", { title: cluster.title }) })) : null);
  }));
  section.querySelector("form").hidden = !manage;
}

function renderFacilitation() {
  const panel = root.querySelector("[data-facilitation]");
  if (!panel || !rules.facilitator()) return;
  panel.hidden = false;
  panel.querySelector("[data-lock]").textContent = state.board.locked ? t("unlock") : t("lock");
  const phase = panel.querySelector("#board-phase");
  if (document.activeElement !== phase) phase.value = state.board.phase;
  const people = panel.querySelector("[data-people]");
  people.replaceChildren(...(state.users || []).map((user) => el("li", {},
    user.name, user.organisation ? el("span", { class: "muted" }, ` (${user.organisation})`) : null,
    user.done_writing ? el("span", { class: "board-tag" }, t("done")) : null)));
  const deleted = panel.querySelector("[data-deleted]");
  deleted.replaceChildren(...[...state.deleted.values()].map((card) => el("li", {},
    `${KIND_LABELS[card.kind]}: „${excerpt(card.text)}“ `,
    button(t("restore"), () => request("card.restore", { card_id: card.id }), { "aria-label": t("restore_card", { text: excerpt(card.text) }) }))));
}

function renderMyDeleted() {
  const section = root.querySelector("[data-my-deleted]");
  if (!section || rules.facilitator()) return;
  const mine = [...state.deleted.values()].filter((card) => card.mine);
  section.hidden = !mine.length || !rules.takePart();
  section.querySelector("ul").replaceChildren(...mine.map((card) => el("li", {},
    `„${excerpt(card.text)}“ `,
    button(t("restore"), () => request("card.restore", { card_id: card.id }), { "aria-label": t("restore_card", { text: excerpt(card.text) }) }))));
}

function renderAll() {
  renderColumns();
  renderStatus();
  renderClusters();
  renderFacilitation();
  renderMyDeleted();
  announceNewCards();
}

// Many events can arrive in one burst (resume): render once per frame.
let renderQueued = false;
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  window.requestAnimationFrame(() => {
    renderQueued = false;
    renderAll();
  });
}

function setConnection(status) {
  const indicator = root.querySelector("[data-connection]");
  indicator.hidden = false;
  indicator.dataset.connection = status;
  indicator.querySelector("[data-connection-text]").textContent = t(`connection_${status}`);
  if (status !== "connected") forgetSentRefs();
  if (["offline", "connected", "refused"].includes(status) && indicator.dataset.said !== status) {
    if (indicator.dataset.said || status !== "connected") announce(t(`connection_${status}`));
    indicator.dataset.said = status;
  }
  renderPending();
}

// --- Wiring the server-rendered controls ----------------------------------------------------

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
  facilitation.querySelector("[data-phase-form]").addEventListener("submit", (submit) => {
    submit.preventDefault();
    request("board.set_phase", { phase: facilitation.querySelector("#board-phase").value });
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

// --- Start ------------------------------------------------------------------------------------

root.classList.add("board--live");
outbox.load();
applySnapshot(boot.state);
window.setInterval(renderTimer, 1000);
connect();
