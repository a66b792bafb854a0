#!/usr/bin/env python3
"""Start-up cost of a few footprint commands: CPU (os.wait4), wall time and peak RSS, medians.

    python3 Benchmarks/meter/startup.py [--footprint PATH] [--runs 15]

`--version` opens nothing (the floor of any command), `runs --limit 1` opens the ledger read-only,
`run -- true` and a 0.2 s and a 1 s `monitor` record a run. The ledger is a fresh one under /tmp.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--footprint", default=os.path.join(ROOT, ".build/release/footprint"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not os.path.exists(args.footprint):
        sys.exit(f"no footprint binary at {args.footprint}: swift build -c release --static-swift-stdlib")
    env = {**os.environ, "FOOTPRINT_DATA_DIR": tempfile.mkdtemp(prefix="footprint-startup-")}
    for command in (["--version"], ["run", "--quiet", "--", "true"], ["runs", "--limit", "1"],
                    ["monitor", "--quiet", "--duration", "0.2", "--interval", "0.1"],
                    ["monitor", "--quiet", "--duration", "1", "--interval", "0.1"]):
        rows = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            p = subprocess.Popen([args.footprint] + command, stdout=subprocess.DEVNULL, env=env)
            _, _, ru = os.wait4(p.pid, 0)
            rows.append((time.perf_counter() - t0, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024))
        wall, cpu, rss = (statistics.median(r[i] for r in rows) for i in range(3))
        print(f"footprint {' '.join(command):<45} wall {wall * 1000:6.1f} ms  CPU {cpu * 1000:5.1f} ms  "
              f"peak RSS {rss:5.1f} MB")


if __name__ == "__main__":
    main()
