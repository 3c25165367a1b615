// The board's timer: in the status line, floating in a corner on phones while it runs (the status
// line may be scrolled away), and, if the facilitator switched it on on this device, a tone when
// the time is up. The tone is made in the browser (Web Audio): no sound file, nothing from elsewhere.
import { announce } from "./announce.js";
import { root } from "./boot.js";
import { state, timer } from "./state.js";
import { readStored, writeStored } from "./stored.js";
import { t } from "./strings.js";

const SOUND_KEY = "netzwerkstatt:board:timer-sound";
let audio = null; // an AudioContext, made when the tone is switched on (browsers allow sound only after a click)

export function secondsLeft() {
  const ends = state.board.timer_ends_at ? Date.parse(state.board.timer_ends_at) : null;
  return ends ? Math.max(0, Math.round((ends - (Date.now() + state.clockOffset)) / 1000)) : null;
}


function ring() {
  if (!audio) return;
  const now = audio.currentTime;
  for (const [start, pitch] of [[0, 880], [0.35, 660], [0.7, 880]]) {
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = pitch;
    volume.gain.setValueAtTime(0.25, now + start);
    volume.gain.exponentialRampToValueAtTime(0.001, now + start + 0.3);
    tone.connect(volume).connect(audio.destination);
    tone.start(now + start);
    tone.stop(now + start + 0.3);
  }
}

export function renderTimer() {
  const line = root.querySelector('[data-status="timer"]');
  const float = root.querySelector("[data-timer-float]");
  const left = secondsLeft();
  if (left === null) {
    line.hidden = true;
    if (float) float.hidden = true;
    return;
  }
  const minutes = String(Math.floor(left / 60)).padStart(2, "0");
  const seconds = String(left % 60).padStart(2, "0");
  const text = left ? t("time_left", { time: `${minutes}:${seconds}` }) : t("time_up");
  line.hidden = false;
  line.textContent = text;
  if (float) {
    float.hidden = false;
    float.textContent = left ? `${minutes}:${seconds}` : t("time_up");
  }
  if (!left && !timer.announced) {
    timer.announced = true;
    announce(t("time_up"));
    ring();
  }
}

export function wireTimerSound() {
  const box = root.querySelector("[data-timer-sound]");
  if (!box) return;
  box.checked = readStored(SOUND_KEY, false) === true;
  const start = () => {
    audio ||= new (window.AudioContext || window.webkitAudioContext)();
    audio.resume();
  };
  box.addEventListener("change", () => {
    writeStored(SOUND_KEY, box.checked);
    if (box.checked) start();
  });
  // A choice kept from an earlier visit needs one click on the page before the browser plays sound.
  if (box.checked) root.addEventListener("click", start, { once: true });
}
