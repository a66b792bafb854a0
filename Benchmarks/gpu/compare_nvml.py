"""Footprint's GPU energy for one run beside the integral of nvidia-smi's power readings over the
same wall-clock window. Usage: compare_nvml.py RUN_JSON SMI_CSV T0 T1 (T0, T1: epoch seconds)."""

import datetime
import json
import sys

run = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
t0, t1 = float(sys.argv[3]), float(sys.argv[4])
points = []
for line in open(sys.argv[2]):
    parts = [p.strip() for p in line.split(",")]
    try:
        stamp = datetime.datetime.strptime(parts[0], "%Y/%m/%d %H:%M:%S.%f").timestamp()
        points.append((stamp, float(parts[1])))
    except (ValueError, IndexError):
        continue
points.sort()
# nvidia-smi prints local time; the device's clock is set to UTC or the offset cancels in T0/T1 too.
inside = [p for p in points if t0 <= p[0] <= t1]
joules = sum((b[0] - a[0]) * (a[1] + b[1]) / 2 for a, b in zip(inside, inside[1:]))
span = inside[-1][0] - inside[0][0] if len(inside) > 1 else 0
gpu = run["components"].get("gpu", {})
machine = gpu.get("machine_energy_kwh", 0) * 3.6e6
process = gpu.get("process_energy_kwh", 0) * 3.6e6
mean_smi = joules / span if span else float("nan")
print(
    json.dumps(
        {
            "footprint_duration_s": run["duration_s"],
            "footprint_gpu_machine_j": round(machine, 1),
            "footprint_gpu_process_j": round(process, 1),
            "footprint_gpu_method": gpu.get("method"),
            "footprint_mean_w": round(machine / run["duration_s"], 1) if run["duration_s"] else None,
            "smi_readings": len(inside),
            "smi_span_s": round(span, 2),
            "smi_integral_j": round(joules, 1),
            "smi_mean_w": round(mean_smi, 1),
            "ratio_footprint_over_smi_mean_power": round(machine / run["duration_s"] / mean_smi, 4) if span else None,
            "tasks": run.get("tasks"),
        },
        indent=1,
    )
)
