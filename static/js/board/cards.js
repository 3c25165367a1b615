// The three columns and their cards. A card whose content did not change is not re-rendered,
// and a re-rendered card gives focus back to the same control.
import { root, boot, KINDS, KIND_LABELS } from "./boot.js";
import { request } from "./connection.js";
import { el, button, drafted } from "./dom.js";
import { renderPending } from "./panels.js";
import { state, ui, rules } from "./state.js";
import { t, excerpt } from "./strings.js";
import { view } from "./view.js";

function orderedCards(kind) {
  return [...state.cards.values()]
    .filter((card) => card.kind === kind)
    .sort((a, b) => a.position - b.position || a.id - b.id);
}

// From the cluster phase on, each column shows its cards under their clusters' titles (in the
// clusters' order), the cards in no cluster last; moving up and down happens within a group.
function grouped() {
  return state.clusters.size > 0 && ["cluster", "vote", "closed"].includes(state.board.phase);
}

function columnGroups(kind) {
  const cards = orderedCards(kind);
  if (!grouped()) return [{ cluster: null, cards }];
  const clusters = [...state.clusters.values()].sort((a, b) => a.position - b.position || a.id - b.id);
  const groups = clusters.map((cluster) => ({ cluster, cards: cards.filter((card) => card.cluster_id === cluster.id) }));
  groups.push({ cluster: null, cards: cards.filter((card) => !state.clusters.has(card.cluster_id)) });
  return groups.filter((group) => group.cards.length);
}

// The cards a card moves up and down among: its column, or its group in the column.
function siblings(card) {
  const column = orderedCards(card.kind);
  return grouped() ? column.filter((other) => (state.clusters.has(other.cluster_id) ? other.cluster_id : null) === (state.clusters.has(card.cluster_id) ? card.cluster_id : null)) : column;
}

function groupHeading(kind, cluster) {
  const key = cluster ? String(cluster.id) : "none";
  return el("li", { class: "board-cards__group", "data-group": key },
    el("h3", { id: `group-${kind}-${key}` }, cluster ? cluster.title : t("no_cluster_group")));
}

function cardText(id) {
  const card = state.cards.get(id);
  return card ? excerpt(card.text) : "…";
}

export function byline(card) {
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

// "Already raised: <workshop>, <date>", for an earlier card of the same topic (also same_topic.js).
export function raisedAt(earlier) {
  const day = new Date(`${earlier.workshop.date}T12:00:00`);
  const date = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "long" }).format(day);
  return t("raised_at", { workshop: earlier.workshop.title, date });
}

// Where a card's topic came up before (same_topic.js marks and unmarks).
function sameTopicPart(card) {
  if (!card.same_topic?.length) return null;
  const mayUnmark = rules.sameTopic(card);
  return el("ul", { class: "board-card__same-topic", "aria-label": t("raised_before") }, ...card.same_topic.map((earlier) => el("li", {},
    el("a", { href: earlier.url }, raisedAt(earlier)), ": ", el("span", {}, `„${excerpt(earlier.text)}“`),
    mayUnmark ? button(t("unmark_same_topic"), () => request("card.unmark_same_topic", { card_id: card.id, earlier_card_id: earlier.earlier_card_id }, { cardId: card.id }), {
      class: "board-button board-button--small", "data-focus": `unmark-same-${earlier.earlier_card_id}`,
      "aria-label": t("unmark_same_topic_as", { text: excerpt(earlier.text) }),
    }) : null)));
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
    cluster && !grouped() ? el("p", { class: "board-card__cluster" }, t("in_cluster", { title: cluster.title })) : null,
    el("p", { class: "board-card__text", id: `card-${card.id}-text` }, card.text),
    mergedPart(card),
    el("p", { class: "board-card__byline" }, byline(card)),
    details.length ? el("p", { class: "board-card__tags" }, ...details) : null,
    sameTopicPart(card),
    links.length ? el("ul", { class: "board-card__links", "aria-label": t("links") }, ...links.map((link) => {
      const { label, other } = relationLabel(link, card.id);
      // The server says whether this reader may remove links of their own cards, or anyone's.
      const canUnlink = rules.unlink(link);
      return el("li", {}, `${label} `, el("a", { href: `#card-${other}` }, `„${cardText(other)}“`),
        canUnlink ? button(t("unlink"), () => request("link.delete", { link_id: link.id }, { cardId: card.id }),
          { class: "board-button board-button--small", "data-focus": `unlink-${link.id}`, "aria-label": t("unlink_from", { text: cardText(other) }) }) : null);
    })) : null,
    card.votes || ["vote", "closed"].includes(state.board.phase) ? el("p", { class: "board-card__votes" },
      card.votes === null ? t("dots_secret") : t("dots", { count: card.votes }),
      myDots ? el("span", { class: "board-card__mine" }, ` ${t(card.votes === null ? "yours_secret" : "of_them_mine", { count: myDots })}`) : null,
      card.votes !== null && card.proxy_votes ? el("span", { class: "board-card__proxy" }, ` ${t("of_them_entered", { count: card.proxy_votes })}`) : null) : null,
    proxyPersonDots(card),
  ].concat(commentsPart(card, comments));
}

// The cards merged into this one, each with its author as they chose to be shown; facilitators can undo a merge.
function mergedPart(card) {
  const merged = card.merged_from || (card.merged_texts || []).map((text) => ({ text }));
  if (!merged.length) return null;
  return el("ul", { class: "board-card__merged", "aria-label": t("merged_texts") }, ...merged.map((source) => el("li", {},
    el("span", {}, source.text), " ",
    source.display ? el("span", { class: "muted" }, `— ${byline(source)}`) : null,
    source.id && rules.unmerge(source) ? button(t("unmerge"), () => request("card.unmerge", { card_id: source.id }, { cardId: card.id }), {
      class: "board-button board-button--small", "data-focus": `unmerge-${source.id}`, "aria-label": t("unmerge_card", { text: excerpt(source.text) }),
    }) : null)));
}

// Facilitators: whom the dots entered on this card belong to (members see only how many there are).
function proxyPersonDots(card) {
  const entered = [...state.proxyPeople.values()].filter((person) => person.votes[String(card.id)]);
  if (!entered.length) return null;
  return el("p", { class: "board-card__proxy-people muted" }, t("entered_dots_for", {
    people: entered.map((person) => `${person.name} (${person.votes[String(card.id)]})`).join(", "),
  }));
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
  const short = excerpt(card.text);
  const proxy = rules.voteFor() && ui.proxy;
  if (proxy) {
    // The facilitator enters the dots of one person without a device (chosen above the columns).
    const person = proxy.id ? state.proxyPeople.get(proxy.id) : null;
    const name = person ? person.name : proxy.name;
    const theirDots = person?.votes[String(card.id)] || 0;
    const target = person ? { proxy_person_id: person.id } : { proxy_person_name: proxy.name, proxy_person_organisation: proxy.organisation };
    return el("div", { class: "board-card__vote board-card__vote--proxy" },
      button(t("give_dot_for", { name }), () => request("vote.cast", { card_id: card.id, ...target }, { cardId: card.id }), {
        "data-focus": "vote", "aria-label": t("give_dot_for_on", { name, text: short }), disabled: Boolean(person) && person.votes_left <= 0,
      }),
      theirDots ? button(t("take_dot_back_for", { name }), () => request("vote.retract", { card_id: card.id, proxy_person_id: person.id }, { cardId: card.id }), {
        "data-focus": "retract", "aria-label": t("take_dot_back_for_on", { name, text: short }),
      }) : null);
  }
  const myDots = state.me?.my_votes?.[String(card.id)] || 0;
  return el("div", { class: "board-card__vote" },
    button(t("give_dot"), () => request("vote.cast", { card_id: card.id }, { cardId: card.id }), {
      "data-focus": "vote", "aria-label": t("give_dot_on", { text: short }), disabled: state.me.votes_left <= 0, // own dots count for facilitators too
    }),
    myDots ? button(t("take_dot_back"), () => request("vote.retract", { card_id: card.id }, { cardId: card.id }), {
      "data-focus": "retract", "aria-label": t("take_dot_back_from", { text: short }),
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
  const sameTopic = view.sameTopicSearch(card);
  if (!canChange && !canArrange && !canLink && !canMerge && !sameTopic) return null;
  const key = `${card.id}:actions`;
  const parts = [];
  const column = siblings(card);
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
    const confirming = state.cards.get(ui.confirmMerge.get(card.id));
    if (confirming) {
      // Merging is asked once more: it changes two cards for everyone (and can be undone).
      const stop = (focusKey) => { ui.confirmMerge.delete(card.id); renderCard(state.cards.get(card.id) || card, focusKey); };
      parts.push(el("div", { class: "board-actions__row board-actions__confirm", role: "group", "aria-labelledby": `merge-question-${card.id}` },
        el("p", { id: `merge-question-${card.id}` }, t("merge_question", { other: excerpt(confirming.text), text: excerpt(card.text) })),
        button(t("merge_confirm"), () => {
          ui.confirmMerge.delete(card.id);
          request("card.merge", { card_id: card.id, other_id: confirming.id }, { cardId: card.id });
          renderCard(card, "actions");
        }, { "data-focus": "merge-confirm" }),
        button(t("cancel"), () => stop("merge-set"), { "data-focus": "merge-cancel" })));
    } else if (others.length) {
      const [label, select] = selectField(`merge-${card.id}`, t("merge_into_this"), others.map((other) => [other.id, excerpt(other.text)]), `merge:${card.id}`);
      parts.push(el("div", { class: "board-actions__row" }, label, select, button(t("merge"), () => {
        ui.confirmMerge.set(card.id, Number(select.value));
        renderCard(card, "merge-confirm");
      }, { "data-focus": "merge-set" })));
    }
  }
  if (sameTopic) parts.push(sameTopic);
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
  // The handle to drag the card (drag.js); the buttons in its actions do the same without a pointer.
  rules.arrange(card) || rules.change(card)
    ? el("span", { class: "board-card__handle", "data-drag-handle": "", "aria-hidden": "true", title: t("drag_hint") }, "⠿") : null,
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

// A <details> opened or closed by a click whose toggle event has not arrived yet (it comes a task
// later) is kept as the reader left it, when an event redraws its card meanwhile.
function keepOpenState(element) {
  for (const details of element.querySelectorAll("details[data-open]")) {
    if (details.open) ui.open.add(details.dataset.open);
    else ui.open.delete(details.dataset.open);
  }
}

// Re-renders one card in place. Focus stays where it was: on the same control of the same card.
export function renderCard(card, focusKey = null) {
  const list = root.querySelector(`[data-column="${card.kind}"] .board-cards`);
  const old = document.getElementById(`card-${card.id}`);
  const focused = old?.contains(document.activeElement) ? document.activeElement.dataset.focus : null;
  if (old) keepOpenState(old);
  const fresh = cardElement(card);
  const column = siblings(card);
  signatures.set(fresh, signature(card, column.findIndex((other) => other.id === card.id), column.length));
  if (old) old.replaceWith(fresh);
  else list?.append(fresh);
  const key = focusKey || focused;
  if (key) focusIn(fresh, key);
}

// What a card's element shows; an element whose signature has not changed is kept as it is, so
// that typing, the caret and focus inside it are never disturbed by other people's changes.
const signatures = new WeakMap(); // card element → the signature it was rendered from
let drawing = 0; // a new drawing of every card (redrawAllCards) changes every signature

// Every card is drawn afresh at the next render: parts of it came with modules loaded later.
export function redrawAllCards() {
  drawing += 1;
}

function signature(card, index, length) {
  const links = [...state.links.values()].filter((link) => link.from_card_id === card.id || link.to_card_id === card.id);
  const comments = [...state.comments.values()].filter((comment) => comment.card_id === card.id);
  const actionsOpen = ui.open.has(`${card.id}:actions`);
  return JSON.stringify([
    card, links, comments, links.map((link) => cardText(link.from_card_id) + cardText(link.to_card_id)),
    card.cluster_id && state.clusters.get(card.cluster_id)?.title,
    state.me?.my_votes?.[String(card.id)], state.me?.votes_left > 0, ui.errors.get(card.id), ui.editing.has(card.id),
    [...state.proxyPeople.values()].map((person) => [person.name, person.votes[String(card.id)], person.votes_left > 0]),
    ui.proxy, ui.confirmMerge.get(card.id), ui.similar.get(card.id),
    state.board.phase, state.board.locked, state.board.cards_hidden, state.me?.allowed, index === 0, index === length - 1, grouped(), drawing,
    // The selects in an open actions panel list the other cards and clusters.
    actionsOpen && [[...state.clusters.values()], [...state.cards.values()].map((other) => [other.id, other.text])],
  ]);
}

export function renderColumns() {
  const active = document.activeElement;
  const focusedCard = active?.closest?.("[data-card-id]");
  const focus = focusedCard ? { id: focusedCard.dataset.cardId, key: active.dataset.focus, column: focusedCard.closest("[data-column]") } : null;
  root.querySelectorAll(".board-card--pending").forEach((element) => element.remove());

  for (const kind of KINDS) {
    const column = root.querySelector(`[data-column="${kind}"]`);
    const list = column.querySelector(".board-cards");
    const cards = orderedCards(kind);
    const existing = new Map([...list.children].filter((element) => element.dataset.cardId).map((element) => [element.dataset.cardId, element]));
    const headings = new Map([...list.children].filter((element) => element.dataset.group).map((element) => [element.dataset.group, element]));
    const wanted = columnGroups(kind).flatMap(({ cluster, cards: members }) => {
      const heading = grouped() ? headings.get(cluster ? String(cluster.id) : "none") || groupHeading(kind, cluster) : null;
      if (heading) {
        const title = cluster ? cluster.title : t("no_cluster_group");
        const h3 = heading.querySelector("h3");
        if (h3.textContent !== title) h3.textContent = title;
      }
      return [heading, ...members.map((card, index) => {
        const mark = signature(card, index, members.length);
        const element = existing.get(String(card.id));
        if (element && signatures.get(element) === mark) return element;
        if (element) keepOpenState(element);
        const fresh = cardElement(card);
        signatures.set(fresh, mark);
        if (element) {
          element.replaceWith(fresh);
          if (element.contains(active)) focusIn(fresh, active.dataset.focus);
        }
        return fresh;
      })].filter(Boolean);
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

// An error about one card is shown on that card; any other in the board's error line.
export function showError(cardId, message) {
  if (cardId && state.cards.has(cardId)) {
    ui.errors.set(cardId, message);
    renderCard(state.cards.get(cardId));
  } else {
    root.querySelector("[data-board-error]").textContent = message;
  }
}

export function clearError(cardId) {
  root.querySelector("[data-board-error]").textContent = "";
  if (cardId) ui.errors.delete(cardId);
}
