#!/usr/bin/env python3
"""Writes a large CodeCarbon 3.x emissions.csv for timing `footprint runs import` and `footprint runs`.

Rows look like the ones codecarbon 3.3.2 writes (all 38 columns, plausible values), each with its
own run_id, one minute apart. Deterministic: the same size gives the same file.

    python3 Benchmarks/ledger/make_codecarbon_csv.py --megabytes 50 /tmp/cc-50mb.csv
    head -c 50M /dev/urandom > /tmp/random-50mb.csv     # the input an import must reject cheaply
"""
import argparse
import datetime
import random
import uuid

COLUMNS = ("timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
           "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,"
           "region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,"
           "gpu_model,longitude,latitude,ram_total_size,tracking_mode,cpu_utilization_percent,"
           "gpu_utilization_percent,ram_utilization_percent,ram_used_gb,on_cloud,pue,wue")


def row(rng: random.Random, index: int, start: datetime.datetime) -> str:
    duration = rng.uniform(1, 3600)
    cpu_w, gpu_w, ram_w = rng.uniform(5, 150), rng.choice([0.0, rng.uniform(50, 700)]), rng.uniform(3, 40)
    cpu, gpu, ram = (w * duration / 3.6e6 for w in (cpu_w, gpu_w, ram_w))
    energy = cpu + gpu + ram
    emissions = energy * rng.uniform(0.05, 0.8)
    stamp = (start + datetime.timedelta(minutes=index)).strftime("%Y-%m-%dT%H:%M:%S")
    run_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    return ",".join(str(v) for v in [
        stamp, "bench", run_id, "5b0fa12a-3dd7-45bb-9766-cc326314d9f1", duration, emissions, emissions / duration,
        cpu_w, gpu_w, ram_w, cpu, gpu, ram, energy, 0.0, "Germany", "DEU", "", "", "",
        "Linux-6.1.0-x86_64-with-glibc2.36", "3.11.7", "3.3.2", 16, "AMD EPYC 7763 64-Core Processor",
        1 if gpu_w else 0, "1 x NVIDIA A100-SXM4-40GB" if gpu_w else "", "", "", 62.7, "machine",
        rng.uniform(0, 100), rng.uniform(0, 100) if gpu_w else 0, rng.uniform(0, 100), rng.uniform(1, 60), "N", 1.0, 0.0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output")
    parser.add_argument("--megabytes", type=float, default=50)
    args = parser.parse_args()
    rng = random.Random(9)
    start = datetime.datetime(2024, 1, 1)
    limit = int(args.megabytes * 1_000_000)
    written, rows = 0, 0
    with open(args.output, "w", newline="") as out:
        out.write(COLUMNS + "\n")
        written += len(COLUMNS) + 1
        while written < limit:
            line = row(rng, rows, start) + "\n"
            out.write(line)
            written += len(line)
            rows += 1
    print(f"{args.output}: {rows:,} rows, {written / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
