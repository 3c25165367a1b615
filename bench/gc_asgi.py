"""The board app (netzwerkstatt.asgi) with the garbage collector's pauses made visible, for diagnosis.

    board_fanout.py --board-app bench.gc_asgi:application [--keep-logs]

Logs every collection that took longer than 10 ms to the worker's stderr
("gc: generation 2 took 140.2 ms ..."); with BENCH_GC_FREEZE=1 it first moves
everything loaded at start-up (Django, Wagtail, the app) into the collector's
permanent generation (gc.freeze()), so full collections no longer scan it;
BENCH_GC_THRESHOLD="50000,20,100" sets the collector's thresholds (gc.set_threshold).
"""
import gc
import os
import sys
import time

from netzwerkstatt.asgi import application  # noqa: F401

_started = {}


def _log_pause(phase, info):
    if phase == "start":
        _started["t"] = time.perf_counter()
        return
    took = (time.perf_counter() - _started.pop("t", time.perf_counter())) * 1000
    if took > 10:
        print(f"gc: generation {info['generation']} took {took:.1f} ms, collected {info['collected']}, "
              f"tracked {len(gc.get_objects())}", file=sys.stderr, flush=True)


gc.callbacks.append(_log_pause)
if os.environ.get("BENCH_GC_THRESHOLD"):
    gc.set_threshold(*(int(x) for x in os.environ["BENCH_GC_THRESHOLD"].split(",")))
    print(f"gc: thresholds {gc.get_threshold()}", file=sys.stderr, flush=True)
if os.environ.get("BENCH_GC_FREEZE") == "1":
    gc.collect()
    gc.freeze()
    print(f"gc: froze {gc.get_freeze_count()} objects", file=sys.stderr, flush=True)
