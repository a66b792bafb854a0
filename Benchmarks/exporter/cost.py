#!/usr/bin/env python3
"""Exporter cost: `footprint exporter` beside Debian's prometheus-node-exporter, run by hand.

    python3 Benchmarks/exporter/cost.py [--footprint .build/release/footprint] [--node-exporter PATH]
                                        [--processes 180] [--seconds 60] [--scrapes 200] [--repeats 3]

footprint samples a synthetic node (the hidden `--synthetic-processes N` option: two CPU zones, DRAM,
one GPU and N processes, some in containers and jobs; about 500 series at N = 180) at a 1 s interval, so
that the scrape carries a known number of series, and then this machine's own sensors (NodeCollector:
/proc, powercap, NVML), which is what a node pays. node_exporter runs with its default collectors.
For each exporter, medians over --repeats rounds (the two take turns within a round):
  - scrape latency: --scrapes GETs of /metrics on one keep-alive connection, request sent to last byte read;
  - CPU share of one core over --seconds, scraped every 15 s as Prometheus does by default
    (utime + stime from /proc/PID/stat, all threads);
  - resident memory (VmRSS) at the end.
"""
import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def wait_serving(port, deadline=30):
    end = time.time() + deadline
    while time.time() < end:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/metrics")
            body = c.getresponse().read()
            c.close()
            if b"_joules_total{" in body or b"node_cpu_seconds_total" in body:
                return body
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing served on port {port}")


def measure(command, port, seconds, scrapes):
    p = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        body = wait_serving(port)
        time.sleep(3)  # a few samples in, the process settled
        series = sum(1 for line in body.decode().splitlines() if line and not line.startswith("#"))
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        latencies = []
        for _ in range(scrapes):
            t0 = time.perf_counter()
            c.request("GET", "/metrics")
            c.getresponse().read()
            latencies.append((time.perf_counter() - t0) * 1000)
        c.close()
        c0, t0 = cpu_seconds(p.pid), time.perf_counter()
        next_scrape = t0
        while time.perf_counter() - t0 < seconds:
            if time.perf_counter() >= next_scrape:
                s = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                s.request("GET", "/metrics")
                s.getresponse().read()
                s.close()
                next_scrape += 15
            time.sleep(0.25)
        share = (cpu_seconds(p.pid) - c0) / (time.perf_counter() - t0) * 100
        return {"series": series, "scrape_ms": statistics.median(latencies), "cpu_pct": share, "rss_mb": rss_mb(p.pid)}
    finally:
        p.terminate()
        p.wait()


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--footprint", default=os.path.join(ROOT, ".build/release/footprint"))
    a.add_argument("--node-exporter", default=shutil.which("prometheus-node-exporter") or "node_exporter")
    a.add_argument("--processes", type=int, default=180)
    a.add_argument("--seconds", type=float, default=60)
    a.add_argument("--scrapes", type=int, default=200)
    a.add_argument("--repeats", type=int, default=3)
    a.add_argument("--only", help="measure only the exporters whose name contains this")
    args = a.parse_args()
    tools = {
        "footprint exporter": ([args.footprint, "exporter", "--quiet", "--listen", "127.0.0.1:19875", "--interval", "1",
                                "--processes", str(args.processes), "--synthetic-processes", str(args.processes),
                                "--intensity", "400"], 19875),
        "node_exporter": ([args.node_exporter, "--web.listen-address=127.0.0.1:19100"], 19100),
        # The same exporter on this machine's own sensors (/proc, powercap, NVML): what a node pays.
        "footprint exporter, this node": ([args.footprint, "exporter", "--quiet", "--listen", "127.0.0.1:19876",
                                           "--interval", "1", "--intensity", "400"], 19876),
    }
    if args.only:
        tools = {name: tool for name, tool in tools.items() if args.only in name}
    rounds = {name: [] for name in tools}
    for r in range(args.repeats):
        for name, (command, port) in tools.items():
            result = measure(command, port, args.seconds, args.scrapes)
            rounds[name].append(result)
            print(f"round {r + 1} {name}: {result}", flush=True)
    print("\n| exporter | series | scrape median (ms) | CPU (% of a core) | RSS (MB) |\n| --- | ---: | ---: | ---: | ---: |")
    medians = {}
    for name, results in rounds.items():
        m = {k: statistics.median(x[k] for x in results) for k in results[0]}
        medians[name] = m
        print(f"| {name} | {m['series']:.0f} | {m['scrape_ms']:.2f} | {m['cpu_pct']:.2f} | {m['rss_mb']:.1f} |")
    n = medians.get("node_exporter")
    for name in ("footprint exporter", "footprint exporter, this node"):
        f = medians.get(name)
        if not f or not n:
            continue
        print(f"ratios {name} / node_exporter: scrape {f['scrape_ms'] / n['scrape_ms']:.2f}, "
              f"CPU {f['cpu_pct'] / max(n['cpu_pct'], 1e-9):.2f}, RSS {f['rss_mb'] / n['rss_mb']:.2f}")


if __name__ == "__main__":
    main()
