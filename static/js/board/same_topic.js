// Continuity across sessions: cards of earlier, published boards like the one being written
// (GET similar.json, ideas/board/similar_cards.py), and the marks "same topic as that earlier card".
//
// A mark chosen in the post form is kept (in localStorage, like the outbox) until the card is on
// the board, then sent as card.mark_same_topic: a card posted offline gets its mark when it arrives.
//
// Loaded by main.js once the board is live (the cards' "already raised" lines are in cards.js).
import { announce } from "./announce.js";
import { root, boot } from "./boot.js";
import { raisedAt } from "./cards.js";
import { live, request } from "./connection.js";
import { el, button } from "./dom.js";
import { outbox } from "./outbox.js";
import { state, ui, rules } from "./state.js";
import { readStored, writeStored } from "./stored.js";
import { t, excerpt } from "./strings.js";
import { view } from "./view.js";

const TYPING_PAUSE_MS = 400;
const MIN_LENGTH = 5; // the server offers nothing for shorter texts

// --- Asking the server ---------------------------------------------------------------------------

// The suggestions for a text, or null when they could not be had (offline, too many asks): the
// form then simply offers nothing; it never stands in the way of posting.
async function fetchSimilar(text, signal) {
  if (!boot.similar_url) return null;
  try {
    const response = await fetch(`${boot.similar_url}?${new URLSearchParams({ text })}`, {
      credentials: "same-origin", headers: { Accept: "application/json" }, signal,
    });
    if (!response.ok) return null;
    return (await response.json()).suggestions;
  } catch {
    return null;
  }
}

// --- The post form: offered while writing --------------------------------------------------------

const offer = { suggestions: [], chosen: new Set(), asked: "", controller: null, timer: null };

function renderOffer(panel) {
  panel.hidden = offer.suggestions.length === 0;
  if (panel.hidden) {
    panel.replaceChildren();
    return;
  }
  panel.replaceChildren(
    el("p", { class: "board-post__similar-heading", id: "similar-heading" }, t("similar_heading")),
    el("ul", { class: "plain-list", "aria-labelledby": "similar-heading" }, ...offer.suggestions.map((earlier) => {
      const id = `similar-${earlier.id}`;
      const box = el("input", { type: "checkbox", id, value: String(earlier.id), checked: offer.chosen.has(earlier.id) });
      box.addEventListener("change", () => {
        if (box.checked) offer.chosen.add(earlier.id);
        else offer.chosen.delete(earlier.id);
      });
      return el("li", { class: "board-post__similar-item" }, box,
        el("label", { for: id }, el("span", {}, `„${earlier.text}“`), " ",
          el("span", { class: "muted" }, [raisedAt(earlier), earlier.organisation].filter(Boolean).join(" · "))));
    })),
  );
}

async function refreshOffer(panel, text) {
  offer.asked = text;
  offer.controller?.abort();
  offer.controller = new AbortController();
  const found = text.length < MIN_LENGTH ? [] : await fetchSimilar(text, offer.controller.signal);
  if (found === null || offer.asked !== text) return; // failed, or the member typed on meanwhile
  // What the member ticked stays offered while they go on typing.
  const kept = offer.suggestions.filter((earlier) => offer.chosen.has(earlier.id));
  const fresh = found.filter((earlier) => !offer.chosen.has(earlier.id));
  const before = offer.suggestions.map((earlier) => earlier.id).join();
  offer.suggestions = [...kept, ...fresh];
  renderOffer(panel);
  if (fresh.length && offer.suggestions.map((earlier) => earlier.id).join() !== before) {
    announce(t("similar_found", { count: offer.suggestions.length }));
  }
}

const offerPanel = () => root.querySelector("[data-similar]");

function wireSimilarOffer() {
  const textField = root.querySelector("[data-post] form")?.elements.text;
  const panel = offerPanel();
  if (!boot.similar_url || !textField || !panel) return;
  textField.addEventListener("input", () => {
    clearTimeout(offer.timer);
    offer.timer = setTimeout(() => refreshOffer(panel, textField.value.trim()), TYPING_PAUSE_MS);
  });
}

// The marks ticked for the card just put in the outbox; the form starts afresh.
export function takeChosenMarks(clientId) {
  const panel = offerPanel();
  if (offer.chosen.size) {
    chosenMarks.items.push({ clientId, earlier: [...offer.chosen] });
    chosenMarks.save();
  }
  clearTimeout(offer.timer);
  offer.controller?.abort();
  Object.assign(offer, { suggestions: [], chosen: new Set(), asked: "" });
  if (panel) renderOffer(panel);
}

// --- Marks waiting for their card ----------------------------------------------------------------

const chosenMarks = {
  key: `netzwerkstatt:board:${boot.board_id}:user:${boot.user_id}:same-topic`,
  items: [], // {clientId, earlier: [ids of earlier cards]}
  sent: new Map(), // `${clientId}:${earlierId}` → the socket it went out on (a new socket sends again)
  load() {
    this.items = readStored(this.key, []);
  },
  save() {
    writeStored(this.key, this.items);
  },
};

// Once, when loaded: the marks kept from an earlier visit, and the offer under the post form's text field.
export function wireSameTopic() {
  chosenMarks.load();
  wireSimilarOffer();
}

// Called whenever the board changed or the connection synced: sends each waiting mark whose card is
// on the board now, and forgets those that are done (marked, refused) or whose post was discarded.
export function sendChosenMarks() {
  if (!chosenMarks.items.length) return;
  const cards = new Map([...state.cards.values()].filter((card) => card.mine).map((card) => [card.client_id, card]));
  const waiting = new Set(outbox.items.map((item) => item.message.client_id));
  const before = JSON.stringify(chosenMarks.items);
  chosenMarks.items = chosenMarks.items.map((item) => {
    const card = cards.get(item.clientId);
    if (!card) return waiting.has(item.clientId) ? item : null;
    const marked = new Set(card.same_topic.map((earlier) => earlier.earlier_card_id));
    const earlier = item.earlier.filter((id) => !marked.has(id));
    if (live.synced) {
      for (const id of earlier) {
        const key = `${item.clientId}:${id}`;
        if (chosenMarks.sent.get(key) === live.socket) continue;
        const forget = () => dropChosen(item.clientId, id);
        if (request("card.mark_same_topic", { card_id: card.id, earlier_card_id: id }, { cardId: card.id, onError: forget })) {
          chosenMarks.sent.set(key, live.socket);
        }
      }
    }
    return earlier.length ? { ...item, earlier } : null;
  }).filter(Boolean);
  if (JSON.stringify(chosenMarks.items) !== before) chosenMarks.save();
}

function dropChosen(clientId, earlierId) {
  chosenMarks.items = chosenMarks.items
    .map((item) => (item.clientId === clientId ? { ...item, earlier: item.earlier.filter((id) => id !== earlierId) } : item))
    .filter((item) => item.earlier.length);
  chosenMarks.save();
}

// --- On a card (for its author and facilitators): finding its topic on earlier boards ------------

// The search of earlier boards for one card, in its actions panel: ui.similar holds what was found.
export function sameTopicSearch(card) {
  if (!boot.similar_url || !rules.sameTopic(card)) return null;
  const found = ui.similar.get(card.id);
  const marked = new Set(card.same_topic.map((earlier) => earlier.earlier_card_id));
  const offered = (found?.suggestions || []).filter((earlier) => !marked.has(earlier.id));
  const search = async () => {
    ui.similar.set(card.id, { searching: true });
    view.renderSoon();
    const suggestions = await fetchSimilar(card.text);
    ui.similar.set(card.id, suggestions === null ? { failed: true } : { suggestions });
    view.renderSoon();
  };
  let result = null;
  if (found?.failed) result = el("p", { class: "muted" }, t("similar_failed"));
  else if (found?.suggestions && !offered.length) result = el("p", { class: "muted" }, t("similar_none"));
  else if (offered.length) {
    result = el("ul", { class: "plain-list board-card__similar" }, ...offered.map((earlier) => el("li", {},
      el("span", {}, `„${excerpt(earlier.text)}“`), " ", el("span", { class: "muted" }, raisedAt(earlier)), " ",
      button(t("mark_same_topic"), () => request("card.mark_same_topic", { card_id: card.id, earlier_card_id: earlier.id }, { cardId: card.id }), {
        class: "board-button board-button--small", "data-focus": `mark-same-${earlier.id}`,
        "aria-label": t("mark_same_topic_as", { text: earlier.text }),
      }))));
  }
  return el("div", { class: "board-actions__row board-actions__same-topic" },
    button(t("search_same_topic"), search, { "data-focus": "search-same", disabled: Boolean(found?.searching) }),
    el("div", { role: "status" }, found?.searching ? el("p", { class: "muted" }, t("searching")) : result));
}
