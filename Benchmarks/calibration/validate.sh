#!/usr/bin/env bash
# The calibration's measured error, for docs/benchmarks.md: `footprint lab calibrate` then
# `footprint lab calibrate --validate` on the lab engine and on the PyTorch engine (where its
# Python is there), each result kept as JSON, and the Markdown tables made from them.
#
#   Benchmarks/calibration/validate.sh [FOOTPRINT] [PYTHON]
#
# FOOTPRINT: a release build (default .build/release/footprint, built when missing); PYTHON: an
# interpreter with torch (default /opt/footprint-torch/bin/python). Run it on a quiet machine: the
# energies are measured, and other work disturbs them. About 15 minutes an engine on a 2-core VM
# (at most 10 to calibrate, about 5 to validate).
set -euo pipefail
cd "$(dirname "$0")/../.."
footprint="${1:-.build/release/footprint}"
python="${2:-/opt/footprint-torch/bin/python}"
out="${OUT:-/tmp/footprint-calibration}"
mkdir -p "$out"
ledger="$out/ledger.sqlite"
if [ ! -x "$footprint" ]; then
    swift build -c release --product footprint
fi
engines=(lab)
if [ -x "$python" ]; then
    engines+=(pytorch)
else
    echo "no $python: the PyTorch engine is left out" >&2
fi
for engine in "${engines[@]}"; do
    extra=()
    [ "$engine" = pytorch ] && extra=(--python "$python")
    calibration="$out/$engine-calibration.json"
    "$footprint" lab calibrate --engine "$engine" "${extra[@]}" --ledger "$ledger" --output "$calibration" \
        --json > "$out/$engine-calibrate.json" 2> "$out/$engine-calibrate.err"
    "$footprint" lab calibrate --validate --engine "$engine" "${extra[@]}" --ledger "$ledger" \
        --calibration "$calibration" --json > "$out/$engine-validate.json" 2> "$out/$engine-validate.err"
done
results=()
for engine in "${engines[@]}"; do results+=("$out/$engine-validate.json"); done
python3 Benchmarks/calibration/table.py "${results[@]}" | tee "$out/table.md"
