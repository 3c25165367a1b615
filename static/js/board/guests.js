// Guests, for facilitators: open or end guest access, the code, the join address and its QR code,
// and who joined (each can be removed). People without an account join at /g/ (guest_views.py).
import { root, boot } from "./boot.js";
import { request } from "./connection.js";
import { el, button, keepingFocus } from "./dom.js";
import { state, rules } from "./state.js";
import { t } from "./strings.js";

const shown = (code) => `${code.slice(0, 3)}-${code.slice(3)}`;

export function joinAddress(code) {
  return new URL(`/g/${shown(code)}/`, window.location.origin).href;
}

export function renderGuests() {
  const panel = root.querySelector("[data-guests]");
  if (!panel || !rules.facilitator()) return;
  panel.hidden = false;
  const code = state.board.guest_code;
  const open = Boolean(code) && state.board.phase !== "closed";
  panel.querySelector("[data-guest-status]").textContent = open ? t("guests_open") : t("guests_closed");
  const access = panel.querySelector("[data-guest-access]");
  access.hidden = !open;
  if (open) {
    access.querySelector("[data-guest-code]").textContent = shown(code);
    const link = access.querySelector("[data-guest-link]");
    link.href = joinAddress(code);
    link.textContent = joinAddress(code);
    const qr = access.querySelector("[data-guest-qr]");
    const source = `${boot.guest_qr_url}?code=${code}`; // a new code, a new image
    if (qr.getAttribute("src") !== source) qr.setAttribute("src", source);
  }
  const toggle = panel.querySelector("[data-guest-toggle]");
  toggle.hidden = !rules.manageGuests() && !open;
  toggle.disabled = !rules.manageGuests();
  toggle.textContent = open ? t("guests_end") : t("guests_start");
  const guests = [...state.guests.values()];
  const list = panel.querySelector("[data-guest-list]");
  panel.querySelector("[data-guest-count]").textContent = t("guest_count", { count: guests.length });
  keepingFocus(list, () => list.replaceChildren(...guests.map((guest) => {
    const who = [guest.name, guest.organisation?.name].filter(Boolean).join(" · ");
    return el("li", {}, who, " ", button(t("guest_remove"), () => request("guest.remove", { guest_id: guest.id }), {
      class: "board-button board-button--small", "data-focus": `remove-guest-${guest.id}`, "aria-label": t("guest_remove_named", { name: who }),
    }));
  })));
}

export function wireGuests() {
  root.querySelector("[data-guest-toggle]")?.addEventListener("click", () => {
    const open = Boolean(state.board.guest_code) && state.board.phase !== "closed";
    request(open ? "board.end_guest_access" : "board.open_guest_access", {});
  });
}
