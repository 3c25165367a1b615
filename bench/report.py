#!/usr/bin/env python
"""Render bench/board_fanout.py result files as the Markdown tables of docs/performance.md.

    .venv/bin/python bench/report.py bench/results/board_fanout-*.json
"""
import json
import sys


def ms(v):
    return "–" if v is None else (f"{v:.0f}" if v >= 100 else f"{v:.1f}")


def main(paths):
    for path in paths:
        with open(path) as fh:
            report = json.load(fh)
        s = report["settings"]
        print(f"### {path}\n")
        print(f"{report['command']} — {s['cards']} cards at {s['rate']}/s, {s['posters']} posters, "
              f"{s['workers']} workers, database {s['db']}, connections {s.get('db_connections', 'new')}"
              f"{', CONN_MAX_AGE %s' % s['conn_max_age'] if s.get('conn_max_age') else ''}\n")
        print("| watchers | layer | server | bare p50 / p95 / p99 ms | board p50 / p95 / p99 ms | board/bare p99 "
              "| lost bare / board | dup | TooManyConn | board connect s | board ack p50 ms | worker CPU bare / board "
              "| load |")
        print("|---:|---|---|---|---|---:|---|---|---|---:|---:|---|---:|")
        for c in report["cells"]:
            bare, board = c.get("bare", {}), c.get("board", {})

            def lat(r):
                if "latency_ms" not in r:
                    return "failed" if r.get("failed") else "–"
                x = r["latency_ms"]
                return f"{ms(x['p50'])} / {ms(x['p95'])} / {ms(x['p99'])}"

            def pair(key, sub=None):
                vals = []
                for r in (bare, board):
                    v = r.get(key, "–") if sub is None else r.get(key, {}).get(sub, "–")
                    vals.append(str(v))
                return " / ".join(vals)

            print(f"| {c['watchers']} | {c['layer']} | {c['server']} | {lat(bare)} | {lat(board)} "
                  f"| {c.get('ratio_p99') or '–'} | {pair('lost')} | {pair('duplicates')} "
                  f"| {pair('server_log', 'too_many_connections')} | {board.get('connect_seconds', '–')} "
                  f"| {ms(board.get('ack_ms', {}).get('p50'))} | {pair('worker_cpu_percent')} % "
                  f"| {c['loadavg_at_start'][0]} |")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
