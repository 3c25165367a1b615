// The one polite status region: everything announced to screen readers goes through here.
import { KIND_LABELS } from "./boot.js";
import { t, excerpt } from "./strings.js";

const statusRegion = document.getElementById("board-status");
export const newCards = [];
let announceTimer = null;

export function announce(text) {
  // Changing the text (after clearing it) makes screen readers read it, politely.
  statusRegion.textContent = "";
  window.setTimeout(() => { statusRegion.textContent = text; }, 50);
}

export function announceNewCards() {
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
