"""The figures of one fault scenario (bench/board_faults.py), the targets they are checked against, and the table.

Input: what the clients recorded (bench/board_client.py), what the database holds
after the drain, and the workers' logs of the scenario. Times are
time.perf_counter() seconds of the benchmark process; latencies are printed in ms.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bench.harness import count_log_lines, pct

# What the workers' stderr is searched for, per scenario.
LOG_PATTERNS = {
    # uvicorn's line for an ASGI application that raised: a consumer crashed and its socket was closed.
    "asgi_exceptions": re.compile(r"Exception in ASGI application"),
    "tracebacks": re.compile(r"^Traceback \(most recent call last\)"),
    "deadlock_lines": re.compile(r"deadlock detected"),
    # Errors the app catches and logs (with a traceback) without crashing.
    "broadcast_failed": re.compile(r"Broadcast to board \d+ failed"),
    "presence_failed": re.compile(r"Presence (broadcast|heartbeat|list) for board"),
    "over_capacity": re.compile(r"over capacity"),
}
WINDOW_S = 10.0  # the window after the fault
RESYNC_TARGET_S = 10.0
LIVE_TARGET_S = 10.0
EVENT_P95_TARGET_MS = 1000.0


@dataclass
class ScenarioRun:
    """Everything a scenario leaves behind to be judged."""

    name: str
    board_id: int
    clients: list  # BoardClient: the members posting normally
    flood: object = None  # FloodClient in the flood scenario
    posts: dict = field(default_factory=dict)  # client_id -> Post
    started: float = 0.0  # posting began
    posting_ended: float = 0.0
    drained: float = 0.0  # the drain ended (all settled, or its deadline)
    drain_complete: bool = False
    not_synced_at_end: list = field(default_factory=list)  # names of clients not synced when the drain ended
    fault: dict = field(default_factory=dict)  # what was done, to whom (JSON-able)
    times: dict = field(default_factory=dict)  # when (perf_counter): "at" is the fault's start
    stored: dict = field(default_factory=dict)  # client_id -> number of stored cards with it
    last_seq: int = 0
    event_rows: int = 0
    max_event_seq: int = 0
    pg_deadlocks: int = 0  # delta of pg_stat_database.deadlocks over the scenario
    log_paths: list = field(default_factory=list)
    log_offsets: dict = field(default_factory=dict)


def exception_kinds(paths, offsets):
    """The exception that ended each traceback in the logs (the last of a chain), with counts."""
    kinds = Counter()
    for p in paths:
        try:
            with open(p, "rb") as fh:
                fh.seek(offsets.get(str(p), 0))
                lines = fh.read().decode(errors="replace").splitlines()
        except OSError:
            continue
        inside = False
        for i, line in enumerate(lines):
            if line.startswith("Traceback (most recent call last)"):
                inside = True
            elif inside and line and not line[0].isspace():
                inside = False
                following = next((x for x in lines[i + 1:i + 3] if x.strip()), "")
                if following.startswith(("During handling of the above exception", "The above exception was")):
                    continue  # the chain goes on: its last exception is the one that escaped
                kinds[re.sub(r"\d{4,}", "N", line.strip())[:140]] += 1
    return kinds


def _ms(seconds):
    return [round(s * 1000, 1) for s in seconds]


def _latencies(run, since=None, until=None):
    """Event latency (a card posted -> it entered another client's board), ack latency (posted -> ack) and
    ack latency from the frame the ack answered (sent -> ack), in ms."""
    events, acks, answered = [], [], []
    for post in run.posts.values():
        if post.author == getattr(run.flood, "name", None):
            continue  # the flood is the fault, not the measured traffic
        if since is not None and not since <= post.posted_at < until:
            continue
        if post.acked_at is not None:
            acks.append(post.acked_at - post.posted_at)
            answered.append(post.acked_at - post.acked_send_at)
        for client in run.clients:
            if client.name != post.author and post.client_id in client.seen:
                events.append(client.seen[post.client_id] - post.posted_at)
    return pct(sorted(_ms(events))), pct(sorted(_ms(acks))), pct(sorted(_ms(answered)))


def _first_after(times, t):
    return next((x for x in times if x >= t), None)


def figures(run):
    """The scenario's figures as a JSON-able dict."""
    stayed = [c for c in run.clients if not c.stopped]
    flood_name = getattr(run.flood, "name", None)
    own_posts = [p for p in run.posts.values() if p.author != flood_name]
    not_stored = [p for p in run.posts.values()
                  if p.sends and p.client_id not in run.stored and (p.acked_at is not None or not p.refused)]
    missing = Counter()
    for client in stayed:
        for client_id in set(run.stored) - client.client_ids:
            missing[client_id] += 1
    refused = Counter(p.refused for p in own_posts if p.refused)
    result = {
        "scenario": run.name,
        "board_id": run.board_id,
        "clients": len(run.clients),
        "clients_refused_for_good": len(run.clients) - len(stayed),
        "posting_seconds": round(run.posting_ended - run.started, 1),
        "drain_seconds": round(run.drained - run.posting_ended, 1),
        "drain_complete": run.drain_complete,
        "cards": {
            "posted": len(own_posts),
            "sent": sum(1 for p in own_posts if p.sends),
            "acked": sum(1 for p in own_posts if p.acked_at is not None),
            "stored": sum(1 for p in own_posts if p.client_id in run.stored),
            "on_board": len(run.stored),
            "sends_per_card": round(sum(p.sends for p in own_posts) / max(1, len(own_posts)), 2),
            "refused": dict(refused),
            "still_in_outboxes": sum(c.pending() for c in run.clients),
            "never_sent": sum(1 for p in own_posts if not p.sends),
        },
        "lost": {
            "sent_not_stored": len(not_stored),
            "acked_not_stored": sum(1 for p in not_stored if p.acked_at is not None),
            "stored_not_seen_pairs": sum(missing.values()),  # (card, client) pairs
            "stored_not_seen_cards": len(missing),
        },
        "doubled": {
            "db_cards_sharing_client_id": sum(n - 1 for n in run.stored.values() if n > 1),
            "client_card_created_twice": sum(c.applied_twice for c in run.clients),
            "client_two_cards_one_client_id": sum(c.doubled_in_state for c in run.clients),
        },
        "gaps": {
            "board_last_seq": run.last_seq,
            "event_log_rows": run.event_rows,
            "event_log_gap_free": run.event_rows == run.last_seq == run.max_event_seq,
            "unrepaired_clients": sum(1 for c in stayed if c.seq != run.last_seq),
            "unrepaired_samples": sorted(f"{c.name}: {c.seq}" for c in stayed if c.seq != run.last_seq)[:5],
            "gaps_seen": sum(c.gaps_seen for c in run.clients),
            "resumes_sent": sum(c.resumes_sent for c in run.clients),
            "redundant_events": sum(c.redundant_events for c in run.clients),
        },
        "connections": {
            "close_codes": dict(sum((c.close_codes for c in run.clients), Counter())),
            "connect_failures": dict(sum((c.connect_failures for c in run.clients), Counter())),
            "connects": sum(c.connects for c in run.clients),
            "snapshots": sum(c.snapshots for c in run.clients),
            "ping_timeouts": sum(c.ping_timeouts for c in run.clients),
        },
    }
    counts, samples = count_log_lines(run.log_paths, LOG_PATTERNS, run.log_offsets)
    result["server_log"] = counts
    result["server_log_samples"] = samples
    result["exceptions"] = dict(exception_kinds(run.log_paths, run.log_offsets).most_common(8))
    result["deadlocks"] = {"log_lines": counts["deadlock_lines"], "pg_stat_database": run.pg_deadlocks}

    downtimes = []
    for client in run.clients:
        spans = list(client.downtimes)
        if client.down_since is not None:
            spans.append((client.down_since, run.drained))  # still down at the end
        downtimes += [end - start for start, end in spans]
    result["downtime"] = {
        "clients_down_at_some_time": sum(1 for c in run.clients if c.downtimes or c.down_since is not None),
        "clients_not_synced_at_end": len(run.not_synced_at_end),
        "longest_s": round(max(downtimes), 2) if downtimes else 0.0,
    }
    result["fault"] = fault_figures(run)

    result["event_latency_ms"], result["ack_latency_ms"], result["ack_from_send_ms"] = _latencies(run)
    at = run.times.get("at")
    if at is not None:
        (result["event_latency_after_fault_ms"], result["ack_latency_after_fault_ms"],
         result["ack_from_send_after_fault_ms"]) = _latencies(run, at, at + WINDOW_S)
    if run.flood is not None:
        f = run.flood
        result["flood"] = {
            "frames": run.fault.get("flood_frames"),
            "answered": f.answered(),
            "answers": dict(f.answers),
            "send_seconds": round(f.flood_sent - f.flood_started, 2) if f.flood_sent else None,
            "last_answer_after_s": round(f.last_answer_at - f.flood_started, 2) if f.last_answer_at else None,
            "its_cards_stored": sum(1 for p in run.posts.values() if p.author == f.name and p.client_id in run.stored),
        }
    result["targets"] = targets(run.name, result)
    return result


def fault_figures(run):
    """Times of the fault itself: who was hit, how long until they were back."""
    fault = {k: v for k, v in run.fault.items() if k != "victims"}
    for key, value in run.times.items():
        fault[f"{key}_s"] = round(value - run.started, 2)  # seconds after posting began
    killed_at = run.times.get("worker_killed")
    if killed_at is not None:
        victims = [c for c in run.clients if c.name in run.fault.get("victims", ())]
        back, where = [], Counter()
        for client in victims:
            sync = next(((t, port) for t, port in client.syncs if t >= killed_at), None)
            if sync is None:
                back.append(None)
                continue
            back.append(sync[0] - killed_at)
            where["other worker" if sync[1] != run.fault["killed_port"] else "restarted worker"] += 1
        fault["victims"] = len(victims)
        fault["victims_not_resynced"] = back.count(None)
        resynced = sorted(x for x in back if x is not None)
        fault["victims_resynced_all_s"] = round(resynced[-1], 2) if resynced and None not in back else None
        fault["victims_resynced_p50_s"] = round(resynced[len(resynced) // 2], 2) if resynced else None
        fault["victims_resynced_on"] = dict(where)
    back_at = run.times.get("redis_back")
    if back_at is not None:
        fault.update(_live_again(run.clients, back_at, "after_redis_back"))
    if killed_at is not None:
        fault.update(_live_again(run.clients, killed_at, "after_kill"))
    return fault


def _live_again(clients, since, label):
    """How long after `since` every client was live: synced and applying an event that arrived live."""
    delays = [(_first_after(c.live_events, since) or float("nan")) - since for c in clients]
    not_live = sum(1 for d in delays if d != d)
    live = sorted(d for d in delays if d == d)
    return {
        f"all_live_{label}_s": round(live[-1], 2) if live and not not_live else None,
        f"clients_never_live_{label}": not_live,
    }


def targets(name, r):
    """The issue's targets, each as (target, holds)."""
    checks = [
        ("0 lost (not stored)", r["lost"]["sent_not_stored"] == 0),
        ("0 lost (stored, not seen by a client)", r["lost"]["stored_not_seen_pairs"] == 0),
        ("0 doubled", not any(r["doubled"].values())),
        ("0 unrepaired gaps", r["gaps"]["unrepaired_clients"] == 0),
        ("0 consumer crashes", r["server_log"]["asgi_exceptions"] == 0),
        ("0 deadlocks", r["deadlocks"]["log_lines"] == 0 and r["deadlocks"]["pg_stat_database"] == 0),
        ("event p95 < 1 s", (r["event_latency_ms"]["p95"] or 0) < EVENT_P95_TARGET_MS
         and r["event_latency_ms"]["n"] > 0),
    ]
    fault = r["fault"]
    if "victims" in fault:
        t = fault.get("victims_resynced_all_s")
        checks.append(("killed worker's clients synced on the other worker within 10 s",
                       t is not None and t <= RESYNC_TARGET_S
                       and fault.get("victims_resynced_on", {}).get("other worker", 0) == fault["victims"]))
    if "all_live_after_redis_back_s" in fault:
        t = fault["all_live_after_redis_back_s"]
        checks.append(("every client live within 10 s of Redis back", t is not None and t <= LIVE_TARGET_S))
    return [[label, bool(ok)] for label, ok in checks]


# --- the printed table ---------------------------------------------------------------------------

def _lat(x):
    if not x or x.get("n", 0) == 0:
        return "-"
    return f"{x['p50']:.0f}/{x['p95']:.0f}/{x['max']:.0f}"


def _counts(d):
    return " ".join(f"{k}:{v}" for k, v in sorted(d.items(), key=lambda kv: -kv[1])) or "-"


ROWS = [
    ("cards posted / acked / stored", lambda r: f"{r['cards']['posted']}/{r['cards']['acked']}/{r['cards']['stored']}"),
    ("lost: sent, not stored", lambda r: r["lost"]["sent_not_stored"]),
    ("lost: stored, not seen (pairs)", lambda r: r["lost"]["stored_not_seen_pairs"]),
    ("posts left in outboxes", lambda r: r["cards"]["still_in_outboxes"]),
    ("doubled (db/twice/one id)", lambda r: "/".join(str(v) for v in r["doubled"].values())),
    ("unrepaired gaps (clients)", lambda r: r["gaps"]["unrepaired_clients"]),
    ("gaps seen / resumes", lambda r: f"{r['gaps']['gaps_seen']}/{r['gaps']['resumes_sent']}"),
    ("consumer crashes (ASGI exc.)", lambda r: r["server_log"]["asgi_exceptions"]),
    ("tracebacks in worker logs", lambda r: r["server_log"]["tracebacks"]),
    ("layer 'over capacity' lines", lambda r: r["server_log"]["over_capacity"]),
    ("deadlocks (log / pg_stat)", lambda r: f"{r['deadlocks']['log_lines']}/{r['deadlocks']['pg_stat_database']}"),
    ("longest client downtime s", lambda r: r["downtime"]["longest_s"]),
    ("killed worker's clients back s", lambda r: r["fault"].get("victims_resynced_all_s", "-")
     if "victims" in r["fault"] else "-"),
    ("all live after Redis back s", lambda r: r["fault"].get("all_live_after_redis_back_s", "-")
     if "all_live_after_redis_back_s" in r["fault"] else "-"),
    ("event ms p50/p95/max", lambda r: _lat(r["event_latency_ms"])),
    ("event ms, 10 s after fault", lambda r: _lat(r.get("event_latency_after_fault_ms"))),
    ("ack ms p50/p95/max", lambda r: _lat(r["ack_latency_ms"])),
    ("ack ms, 10 s after fault", lambda r: _lat(r.get("ack_latency_after_fault_ms"))),
    ("ack ms from its frame's send", lambda r: _lat(r["ack_from_send_ms"])),
    ("close codes", lambda r: _counts(r["connections"]["close_codes"])),
    ("connect failures", lambda r: _counts(r["connections"]["connect_failures"])),
    ("flood answered / acks", lambda r: f"{r['flood']['answered']}/{r['flood']['answers'].get('ack', 0)}"
     if "flood" in r else "-"),
]


def table(results):
    """Metrics down, scenarios across; cells that hold many values wrap below the table."""
    names = [r["scenario"] for r in results]
    rows = [("", *names)]
    for label, get in ROWS:
        cells = []
        for r in results:
            try:
                value = get(r)
            except (KeyError, TypeError):
                value = "-"
            cells.append("-" if value is None else str(value))
        rows.append((label, *cells))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        lines.append("  ".join([row[0].ljust(widths[0])] + [v.rjust(w) for v, w in zip(row[1:], widths[1:])]))
    return "\n".join(lines)


def targets_summary(results):
    lines, missed = [], []
    for r in results:
        for label, ok in r["targets"]:
            if not ok:
                missed.append(f"{r['scenario']}: {label}")
    lines.append("targets missed: " + ("none" if not missed else ""))
    lines += [f"  - {m}" for m in missed]
    return "\n".join(lines), missed
