#!/usr/bin/env python3
"""Meter overhead: footprint against CodeCarbon 3.3.2, watching an idle machine, in one run.

    python3 Benchmarks/meter/overhead.py [--footprint PATH] [--python VENV_PYTHON] [--seconds 10]

Measures for each tool, at 1 s and 0.1 s sampling:
  - CPU time while measuring, as % of one core (process rusage: user + system, all threads);
  - steady-state CPU (the slope between a short and a long run, so start-up cost is separate);
  - peak resident memory;
  - start-up: footprint `run -- true` end to end; CodeCarbon tracker construction + start().
CodeCarbon runs as the shared/bench/README.md says: OfflineEmissionsTracker(country_iso_code="DEU",
measure_power_secs=S, save_to_file=False) around time.sleep(T), CPU read with resource.getrusage.
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


def footprint_monitor(binary, interval, seconds):
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "monitor", "--quiet", "--duration", str(seconds), "--interval", str(interval)],
                         env={**os.environ, "FOOTPRINT_DATA_DIR": "/tmp/footprint-bench"})
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"footprint monitor failed with status {status}")
    return {"cpu_s": ru.ru_utime + ru.ru_stime, "wall_s": time.perf_counter() - t0, "maxrss_mb": ru.ru_maxrss / 1024}


def codecarbon(python, interval, seconds):
    out = subprocess.run([python, "-c", CODECARBON, str(interval), str(seconds)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("CodeCarbon failed:\n" + out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def steady(run, interval, short, long):
    a, b = run(interval, short), run(interval, long)
    return b, (b["cpu_s"] - a["cpu_s"]) / (b["wall_s"] - a["wall_s"]) * 100


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--footprint", default=os.path.join(ROOT, ".build/release/footprint"))
    parser.add_argument("--python", default=None, help="interpreter with codecarbon==3.3.2")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if not os.path.exists(args.footprint):
        sys.exit(f"no footprint binary at {args.footprint}: swift build -c release --static-swift-stdlib")

    results = {}
    for interval in (1.0, 0.1):
        run = lambda i, s: footprint_monitor(args.footprint, i, s)
        whole, slope = steady(run, interval, args.seconds / 2, args.seconds * 2)
        results[("footprint", interval)] = {**whole, "percent": whole["cpu_s"] / whole["wall_s"] * 100, "steady": slope}
        if args.python:
            run = lambda i, s: codecarbon(args.python, i, s)
            whole, slope = steady(run, interval, args.seconds / 2, args.seconds * 2)
            results[("codecarbon", interval)] = {**whole, "percent": whole["cpu_s"] / whole["wall_s"] * 100, "steady": slope}

    starts = []
    for _ in range(30):
        t0 = time.perf_counter()
        p = subprocess.Popen([args.footprint, "run", "--quiet", "--", "true"],
                             env={**os.environ, "FOOTPRINT_DATA_DIR": "/tmp/footprint-bench"})
        _, _, ru = os.wait4(p.pid, 0)
        starts.append((time.perf_counter() - t0, ru.ru_maxrss / 1024))
    start_ms = statistics.median(s[0] for s in starts) * 1000
    start_rss = max(s[1] for s in starts)

    print(f"{'tool':<11} {'interval':>8} {'CPU % (whole run)':>18} {'CPU % (steady)':>15} {'peak RSS MB':>12}")
    for (tool, interval), r in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        print(f"{tool:<11} {interval:>7}s {r['percent']:>17.3f}% {r['steady']:>14.4f}% {r['maxrss_mb']:>12.1f}")
    for interval in (1.0, 0.1):
        f, c = results.get(("footprint", interval)), results.get(("codecarbon", interval))
        if f and c:
            print(f"ratio at {interval}s: CodeCarbon uses {c['percent'] / f['percent']:.0f}x footprint's CPU over the run "
                  f"({c['steady'] / max(f['steady'], 1e-9):.0f}x steady), {c['maxrss_mb'] / f['maxrss_mb']:.1f}x its memory")
    print(f"footprint run -- true: median {start_ms:.1f} ms end to end, peak RSS {start_rss:.1f} MB")
    if ("codecarbon", 1.0) in results:
        c = results[("codecarbon", 1.0)]
        print(f"CodeCarbon tracker construction + start(): {c['start_s'] * 1000:.0f} ms "
              f"({c['start_s'] * 1000 / start_ms:.0f}x footprint's whole run)")


if __name__ == "__main__":
    main()
