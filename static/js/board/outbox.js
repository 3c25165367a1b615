// Posts kept in localStorage until the server has them (connection.js sends them with their
// client_id after every (re)connect, so each card appears once however often it is sent).
import { boot } from "./boot.js";
import { state } from "./state.js";
import { readStored, writeStored } from "./stored.js";
import { view } from "./view.js";

export const outbox = {
  key: `netzwerkstatt:board:${boot.board_id}:user:${boot.user_id}:outbox`,
  items: [],

  load() {
    this.items = readStored(this.key, []);
  },
  save() {
    writeStored(this.key, this.items);
  },
  add(message) {
    this.items.push({ message, error: null });
    this.save();
    view.renderPending();
  },
  find(clientId) {
    return this.items.find((item) => item.message.client_id === clientId);
  },
  // Cards that are on the board now (their event or a snapshot arrived): forget them.
  settleArrived() {
    const arrived = new Set([...state.cards.values(), ...state.deleted.values()].map((card) => card.client_id));
    const before = this.items.length;
    this.items = this.items.filter((item) => !arrived.has(item.message.client_id));
    if (this.items.length !== before) {
      this.save();
      view.renderPending();
    }
  },
  // Refused by the server: it stays shown with the reason until taken back into the form or discarded.
  fail(clientId, message) {
    const item = this.find(clientId);
    if (!item) return;
    item.error = message;
    this.save();
    view.renderPending();
  },
  discard(clientId) {
    this.items = this.items.filter((item) => item.message.client_id !== clientId);
    this.save();
    view.renderPending();
  },
  // Sent items lose their ref on a new connection: they are sent again (the server acks retries).
  forgetSentRefs() {
    for (const item of this.items) delete item.sentRef;
  },
};

export function newClientId() {
  if (window.crypto.randomUUID) return window.crypto.randomUUID();
  // Plain http on a local network is not a secure context: build a v4 UUID by hand.
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
