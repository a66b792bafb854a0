#!/usr/bin/env bash
# The standard scale of `footprint lab experiment` on both engines, one after the other on a quiet
# machine, and the pieces of docs/experiments.md made from them: each engine's results as Markdown
# with its charts as SVG files (docs/experiments/ENGINE/NAME.svg), and the suites as JSON.
#
#   Benchmarks/experiments/standard.sh [FOOTPRINT] [PYTHON]
#
# FOOTPRINT: a release build (default .build/release/footprint); PYTHON: an interpreter with torch
# (default /opt/footprint-torch/bin/python). Takes about half an hour on a 2-core VM.
set -euo pipefail
cd "$(dirname "$0")/../.."
footprint="${1:-.build/release/footprint}"
python="${2:-/opt/footprint-torch/bin/python}"
out="${OUT:-/tmp/footprint-experiments}"
mkdir -p "$out"
ledger="$out/ledger.sqlite"
for engine in lab pytorch; do
    extra=()
    [ "$engine" = pytorch ] && extra=(--python "$python")
    "$footprint" lab experiment all --scale standard --engine "$engine" "${extra[@]}" --ledger "$ledger" \
        --json --html "$out/$engine.html" > "$out/$engine.json" 2> "$out/$engine.err"
    run=$(tail -n 1 "$out/$engine.json" | python3 -c 'import json, sys; print(json.load(sys.stdin)["run_id"])')
    "$footprint" report "$run" --ledger "$ledger" --markdown --output "$out/$engine.md" \
        --charts "docs/experiments/$engine"
done
python3 Benchmarks/experiments/verdicts.py "$out/lab.json" "$out/pytorch.json"
