// Texts: every one comes translated from the server (ideas/board/page_data.py, client_strings()).
import { S } from "./boot.js";

const EXCERPT = 60;

// --- Strings: every text comes translated from the server (ideas/board/page_data.py) ---

export function t(key, values = {}) {
  const text = Array.isArray(S[key]) ? S[key][values.count === 1 ? 0 : 1] : S[key];
  return text.replace(/%\((\w+)\)[sd]/g, (_, name) => String(values[name] ?? ""));
}

export function excerpt(text) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}
