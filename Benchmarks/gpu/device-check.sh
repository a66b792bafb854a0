#!/usr/bin/env bash
# The GPU checks, run on a machine with an NVIDIA GPU, PyTorch and nvidia-smi but no Swift toolchain:
# NVML through Footprint beside nvidia-smi (a steady load and idle), the Python package's wheel on
# CUDA (GPU energy attributed to the training process), and the lab's experiments on the PyTorch
# engine with --device cuda. Usage: Benchmarks/gpu/device-check.sh WHEEL OUT_FOLDER
set -uo pipefail
wheel="$1"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
exec > >(tee "$out/device-check.log") 2>&1
step() { echo; echo "== $* ($(date -u +%T))"; }

step machine
nvidia-smi -L; nvidia-smi --query-gpu=name,driver_version,power.limit,power.draw --format=csv
ldd --version | head -n 1
python=$(command -v python3)
$python -c "import sys, torch; print(sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.cuda.is_available())"

step install the wheel
$python -m venv --system-site-packages /tmp/fp-venv && /tmp/fp-venv/bin/pip install -q --no-index --no-deps "$wheel"
fp=/tmp/fp-venv/bin/footprint
py=/tmp/fp-venv/bin/python
$fp --version || exit 1
ledger="$out/ledger.sqlite"
export FOOTPRINT_LEDGER="$ledger"

step NVML beside nvidia-smi: 20 s of bf16 matrix multiplies
nvidia-smi --query-gpu=timestamp,power.draw --format=csv,noheader,nounits -lms 100 > "$out/smi-load.csv" &
smi=$!
sleep 1
t0=$(date +%s.%N)
$fp run --json --interval 0.5 --name "nvml vs nvidia-smi" -- $py "$here/burn.py" 20 > "$out/run-load.json"
t1=$(date +%s.%N)
sleep 0.5; kill $smi; wait $smi 2>/dev/null
tail -n 1 "$out/run-load.json" | head -c 3000; echo
$python "$here/compare_nvml.py" "$out/run-load.json" "$out/smi-load.csv" "$t0" "$t1"

step NVML beside nvidia-smi: 8 s idle
nvidia-smi --query-gpu=timestamp,power.draw --format=csv,noheader,nounits -lms 100 > "$out/smi-idle.csv" &
smi=$!
sleep 1
t0=$(date +%s.%N)
$fp monitor --json --quiet --duration 8 --interval 0.5 > "$out/run-idle.json"
t1=$(date +%s.%N)
sleep 0.5; kill $smi; wait $smi 2>/dev/null
$python "$here/compare_nvml.py" "$out/run-idle.json" "$out/smi-idle.csv" "$t0" "$t1"

step the Python package on CUDA: footprint.track, three epoch tasks
timeout 120 $py "$here/track_cuda.py" > "$out/track-cuda.json"; echo "exit $?"
tail -n 1 "$out/track-cuda.json" | head -c 4000; echo

step the lab experiments on the PyTorch engine, CUDA, smoke scale
timeout 200 $fp lab experiment all --scale smoke --engine pytorch --python "$py" --device cuda --repeats 1 \
    --json > "$out/experiments-cuda.json"; echo "exit $?"
$python - "$out/experiments-cuda.json" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
print(d.get("device"), d.get("engine"), d.get("status"))
for e in d["experiments"]:
    print(f"  {e.get('name')}: {e.get('verdict')}")
PY

step ledger
$fp runs --json | head -c 2000; echo
