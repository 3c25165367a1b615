// What a board keeps in the browser's localStorage (queued posts, chosen marks, a device's choices).
// Private mode or a full storage is no error: the value then lasts for this page only.

export function readStored(key, fallback) {
  try {
    const text = window.localStorage.getItem(key);
    return text === null ? fallback : JSON.parse(text);
  } catch {
    return fallback;
  }
}

export function writeStored(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or full storage: kept in memory only.
  }
}
