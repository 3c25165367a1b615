// Facilitators: whose paper dots the dot buttons on the cards enter now — their own, or those of
// someone without a device (typed once, then picked from the people entered for on this board).
// The same names are offered in the post form's "their name" field.
import { announce } from "./announce.js";
import { root } from "./boot.js";
import { el } from "./dom.js";
import { proxyPersonNamed, rules, state, ui } from "./state.js";
import { t } from "./strings.js";
import { view } from "./view.js";

const panel = () => root.querySelector("[data-proxy]");

function proxyPersonLabel(person) {
  return [person.name, person.organisation?.name].filter(Boolean).join(" · ");
}

function nowText() {
  if (!ui.proxy) return t("proxy_own");
  const person = ui.proxy.id ? state.proxyPeople.get(ui.proxy.id) : null;
  if (!person) return t("proxy_new", { name: ui.proxy.name });
  return t("proxy_for", { name: proxyPersonLabel(person), count: person.votes_left });
}

function choose(proxy) {
  ui.proxy = proxy;
  view.renderSoon();
  announce(nowText());
}

// Rebuilds a list's children only when what it shows changed, so an open select is left alone.
function replaceIfChanged(list, items, build) {
  const mark = JSON.stringify(items);
  if (list.dataset.mark === mark) return;
  list.dataset.mark = mark;
  list.replaceChildren(...items.map(build));
}

export function renderProxy() {
  const names = root.querySelector("#board-proxy-person-names");
  if (names) replaceIfChanged(names, [...state.proxyPeople.values()].map((person) => person.name), (name) => el("option", { value: name }));
  const section = panel();
  if (!section) return;
  section.hidden = !rules.voteFor();
  if (ui.proxy?.id && !state.proxyPeople.has(ui.proxy.id)) ui.proxy = null;
  const options = [["", t("proxy_myself")], ...[...state.proxyPeople.values()].map((person) => [
    String(person.id), t("proxy_option", { name: proxyPersonLabel(person), count: person.votes_left })])];
  if (ui.proxy && !ui.proxy.id) options.push(["new", t("proxy_option_new", { name: ui.proxy.name })]);
  const select = section.querySelector("#proxy-person");
  replaceIfChanged(select, options, ([value, label]) => el("option", { value }, label));
  select.value = ui.proxy ? (ui.proxy.id ? String(ui.proxy.id) : "new") : "";
  const now = section.querySelector("[data-proxy-now]");
  now.textContent = nowText();
  now.classList.toggle("board-proxy__now--for-someone", Boolean(ui.proxy));
}

export function wireProxy() {
  const section = panel();
  if (section) {
    section.querySelector("#proxy-person").addEventListener("change", (change) => {
      const { value } = change.target;
      if (value !== "new") choose(value ? { id: Number(value) } : null);
    });
    section.querySelector("[data-proxy-new]").addEventListener("submit", (submit) => {
      submit.preventDefault();
      const name = section.querySelector("#proxy-name");
      const organisation = section.querySelector("#proxy-organisation");
      const error = section.querySelector("[data-proxy-error]");
      const typed = name.value.trim();
      error.hidden = Boolean(typed);
      if (!typed) {
        name.setAttribute("aria-invalid", "true");
        name.focus();
        return;
      }
      name.removeAttribute("aria-invalid");
      // A name typed before is that person again (the server decides the same way).
      const known = proxyPersonNamed(typed);
      choose(known ? { id: known.id } : { name: typed, organisation: organisation.value ? Number(organisation.value) : null });
      name.value = "";
      organisation.value = "";
    });
  }
  // In the post form, a person picked from the names brings their organisation along.
  const postForm = root.querySelector("[data-post] form");
  const postName = postForm?.elements.on_behalf_name;
  postName?.addEventListener("change", () => {
    const person = proxyPersonNamed(postName.value);
    if (person?.organisation && !postForm.elements.organisation.value) {
      postForm.elements.organisation.value = String(person.organisation.id);
      postForm.dispatchEvent(new Event("change"));
    }
  });
}
