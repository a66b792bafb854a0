#!/usr/bin/env bash
# Builds the collector benchmark in release mode and runs it on this machine.
# Usage: Benchmarks/collector/run.sh [CALLS] [PAUSE_MS]   (default: 100 calls, 20 ms apart)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export PATH=/opt/swift/usr/bin:$PATH
(cd "$here/CollectorBench" && swift build -c release --scratch-path .build-bench >&2)
"$here/CollectorBench/.build-bench/release/footprint-collector-bench" "$@"
