#!/usr/bin/env python3
"""Meter overhead: footprint against CodeCarbon 3.3.2, watching an idle machine, in one run.

    python3 Benchmarks/meter/overhead.py [--footprint PATH] [--python VENV_PYTHON] [--seconds 10] [--repeats 3]

Measures for each tool, at 1 s and 0.1 s sampling, medians over --repeats rounds (the tools take
turns within a round, so that both see the same machine):
  - whole process: CPU time (user + system, all threads) and peak RSS from os.wait4 on the
    process, start-up included: for footprint `footprint monitor --duration T --interval S`; for
    CodeCarbon the python process, interpreter start and `import codecarbon` included;
  - CPU while measuring, inside the process (CodeCarbon: resource.getrusage around the tracker,
    as the figures before 2026-11-30 were taken);
  - steady-state CPU (the slope between a T/2 and a 2T run, so start-up cost is separate);
  - start-up: footprint `run -- true` end to end (median of 30, with its peak RSS); CodeCarbon
    tracker construction + start().
CodeCarbon runs as the shared/bench/README.md says: OfflineEmissionsTracker(country_iso_code="DEU",
measure_power_secs=S, save_to_file=False) around time.sleep(T).
--python names an interpreter with `pip install codecarbon==3.3.2`; without one only footprint runs.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

CODECARBON = r"""
import json, resource, sys, time
interval, seconds = float(sys.argv[1]), float(sys.argv[2])
from codecarbon import OfflineEmissionsTracker
import logging; logging.getLogger("codecarbon").setLevel(logging.ERROR)
r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.perf_counter()
tracker = OfflineEmissionsTracker(country_iso_code="DEU", measure_power_secs=interval, save_to_file=False, log_level="error")
tracker.start()
started = time.perf_counter() - t0
time.sleep(seconds)
tracker.stop()
r1 = resource.getrusage(resource.RUSAGE_SELF); wall = time.perf_counter() - t0
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print(json.dumps({"cpu_s": cpu, "wall_s": wall, "start_s": started, "maxrss_mb": r1.ru_maxrss / 1024}))
"""


def wait(p):
    """Whole-process CPU seconds, wall seconds and peak RSS of a started process."""
    t0 = time.perf_counter()
    _, status, ru = os.wait4(p.pid, 0)
    return status, {"cpu_s": ru.ru_utime + ru.ru_stime, "wall_s": time.perf_counter() - t0,
                    "maxrss_mb": ru.ru_maxrss / 1024}


def footprint_monitor(binary, interval, seconds):
    p = subprocess.Popen([binary, "monitor", "--quiet", "--duration", str(seconds), "--interval", str(interval)],
                         env={**os.environ, "FOOTPRINT_DATA_DIR": "/tmp/footprint-bench"})
    status, whole = wait(p)
    if status != 0:
        sys.exit(f"footprint monitor failed with status {status}")
    return {**whole, "inner_cpu_s": whole["cpu_s"], "inner_wall_s": whole["wall_s"]}


def codecarbon(python, interval, seconds):
    p = subprocess.Popen([python, "-c", CODECARBON, str(interval), str(seconds)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    status, whole = wait(p)
    out, err = p.stdout.read(), p.stderr.read()
    if status != 0:
        sys.exit("CodeCarbon failed:\n" + err[-2000:])
    inner = json.loads(out.strip().splitlines()[-1])
    return {**whole, "inner_cpu_s": inner["cpu_s"], "inner_wall_s": inner["wall_s"], "start_s": inner["start_s"]}


def median(rows, key):
    return statistics.median(r[key] for r in rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--footprint", default=os.path.join(ROOT, ".build/release/footprint"))
    parser.add_argument("--python", default=None, help="interpreter with codecarbon==3.3.2")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(args.footprint):
        sys.exit(f"no footprint binary at {args.footprint}: swift build -c release --static-swift-stdlib")

    tools = {"footprint": lambda i, s: footprint_monitor(args.footprint, i, s)}
    if args.python:
        tools["codecarbon"] = lambda i, s: codecarbon(args.python, i, s)
    rounds = {}
    for _ in range(args.repeats):
        for interval in (1.0, 0.1):
            for tool, run in tools.items():
                short, whole, long = (run(interval, args.seconds * k) for k in (0.5, 1, 2))
                slope = (long["inner_cpu_s"] - short["inner_cpu_s"]) / (long["inner_wall_s"] - short["inner_wall_s"]) * 100
                rounds.setdefault((tool, interval), []).append({
                    **whole, "percent": whole["cpu_s"] / whole["wall_s"] * 100,
                    "inner_percent": whole["inner_cpu_s"] / whole["inner_wall_s"] * 100, "steady": slope})
    results = {key: {k: median(rows, k) for k in rows[0]} for key, rows in rounds.items()}

    starts = []
    for _ in range(30):
        p = subprocess.Popen([args.footprint, "run", "--quiet", "--", "true"],
                             env={**os.environ, "FOOTPRINT_DATA_DIR": "/tmp/footprint-bench"})
        _, whole = wait(p)
        starts.append(whole)
    start_ms = median(starts, "wall_s") * 1000
    start_cpu_ms = median(starts, "cpu_s") * 1000
    start_rss, start_rss_max = median(starts, "maxrss_mb"), max(s["maxrss_mb"] for s in starts)

    print(f"medians of {args.repeats} rounds, {args.seconds:g} s runs; whole process = os.wait4, start-up included")
    print(f"{'tool':<11} {'interval':>8} {'CPU s':>7} {'CPU % (whole process)':>22} {'CPU % (in process)':>19} "
          f"{'CPU % (steady)':>15} {'peak RSS MB':>12}")
    for (tool, interval), r in sorted(results.items(), key=lambda kv: (-kv[0][1], kv[0][0])):
        print(f"{tool:<11} {interval:>7}s {r['cpu_s']:>7.3f} {r['percent']:>21.3f}% {r['inner_percent']:>18.3f}% "
              f"{r['steady']:>14.4f}% {r['maxrss_mb']:>12.1f}")
    for interval in (1.0, 0.1):
        f, c = results.get(("footprint", interval)), results.get(("codecarbon", interval))
        if f and c:
            # A slope at or below zero is noise (the VM varies more than footprint costs at 1 s).
            steady = f"{c['steady'] / f['steady']:.0f}x" if f['steady'] > 0 and c['steady'] > 0 else "noise"
            print(f"ratio at {interval}s: CodeCarbon uses {c['cpu_s'] / f['cpu_s']:.0f}x footprint's CPU, whole process "
                  f"({c['inner_cpu_s'] / f['cpu_s']:.0f}x counting CodeCarbon's tracker alone, "
                  f"{steady} steady), {c['maxrss_mb'] / f['maxrss_mb']:.1f}x its memory")
    print(f"footprint run -- true: median {start_ms:.1f} ms end to end, {start_cpu_ms:.1f} ms CPU, "
          f"peak RSS median {start_rss:.1f} MB (max {start_rss_max:.1f} MB)")
    if ("codecarbon", 1.0) in results:
        c = results[("codecarbon", 1.0)]
        print(f"CodeCarbon tracker construction + start(): {c['start_s'] * 1000:.0f} ms "
              f"({c['start_s'] * 1000 / start_ms:.0f}x footprint's whole run)")


if __name__ == "__main__":
    main()
