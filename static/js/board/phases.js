// The phases: a stepper everyone sees (collect → reveal → cluster → vote → closed), and for the
// facilitator one button for the next phase and, if switched on, keyboard shortcuts (N: next
// phase, + / −: timer one minute longer or shorter). Shortcuts are off by default and never act
// while typing, so that a key pressed in a text field does only what it always does.
import { root, boot } from "./boot.js";
import { request } from "./connection.js";
import { state, rules } from "./state.js";
import { readStored, writeStored } from "./stored.js";
import { t } from "./strings.js";
import { secondsLeft } from "./timer.js";

const PHASES = Object.keys(boot.phases);
const SHORTCUTS_KEY = "netzwerkstatt:board:shortcuts";

function nextPhase() {
  const index = PHASES.indexOf(state.board.phase);
  return index >= 0 && index < PHASES.length - 1 ? PHASES[index + 1] : null;
}

export function renderSteps() {
  const current = PHASES.indexOf(state.board.phase);
  root.querySelectorAll("[data-step]").forEach((step) => {
    const index = PHASES.indexOf(step.dataset.step);
    if (index === current) step.setAttribute("aria-current", "step");
    else step.removeAttribute("aria-current");
    step.classList.toggle("board-steps__step--done", index < current);
  });
  const next = root.querySelector("[data-next-phase]");
  if (next) {
    const phase = nextPhase();
    next.hidden = !phase || !rules.facilitator();
    next.disabled = !rules.facilitate();
    if (phase) next.textContent = t("next_phase", { phase: boot.phases[phase] });
  }
}

function goToNextPhase() {
  const phase = nextPhase();
  if (phase && rules.facilitate()) request("board.set_phase", { phase });
}

function changeTimer(minutes) {
  const left = secondsLeft();
  if (left === null && minutes < 0) return;
  request("board.set_timer", { seconds: Math.max(60, (left || 0) + minutes * 60) });
}

const typing = (element) => element?.closest?.("input, textarea, select, [contenteditable]");

export function wirePhaseControls() {
  root.querySelector("[data-next-phase]")?.addEventListener("click", goToNextPhase);
  const box = root.querySelector("[data-shortcuts]");
  if (!box) return;
  box.checked = readStored(SHORTCUTS_KEY, false) === true;
  box.addEventListener("change", () => writeStored(SHORTCUTS_KEY, box.checked));
  document.addEventListener("keydown", (key) => {
    if (!box.checked || !rules.facilitator() || key.ctrlKey || key.metaKey || key.altKey || typing(key.target)) return;
    const action = { n: goToNextPhase, N: goToNextPhase, "+": () => changeTimer(1), "-": () => changeTimer(-1) }[key.key];
    if (!action) return;
    key.preventDefault();
    action();
  });
}
