#!/usr/bin/env python3
"""The Markdown tables of docs/benchmarks.md's calibration section, from `lab calibrate --validate
--json` results (one file an engine; each file's last line is the JSON object).

    python3 table.py LAB.json [PYTORCH.json]

Per engine, each held-out configuration's training run (D × E sample-epochs) and one inference:
predicted by the calibration (with its 95 % interval), measured, the error, and the uncalibrated
estimate (FLOPs × TDP at a fixed utilisation, β = 5) with its error; then both methods' median
and worst absolute error side by side."""
import json
import sys


def result(path):
    with open(path) as f:
        return json.loads(f.read().strip().splitlines()[-1])


def joules(value):
    """An energy in the unit that reads best, three significant figures."""
    for unit, scale in (("kJ", 1e3), ("J", 1), ("mJ", 1e-3), ("µJ", 1e-6), ("nJ", 1e-9)):
        if abs(value) >= scale or unit == "nJ":
            return "%s %s" % (("%.3g" % (value / scale)), unit)


def signed(error):
    return "–" if error is None else "%+.0f %%" % (100 * error)


def percent(value):
    return "–" if value is None else "%.0f %%" % (100 * value)


def engine_name(r):
    m = r["machine"]
    return "%s (%s, %s)" % (m["engine"], m["device"], m.get("blas") or "?")


def configurations(r):
    print("**%s** — calibration made %s; %d repeats each" % (engine_name(r), r["calibration"]["created"], r["repeats"]))
    print()
    print("| configuration | D × E | training: calibrated (95 %) | measured | error | uncalibrated | error "
          "| inference/sample: calibrated | measured | error | uncalibrated | error |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for c in r["configurations"]:
        t, i = c["training"], c["inference"]
        print("| %s | %s × %d | %s (%s – %s) | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            c["name"], format(c["samples"], ","), c["epochs"],
            joules(t["predicted_j"]), joules(t["low_j"]), joules(t["high_j"]), joules(t["measured_j"]),
            signed(t["error"]), joules(t["uncalibrated_j"]), signed(t["uncalibrated_error"]),
            joules(i["predicted_j"]), joules(i["measured_j"]), signed(i["error"]),
            joules(i["uncalibrated_j"]), signed(i["uncalibrated_error"])))
    print()


def summary(results):
    print("| engine | training, calibrated: median / worst | inside 95 % | uncalibrated: median / worst "
          "| inference, calibrated: median / worst | uncalibrated: median / worst |")
    print("|---|--:|--:|--:|--:|--:|")
    for r in results:
        t, i = r["training"], r["inference"]
        print("| %s | %s / %s | %d of %d | %s / %s | %s / %s | %s / %s |" % (
            engine_name(r),
            percent(t["calibrated"]["median_abs_error"]), percent(t["calibrated"]["worst_abs_error"]),
            t["within_interval"], t["calibrated"]["count"],
            percent(t["uncalibrated"]["median_abs_error"]), percent(t["uncalibrated"]["worst_abs_error"]),
            percent(i["calibrated"]["median_abs_error"]), percent(i["calibrated"]["worst_abs_error"]),
            percent(i["uncalibrated"]["median_abs_error"]), percent(i["uncalibrated"]["worst_abs_error"])))
    print()
    u = results[0]["uncalibrated"]
    print("Uncalibrated: peak %.3g GFLOP/s (%s), TDP %.3g W (%s), utilisation %.2f, β = %g." % (
        u["peak_flops"] / 1e9, u["peak_source"], u["tdp_w"], u["tdp_source"], u["utilization"], u["beta"]))


def main():
    results = [result(path) for path in sys.argv[1:]]
    for r in results:
        configurations(r)
    summary(results)


if __name__ == "__main__":
    main()
