#!/usr/bin/env python3
"""What a Python training process pays for being measured: the footprint-ml package against CodeCarbon, in one run.

    python3 Benchmarks/python/overhead.py [--footprint-python PY] [--codecarbon-python PY] [--repeats 20]

Medians over --repeats (the tools take turns within a round, so that both see the same machine), with the
ratio CodeCarbon / footprint:
  - import: `python -c "import footprint"` against `python -c "import codecarbon"`, each a fresh interpreter,
    less a bare interpreter's start (`python -c pass`, same interpreter);
  - task(): `with footprint.task("epoch 1"): pass`, enter + exit, in µs (timeit: median of 5 timings of many iterations), as a
    no-op (nothing measures) and with a live channel (inside a track, the meter reading the lines);
  - start and stop: `footprint.track()` enter and exit (starting `footprint attach` on the process, then
    stopping it and reading its summary) against CodeCarbon's `EmissionsTracker` construction + start() and
    stop(), and a call of a tiny function under `@footprint.track` and under CodeCarbon's `@track_emissions`
    (each call is a whole run for both), each in a fresh interpreter;
  - threads in the Python process while measuring (threading.active_count() and /proc/self/task).
footprint: --footprint-python imports the package (the default, this interpreter with Python/src on the
path); the binary is FOOTPRINT_BINARY or the package's own. CodeCarbon: --codecarbon-python, an interpreter
with `pip install codecarbon` (default /opt/footprint-codecarbon/bin/python); without one only footprint
runs. Neither tool writes anywhere that lasts: footprint records into a temporary ledger, CodeCarbon
with save_to_file=False.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", "..", "Python", "src"))

# Each measurement runs in a child interpreter of its tool; it prints one JSON object.
FOOTPRINT_TASK = r"""
import json, statistics, sys, timeit
import footprint
noop_iterations, live_iterations = int(sys.argv[1]), int(sys.argv[2])
def per_call(iterations):
    timings = timeit.repeat('with task("epoch 1"): pass', globals={"task": footprint.task}, number=iterations, repeat=5)
    return statistics.median(timings) / iterations * 1e6
noop = per_call(noop_iterations)
with footprint.track(name="task() benchmark") as run:
    live_measuring = footprint.measuring()
    live = per_call(live_iterations)
from footprint import _binary
print(json.dumps({"noop_us": noop, "live_us": live, "live_measuring": live_measuring, "run_id": run.run_id,
                  "binary": _binary.find(), "package": footprint.__file__}))
"""

# Start/stop, threads while measuring, and a decorated tiny function, each in a fresh interpreter: the same
# harness for both tools, with each tool's own lines in the gaps (SETUP, DECORATOR, START, STOP).
RUN_HARNESS = r"""
import json, os, sys, threading, time
SETUP
if sys.argv[1] == "decorator":
    DECORATOR
    def tiny():
        return 1
    t0 = time.perf_counter()
    tiny()
    print(json.dumps({"decorated_s": time.perf_counter() - t0}))
    sys.exit()
before = threading.active_count()
t0 = time.perf_counter()
START
started = time.perf_counter() - t0
during = (threading.active_count(), len(os.listdir("/proc/self/task")))
t1 = time.perf_counter()
STOP
stopped = time.perf_counter() - t1
print(json.dumps({"start_s": started, "stop_s": stopped, "threads_before": before, "threads_during": during[0],
                  "os_threads_during": during[1]}))
"""


def harness(setup, decorator, start, stop):
    lines = {"SETUP": setup, "DECORATOR": decorator, "START": start, "STOP": stop}
    """RUN_HARNESS with each placeholder line replaced by the tool's line (indented as the placeholder is)."""
    return "\n".join(lines.get(line.strip(), line) for line in RUN_HARNESS.split("\n"))


FOOTPRINT_RUN = harness(
    "import footprint",
    '    @footprint.track(name="decorated")',
    'run = footprint.track(name="start-stop benchmark"); run.__enter__()',
    "run.__exit__(None, None, None)",
)
# CodeCarbon as its README shows it: EmissionsTracker() with start()/stop(), and @track_emissions.
CODECARBON_RUN = harness(
    'from codecarbon import EmissionsTracker, track_emissions; import logging; logging.getLogger("codecarbon").setLevel(logging.ERROR)',
    '    @track_emissions(save_to_file=False, log_level="error")',
    'tracker = EmissionsTracker(save_to_file=False, log_level="error"); tracker.start()',
    "tracker.stop()",
)


# The children run in an empty folder: `python -c` looks for modules in the current folder first, and the
# first import lists it (a /tmp of 50,000 files costs 30 ms, which would be charged to whichever import came first).
EMPTY = tempfile.mkdtemp(prefix="footprint-overhead-cwd-")


def elapsed(python, module, environment):
    """Wall seconds of a fresh interpreter from exec to exit importing ``module`` (None: only starting), and the
    import's own seconds inside it (time.perf_counter around the import statement)."""
    code = (
        f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)" if module else "pass"
    )
    t0 = time.perf_counter()
    done = subprocess.run([python, "-c", code], env=environment, cwd=EMPTY, check=True, capture_output=True, text=True)
    return time.perf_counter() - t0, float(done.stdout) if module else 0.0


def child(python, code, environment, *arguments):
    done = subprocess.run(
        [python, "-c", code, *map(str, arguments)],
        env=environment,
        cwd=EMPTY,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        sys.exit(f"overhead: a child failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median(rows, key):
    return statistics.median(row[key] for row in rows if key in row)


def ratio(peer, ours):
    return f"{peer / ours:,.1f}×" if ours > 0 else "—"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--footprint-python", default=sys.executable)
    parser.add_argument("--codecarbon-python", default="/opt/footprint-codecarbon/bin/python")
    parser.add_argument("--repeats", type=int, default=20, help="rounds for import and start/stop (default 20)")
    parser.add_argument("--iterations", type=int, default=100_000, help="task() calls per timing (default 100,000)")
    parser.add_argument("--live-iterations", type=int, default=10_000, help="task() calls per live timing")
    arguments = parser.parse_args()

    ledger = tempfile.mkdtemp(prefix="footprint-overhead-")
    ours = {key: value for key, value in os.environ.items() if key not in ("FOOTPRINT_TASKS", "FOOTPRINT_RUN_ID")}
    ours["FOOTPRINT_LEDGER"] = os.path.join(ledger, "ledger.sqlite")
    probe = subprocess.run(
        [arguments.footprint_python, "-c", "import footprint"], env=ours, cwd=EMPTY, capture_output=True
    )
    if probe.returncode != 0:
        ours["PYTHONPATH"] = os.pathsep.join(filter(None, [SOURCE, ours.get("PYTHONPATH")]))
    # Both sides import from bytecode, as from an installed wheel (pip compiles at install): the first
    # import below writes it where the package was imported from source.
    ours.pop("PYTHONDONTWRITEBYTECODE", None)
    peer_python = arguments.codecarbon_python
    has_peer = (
        os.access(peer_python, os.X_OK) and subprocess.run([peer_python, "-c", "import codecarbon"]).returncode == 0
    )
    if not has_peer:
        print(f"overhead: no CodeCarbon at {peer_python}: footprint only", file=sys.stderr)
    peer = {key: value for key, value in ours.items() if key != "PYTHONPATH"}
    version = (
        subprocess.run(
            [peer_python, "-c", "import codecarbon; print(codecarbon.__version__)"], capture_output=True, text=True
        ).stdout.strip()
        if has_peer
        else None
    )

    # Import, in fresh interpreters, less the bare start of the same interpreter (after one import each,
    # which leaves the operating system's file cache and the bytecode as a second run of a training finds them).
    elapsed(arguments.footprint_python, "footprint", ours)
    if has_peer:
        elapsed(peer_python, "codecarbon", peer)
    imports = {"footprint": [], "codecarbon": []}
    inside = {"footprint": [], "codecarbon": []}
    for _ in range(arguments.repeats):
        for tool, python, environment in (
            ("footprint", arguments.footprint_python, ours),
            ("codecarbon", peer_python, peer),
        ):
            if tool == "codecarbon" and not has_peer:
                continue
            bare, _ = elapsed(python, None, environment)
            whole, own = elapsed(python, tool, environment)
            imports[tool].append(whole - bare)
            inside[tool].append(own)

    # task(), as a no-op and with a live channel.
    tasks = child(arguments.footprint_python, FOOTPRINT_TASK, ours, arguments.iterations, arguments.live_iterations)

    # Start/stop, the decorator, threads.
    runs = {"footprint": [], "codecarbon": []}
    for _ in range(max(3, arguments.repeats // 4)):
        for mode in ("track", "decorator"):
            runs["footprint"].append(child(arguments.footprint_python, FOOTPRINT_RUN, ours, mode))
            if has_peer:
                runs["codecarbon"].append(child(peer_python, CODECARBON_RUN, peer, mode))

    ms = 1000
    fp_import = statistics.median(imports["footprint"]) * ms
    print(
        f"python {sys.version.split()[0]}, footprint-ml from {os.path.dirname(tasks['package'])}, binary {tasks['binary']}"
    )
    print(
        f"codecarbon {version or '(not run)'}; medians of {arguments.repeats} rounds (imports), {len(runs['footprint']) // 2} (runs)"
    )
    print(f"{'':46} {'footprint':>12} {'CodeCarbon':>12} {'ratio':>10}")

    def line(label, ours_value, peer_value, unit):
        shown_peer = f"{peer_value:,.3g} {unit}" if peer_value is not None else "—"
        shown_ratio = ratio(peer_value, ours_value) if peer_value is not None and unit else ""
        print(f"{label:46} {f'{ours_value:,.3g} {unit}':>12} {shown_peer:>12} {shown_ratio:>10}")

    cc_import = statistics.median(imports["codecarbon"]) * ms if has_peer else None
    line("import (fresh interpreter, less bare start)", fp_import, cc_import, "ms")
    line(
        "import (the statement, timed inside)",
        statistics.median(inside["footprint"]) * ms,
        statistics.median(inside["codecarbon"]) * ms if has_peer else None,
        "ms",
    )
    line("task() enter+exit, nothing measuring", tasks["noop_us"], None, "µs")
    line("task() enter+exit, live channel", tasks["live_us"], None, "µs")
    for key, label in (("start_s", "start"), ("stop_s", "stop"), ("decorated_s", "decorated tiny function")):
        line(
            label, median(runs["footprint"], key) * ms, median(runs["codecarbon"], key) * ms if has_peer else None, "ms"
        )
    for key, label in (
        ("threads_during", "Python threads while measuring"),
        ("os_threads_during", "OS threads while measuring"),
    ):
        line(label, median(runs["footprint"], key), median(runs["codecarbon"], key) if has_peer else None, "")
    print(
        json.dumps({"imports_s": imports, "import_statement_s": inside, "tasks": tasks, "runs": runs}), file=sys.stderr
    )
    if not tasks["live_measuring"]:
        print("overhead: the live task() timing ran with nothing measuring (track did not start)", file=sys.stderr)


if __name__ == "__main__":
    main()
