// Opens the board's socket as soon as the page's head is read, before the other modules have
// arrived: on a slow mobile link its handshake and the server's first answer (the events since the
// page's snapshot, then "synced") then overlap those downloads instead of following them.
// connection.js adopts the socket with what it received meanwhile. Imports nothing, so that it
// runs the moment it arrives; the page names the address on its <script data-board-socket>.
const script = document.querySelector("script[data-board-socket]");

const early = { socket: null, url: "", received: [], closing: null };

function keep(message) {
  early.received.push(message);
}

function keepClosing(closing) {
  early.closing = closing;
}

if (script && "WebSocket" in window) {
  const url = new URL(script.dataset.boardSocket, window.location.href);
  url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  early.url = url.href;
  early.socket = new WebSocket(url);
  early.socket.addEventListener("message", keep);
  early.socket.addEventListener("close", keepClosing);
}

// The early socket if it was opened for `url` (once): {socket, received, closing}; else null.
export function takeEarlySocket(url) {
  const { socket, received, closing } = early;
  early.socket = null;
  if (!socket) return null;
  socket.removeEventListener("message", keep);
  socket.removeEventListener("close", keepClosing);
  if (early.url !== String(url)) {
    socket.close();
    return null;
  }
  return { socket, received, closing };
}
