// The board as this reader knows it: the snapshot plus every event applied in seq order,
// and what this reader is doing with it (open menus, drafts, errors). Also who may do what.
import { announce } from "./announce.js";
import { boot } from "./boot.js";
import { t } from "./strings.js";

export const state = {
  seq: 0,
  board: {},
  me: null,
  cards: new Map(),
  deleted: new Map(),
  links: new Map(),
  comments: new Map(),
  clusters: new Map(),
  proxyPeople: new Map(),       // facilitators: the people without a device entered for on this board
  guests: new Map(),            // facilitators: who joined this board by its guest code
  online: null,
  users: null,
  clockOffset: 0, // server time minus local time, from timer events
};
// The timer's "time is up" is announced once per timer.
export const timer = { announced: false };

export const ui = {
  editing: new Set(),      // ids of cards whose text is being edited
  open: new Set(),         // "<card id>:<name>" of open <details>
  drafts: new Map(),       // values of inputs inside cards, kept across re-renders
  errors: new Map(),       // card id → last error message for that card
  requests: new Map(),     // ref → what the request was about
  phaseChoice: null,       // the phase the facilitator picked and has not set yet
  proxy: null,             // facilitators: whose dots they enter now ({id} or a new {name, organisation}); null: their own
  confirmMerge: new Map(), // card id → id of the card the facilitator is about to merge into it
  similar: new Map(),      // card id → the search of earlier boards for it: {searching} | {suggestions} | {failed}
  dragging: false,         // a card is being dragged (drag.js): the board waits with redrawing
};

export function applySnapshot(snapshot) {
  state.seq = snapshot.seq;
  state.board = snapshot.board;
  state.me = snapshot.me;
  state.cards = new Map(snapshot.cards.map((card) => [card.id, card]));
  state.deleted = new Map(snapshot.deleted_cards.map((card) => [card.id, card]));
  state.links = new Map(snapshot.links.map((link) => [link.id, link]));
  state.comments = new Map(snapshot.comments.map((comment) => [comment.id, comment]));
  state.clusters = new Map(snapshot.clusters.map((cluster) => [cluster.id, cluster]));
  state.proxyPeople = new Map((snapshot.proxy_people || []).map((person) => [person.id, person]));
  state.guests = new Map((snapshot.guests || []).map((guest) => [guest.id, guest]));
}

// A person entered for (facilitators learn them from any event that carries `proxy_person`). A person
// typed for the first time becomes the one whose dots are entered, now with their id.
function putProxyPerson(person) {
  const known = state.proxyPeople.get(person.id) || { votes: {}, votes_left: state.board.vote_budget };
  state.proxyPeople.set(person.id, { ...known, ...person });
  if (ui.proxy && !ui.proxy.id && ui.proxy.name.toLowerCase() === person.name.toLowerCase()) ui.proxy = { id: person.id };
}

export function proxyPersonNamed(name) {
  const wanted = name.trim().toLowerCase();
  return [...state.proxyPeople.values()].find((person) => person.name.toLowerCase() === wanted) || null;
}

function putCard(card) {
  state.cards.set(card.id, card);
  state.deleted.delete(card.id);
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
  "card.unmerged": (data) => {
    putCard(data.card);
    putCard(data.restored);
    for (const [id, link] of state.links) {
      if ([data.card.id, data.restored.id].some((card) => link.from_card_id === card || link.to_card_id === card)) state.links.delete(id);
    }
    for (const link of data.links) state.links.set(link.id, link);
    for (const id of data.moved_comments) {
      const comment = state.comments.get(id);
      if (comment) comment.card_id = data.restored.id;
    }
  },
  "card.same_topic_marked": (data) => putCard(data.card),
  "card.same_topic_unmarked": (data) => putCard(data.card),
  "link.created": (data) => state.links.set(data.link.id, data.link),
  "link.deleted": (data) => state.links.delete(data.id),
  "comment.created": (data) => state.comments.set(data.comment.id, data.comment),
  "cluster.created": (data) => state.clusters.set(data.cluster.id, data.cluster),
  "cluster.renamed": (data) => state.clusters.set(data.cluster.id, data.cluster),
  "cluster.moved": (data) => {
    data.order.forEach((id, index) => {
      const cluster = state.clusters.get(id);
      if (cluster) cluster.position = index + 1;
    });
  },
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
    if ("guest_code" in data) state.board.guest_code = data.guest_code;
    applyVisibilityChange(data);
    applyDotCounts(data);
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
    applyDotCounts(data);
  },
  "board.silent_collect_changed": (data) => {
    state.board.silent_collect = data.silent_collect;
    applyVisibilityChange(data);
    announce(data.silent_collect ? t("silent_on") : t("silent_off"));
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
  "board.guest_access_changed": (data) => { state.board.guest_code = data.guest_code; },
  "guest.joined": (data) => { if (data.guest) state.guests.set(data.guest.id, data.guest); },
  "guest.removed": (data) => { if (data.guest_id) state.guests.delete(data.guest_id); },
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
  // During a secret vote members get no totals (only their own dots, below).
  if (card && "votes" in data) Object.assign(card, { votes: data.votes, proxy_votes: data.proxy_votes });
  if ("my_votes" in data && state.me) {
    state.me.my_votes[String(data.card_id)] = data.my_votes;
    state.me.votes_left = data.votes_left;
  }
  if ("proxy_person_votes" in data) {
    const person = state.proxyPeople.get(data.proxy_person.id);
    person.votes = { ...person.votes, [String(data.card_id)]: data.proxy_person_votes };
    person.votes_left = data.proxy_person_votes_left;
  }
}

// The dots of a secret vote, sent to everyone when it is over; a secret vote starting hides them.
function applyDotCounts(data) {
  for (const [id, [votes, proxyVotes]] of Object.entries(data.revealed_votes || {})) {
    const card = state.cards.get(Number(id));
    if (card) Object.assign(card, { votes, proxy_votes: proxyVotes });
  }
  state.board.votes_hidden = state.board.phase === "vote" && Boolean(state.board.secret_vote);
  if (state.board.votes_hidden && !state.me?.facilitator) {
    for (const card of state.cards.values()) Object.assign(card, { votes: null, proxy_votes: null });
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

export function applyEvent(event) {
  if (event.data.proxy_person) putProxyPerson(event.data.proxy_person);
  const handler = EVENT_HANDLERS[event.name];
  if (handler) handler(event.data);
  // Events that change what this reader may do say what that is now.
  if (event.data.allowed && state.me) state.me.allowed = event.data.allowed;
}

// --- Who may do what: what the server says (snapshot me.allowed, kept current by events) ---------

const allowed = (name) => Boolean(state.me?.allowed?.[name]);

export const rules = {
  facilitator: () => Boolean(state.me?.facilitator),
  facilitate: () => allowed("facilitate"),
  takePart: () => allowed("take_part"),
  post: () => allowed("post"),
  change: (card) => allowed(card.mine ? "change_own" : "change_others"),
  arrange: (card) => allowed(card.mine ? "arrange_own" : "arrange_others"),
  sameTopic: (card) => allowed(card.mine ? "same_topic_own" : "same_topic_others"),  // mark or unmark
  unlink: (link) => allowed(state.cards.get(link.from_card_id)?.mine ? "unlink_own" : "unlink_others"),
  clusters: () => allowed("manage_clusters"),
  vote: () => allowed("vote"),
  voteFor: () => allowed("vote_on_behalf"),  // dots for people without a device
  markDone: () => allowed("mark_done"),
  merge: () => allowed("merge"),
  manageGuests: () => allowed("manage_guests"),
  unmerge: (merged) => allowed("merge") && merged.undoable,
};
