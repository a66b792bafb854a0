#!/usr/bin/env bash
# Builds the fuzz targets and runs each for a number of inputs or seconds, one after another.
# Usage: Benchmarks/fuzz/run.sh [--runs N | --seconds S] [--seed N] [TARGET…]
# Prints one line per target: inputs tried, seconds, peak RSS, and crashes (inputs under $WORK/crashes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=1000000 seconds=0 seed=1
targets=()
while (($#)); do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --seconds) seconds=$2; runs=-1; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        -h|--help) sed -n 2,4p "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
((${#targets[@]})) || targets=(spec toml environment codecarbon tasks procfs sysfs nvml safetensors)

export PATH=/opt/swift/usr/bin:$PATH
runtime=$(ls -d "$(dirname "$(dirname "$(command -v swift)")")"/lib/clang/*/lib/linux | head -1)
# Coverage instrumentation in every module (frontend only, so that the package's own build tools
# link as ordinary programs), and libFuzzer without its main: footprint-fuzz has its own.
(cd "$here/FootprintFuzz" && swift build -c release --scratch-path .build-fuzz \
    -Xswiftc -enable-testing -Xswiftc -Xfrontend -Xswiftc -sanitize=fuzzer \
    -Xlinker "$runtime/libclang_rt.fuzzer_no_main-x86_64.a" -Xlinker -lstdc++ >&2)
fuzzer=$here/FootprintFuzz/.build-fuzz/release/footprint-fuzz

work=${WORK:-$(mktemp -d /tmp/footprint-fuzz.XXXXXX)}
mkdir -p "$work/crashes"
printf '%-12s %10s %8s %9s %s\n' target inputs seconds "peak RSS" crashes
failed=0
for target in "${targets[@]}"; do
    corpus=$work/corpus/$target
    mkdir -p "$corpus"
    log=$work/$target.log
    start=$(date +%s.%N)
    status=0
    # -timeout=1: an input that takes over a second is a hang; -rss_limit_mb and -malloc_limit_mb
    # catch runaway memory. The seeds come from the tests, the corpus grows in $work.
    FUZZ_TARGET=$target "$fuzzer" "$corpus" "$here/corpus/$target" -runs="$runs" -max_total_time="$seconds" \
        -seed="$seed" -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
        -artifact_prefix="$work/crashes/$target-" >"$log" 2>&1 || status=$?
    end=$(date +%s.%N)
    inputs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
    crashes=$(ls "$work/crashes" | grep -c "^$target-" || true)
    ((status == 0)) || failed=1
    printf '%-12s %10s %8.1f %6s MB %s\n' "$target" "${inputs:-?}" "$(echo "$end - $start" | bc)" "${rss:-?}" \
        "$crashes$( ((status == 0)) || echo " (exit $status; see $log)")"
done
echo "logs and crashes: $work" >&2
exit $failed
