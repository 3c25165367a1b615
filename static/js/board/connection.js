// The WebSocket to the board: connect, resume from the last seq, reconnect with exponential
// backoff and full jitter (never after 4403/4404, later after 4429, soon after 1012/1013), and a ping
// that detects a dead connection.
import { announce, newCards } from "./announce.js";
import { boot } from "./boot.js";
import { outbox } from "./outbox.js";
import { takeEarlySocket } from "./socket_start.js";
import { state, ui, applySnapshot, applyEvent } from "./state.js";
import { t } from "./strings.js";
import { view } from "./view.js";

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30000;
const PING_EVERY_MS = 25000;
const PONG_WITHIN_MS = 10000;
const NO_RECONNECT = new Set([4403, 4404]);
// 4429, too many connections: a place frees up only when another tab closes or the sockets of a
// worker that died stop counting (three 5 s heartbeats), so ask again no sooner than that.
const RETRY_LATER = new Set([4429]);
const RETRY_LATER_MS = 15000;
// 1012 (the server restarts) and 1013 (it cannot reach its channel layer, Redis, for now):
// outages of seconds, so the waits stay short enough to be back soon after the server is.
const BRIEF_OUTAGE = new Set([1012, 1013]);
const BRIEF_OUTAGE_CAP_MS = 4000;
// The backoff starts again from the bottom only after a connection that synced and lasted:
// a server that accepts and drops every socket at once is not asked again at full speed.
const STABLE_AFTER_MS = 10000;

let nextRef = 1;

// A fresh ref for a request: the server echoes it in the ack or error.
export function newRef() {
  return `r${nextRef++}`;
}

export const live = {
  socket: null,
  attempt: 0,
  synced: false,
  resuming: false,
  stopped: false,
  retryTimer: null,
  pingTimer: null,
  pongTimer: null,
  stableTimer: null,
};

function socketUrl() {
  const url = new URL(boot.socket_path, window.location.href);
  url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  if (state.seq) url.searchParams.set("since", String(state.seq));
  return url;
}

export function connect() {
  clearTimeout(live.retryTimer);
  if (live.stopped) return;
  setConnection(live.attempt === 0 ? "connecting" : "reconnecting");
  const url = socketUrl();
  // The first time, the socket the page opened while the modules loaded (socket_start.js), if any.
  const early = live.attempt === 0 ? takeEarlySocket(url) : null;
  const socket = early ? early.socket : new WebSocket(url);
  live.socket = socket;
  const onMessage = (message) => {
    if (live.socket !== socket) return;
    clearTimeout(live.pongTimer);
    receive(JSON.parse(message.data));
  };
  const onClose = (closing) => {
    if (live.socket !== socket) return;
    forgetSocket();
    if (NO_RECONNECT.has(closing.code)) {
      live.stopped = true;
      setConnection("refused");
      return;
    }
    if (RETRY_LATER.has(closing.code)) scheduleReconnect(RETRY_LATER_MS);
    else if (BRIEF_OUTAGE.has(closing.code)) scheduleReconnect(0, BRIEF_OUTAGE_CAP_MS);
    else scheduleReconnect();
  };
  socket.addEventListener("message", onMessage);
  socket.addEventListener("close", onClose);
  if (early) {
    // What the early socket heard before this module ran, in order, as if it were arriving now.
    for (const message of early.received) onMessage(message);
    if (early.closing) onClose(early.closing);
  }
}

function forgetSocket() {
  outbox.forgetSentRefs();
  live.socket = null;
  live.synced = false;
  live.resuming = false;
  clearInterval(live.pingTimer);
  clearTimeout(live.pongTimer);
  clearTimeout(live.stableTimer);
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
// server restart does not bring the whole room back in the same millisecond; after `atLeastMs`.
function scheduleReconnect(atLeastMs = 0, capMs = BACKOFF_CAP_MS) {
  if (!navigator.onLine) {
    setConnection("offline");
    return; // the "online" event reconnects
  }
  setConnection("reconnecting");
  const ceiling = Math.min(capMs, BACKOFF_BASE_MS * 2 ** live.attempt);
  live.attempt += 1;
  live.retryTimer = setTimeout(connect, atLeastMs + Math.random() * ceiling);
}

export function send(message) {
  if (live.socket?.readyState !== WebSocket.OPEN) return false;
  live.socket.send(JSON.stringify(message));
  return true;
}

// A request about something on the board; `about` says what to do with its error or ack.
export function request(type, fields, about = {}) {
  const ref = newRef();
  ui.requests.set(ref, { type, ...about });
  if (!live.synced || !send({ type, ref, ...fields })) {
    ui.requests.delete(ref);
    view.showError(about.cardId, t("not_connected"));
    announce(t("not_connected"));
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
      outbox.settleArrived();
      view.render();
      view.boardChanged();
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
      if (message.name === "card.created") {
        if (!message.data.card.mine && live.synced) newCards.push(message.data.card);
        outbox.settleArrived();
      } else if (message.data?.card || message.data?.revealed) {
        outbox.settleArrived();
      }
      view.renderSoon();
      view.boardChanged();
      break;
    case "synced": {
      const firstSync = !live.synced;
      state.seq = Math.max(state.seq, message.seq);
      live.synced = true;
      live.resuming = false;
      if (firstSync) {
        setConnection("connected");
        live.stableTimer = setTimeout(() => { live.attempt = 0; }, STABLE_AFTER_MS);
        startPinging();
        flushOutbox();
        view.firstSynced();
      }
      view.boardChanged();
      break;
    }
    case "ack":
      settleRequest(message.ref, null, message);
      break;
    case "error":
      settleRequest(message.ref, message);
      break;
    case "presence":
      state.online = message.online;
      state.users = message.users ?? null;
      view.renderPresence();
      break;
    default:
      break;
  }
}

function settleRequest(ref, error, ack = null) {
  const about = ui.requests.get(ref);
  ui.requests.delete(ref);
  if (about?.type === "card.create") {
    settlePost(about.clientId, error, ack);
    return;
  }
  if (!error) {
    view.clearError(about?.cardId);
    if (about?.onAck) about.onAck();
    return;
  }
  if (error.code === "version_conflict" && about?.cardId) ui.editing.delete(about.cardId);
  if (about?.onError) about.onError(error);
  view.showError(about?.cardId, error.message);
  announce(error.message);
}

// Sends every queued post that is not on its way yet; called after each sync and each new post.
export function flushOutbox() {
  if (live.synced) {
    for (const item of outbox.items) {
      if (item.error || item.sentRef) continue;
      const ref = newRef();
      ui.requests.set(ref, { type: "card.create", clientId: item.message.client_id });
      if (send({ ...item.message, ref })) item.sentRef = ref;
    }
  }
  view.renderPending();
}

// The server's answer to a post. Stored: it stays shown as pending until its event arrives,
// so it never blinks out. Refused: kept with the reason; too fast: sent again shortly.
function settlePost(clientId, error, ack) {
  const item = outbox.find(clientId);
  if (!item) return;
  delete item.sentRef;
  if (!error) {
    announce(t("card_saved"));
    view.postSaved(ack?.id);
  } else if (error.code === "rate_limited") {
    setTimeout(flushOutbox, 2000);
  } else {
    outbox.fail(clientId, error.message);
    announce(t("card_not_saved", { message: error.message }));
  }
}

function setConnection(status) {
  view.showConnection(status);
}

window.addEventListener("offline", () => {
  dropSocket();
  setConnection("offline");
});
window.addEventListener("online", () => {
  live.attempt = 0;
  if (!live.socket && !live.stopped) connect();
});
