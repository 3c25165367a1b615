// The board's boot data, embedded by the server with json_script (ideas/board/page_data.py).

export const root = document.getElementById("board");
export const boot = JSON.parse(document.getElementById("board-boot").textContent);
export const S = boot.strings;
export const KINDS = boot.kinds.map(([value]) => value);
export const KIND_LABELS = Object.fromEntries(boot.kinds);
