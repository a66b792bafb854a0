#!/usr/bin/env bash
# How far `footprint run --epochs 10 --predict-after 2` forecasts a training's energy after two of
# its ten equal epochs: real trainings of each engine (`footprint lab train` and a PyTorch script,
# torch_epochs.py), repeated, the forecast's error against the measured total, median and worst.
#
#   Benchmarks/forecast/accuracy.sh [FOOTPRINT] [PYTHON] [REPEATS]
#
# FOOTPRINT: a release build (default .build/release/footprint); PYTHON: an interpreter with torch
# (default /opt/footprint-torch/bin/python; the PyTorch rows are left out without one); REPEATS:
# trainings per engine (default 5). Each training takes 20 to 30 s here: about five minutes in all.
set -euo pipefail
cd "$(dirname "$0")/../.."
footprint="$(realpath "${1:-.build/release/footprint}")"
python="${2:-/opt/footprint-torch/bin/python}"
repeats="${3:-5}"
out="${OUT:-/tmp/footprint-forecast}"
mkdir -p "$out"
rm -f "$out"/*.json
ledger="$out/ledger.sqlite"
# The run measures the whole machine's use by the training's process tree, at the default interval.
forecast=("$footprint" run --epochs 10 --predict-after 2 --json --quiet --ledger "$ledger" --)
for i in $(seq 1 "$repeats"); do
    "${forecast[@]}" "$footprint" lab train --mlp 2x256 --data synthetic --samples 100000 --lr 0.01 --epochs 10 \
        --no-ledger > "$out/lab-$i.out"
    tail -n 1 "$out/lab-$i.out" > "$out/lab-$i.json"
    if [ -x "$python" ]; then
        "${forecast[@]}" "$python" Benchmarks/forecast/torch_epochs.py 10 100000 > "$out/pytorch-$i.out"
        tail -n 1 "$out/pytorch-$i.out" > "$out/pytorch-$i.json"
    fi
done
python3 - "$out" <<'PY'
import glob, json, statistics, sys

folder = sys.argv[1]
print("| engine | runs | epoch | run's energy | median abs. error after 2 of 10 | worst | mean (signed) | actual inside the interval | through epoch 10: median / worst | after the last epoch |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for engine in ("lab", "pytorch"):
    runs = [json.load(open(path)) for path in sorted(glob.glob("%s/%s-*.json" % (folder, engine)))]
    if not runs:
        continue
    errors, inside, epoch, actual, through, tail = [], 0, [], [], [], []
    for run in runs:
        p = run["prediction"]
        errors.append((p["energy_kwh"] - run["energy_kwh"]) / run["energy_kwh"])
        inside += p["low_energy_kwh"] <= run["energy_kwh"] <= p["high_energy_kwh"]
        epoch += [t["duration_s"] for t in run["tasks"] if t["name"].startswith("epoch")]
        actual.append(run["energy_kwh"] * 3.6e6)
        # The forecast made after the last epoch is the energy through it: what the forecasts were about.
        final = [f for f in run.get("predictions", []) if f["after_epochs"] >= f["epochs"]]
        if final:
            through.append(p["energy_kwh"] / final[-1]["energy_kwh"] - 1)
            tail.append(1 - final[-1]["energy_kwh"] / run["energy_kwh"])
    print("| %s | %d | %.2f s | %.0f J | %.1f %% | %.1f %% | %+.1f %% | %d of %d | %s | %s |" % (
        engine, len(runs), statistics.median(epoch), statistics.median(actual),
        100 * statistics.median(abs(e) for e in errors), 100 * max(abs(e) for e in errors),
        100 * statistics.mean(errors), inside, len(runs),
        "%.1f %% / %.1f %%" % (100 * statistics.median(abs(e) for e in through), 100 * max(abs(e) for e in through))
        if through else "", "%.1f %%" % (100 * statistics.median(tail)) if tail else ""))
PY
