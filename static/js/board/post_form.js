// The post form: sends a card through the outbox, says before sending whose name the card
// will carry, clears what was for someone else after each post, and confirms a saved card
// under the text field (the status region tells screen readers the same). While the member
// writes, similar cards of earlier boards are offered under the field (same_topic.js, loaded
// once the board is live, wires itself to the text field).
import { announce } from "./announce.js";
import { root } from "./boot.js";
import { byline } from "./cards.js";
import { flushOutbox, live } from "./connection.js";
import { outbox, newClientId } from "./outbox.js";
import { rules } from "./state.js";
import { t } from "./strings.js";
import { view } from "./view.js";

const form = () => root.querySelector("[data-post] form");

// The byline the others will see, as cards.js writes it on the card.
function appearance(fields) {
  const onBehalf = Boolean(fields.on_behalf?.checked);
  const withName = fields.display.value !== "organisation_only";
  const asIs = root.querySelector("[data-post-as]").dataset;
  const organisationSelect = fields.organisation;
  const chosen = organisationSelect?.value ? organisationSelect.selectedOptions[0].textContent.trim() : "";
  const organisation = onBehalf ? chosen : asIs.organisation;
  return byline({
    entered_on_behalf: onBehalf,
    on_behalf_name: onBehalf && withName ? fields.on_behalf_name.value.trim() : "",
    author: !onBehalf && withName ? { name: asIs.name } : null,
    organisation: organisation ? { name: organisation } : null,
  });
}

export function showAppearance() {
  const postForm = form();
  const line = root.querySelector("[data-post-as]");
  if (!postForm || !line) return;
  line.textContent = t("post_as", { byline: appearance(postForm.elements) });
  line.classList.toggle("board-post__as--for-someone", Boolean(postForm.elements.on_behalf?.checked));
}

// After each post the form is the poster's own again: a card for someone else is a choice per card.
function forgetOnBehalf(fields) {
  if (!fields.on_behalf) return;
  fields.on_behalf.checked = false;
  fields.on_behalf_name.value = "";
  fields.organisation.value = "";
}

// The saved card, confirmed where the poster is looking; the link leads to the card in its column.
export function showSaved(cardId) {
  const note = root.querySelector("[data-post-saved]");
  if (!note) return;
  note.replaceChildren(t("card_saved"), " ");
  if (cardId) note.append(Object.assign(document.createElement("a"), { href: `#card-${cardId}`, textContent: t("show_card") }));
  if (!note.closest("form")?.contains(document.activeElement)) return;
  bringIntoView(note);
  // Once more after the board has drawn the new card (scroll anchoring may have moved the page).
  window.requestAnimationFrame(() => window.requestAnimationFrame(() => bringIntoView(note)));
}

// The text field with its label and the saved note, on screen (the post button may be far below on a phone).
function bringIntoView(element) {
  element.closest(".field")?.scrollIntoView({ block: "nearest" });
}

export function wirePostForm() {
  const postForm = form();
  if (!postForm) return;
  const saved = root.querySelector("[data-post-saved]");
  const hideSaved = () => saved?.replaceChildren();
  postForm.addEventListener("input", () => showAppearance());
  postForm.addEventListener("change", () => showAppearance());
  postForm.elements.text.addEventListener("input", hideSaved);
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
    if (!rules.post()) {
      // The phase moved on (or the board was locked) while this card was being written: keep it.
      error.textContent = t("post_closed");
      error.hidden = false;
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
    view.postQueued(message.client_id);
    flushOutbox();
    if (!live.synced) announce(t("queued_offline"));
    hideSaved();
    postForm.elements.text.value = "";
    postForm.elements.tags.value = "";
    forgetOnBehalf(postForm.elements);
    showAppearance();
    postForm.elements.text.focus();
    bringIntoView(postForm.elements.text);
  });
  showAppearance();
}
