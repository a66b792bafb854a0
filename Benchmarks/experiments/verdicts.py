#!/usr/bin/env python3
"""The verdicts of two `lab experiment --json` suites side by side, as a Markdown table.

    python3 verdicts.py LAB.json PYTORCH.json

Each file's last line is the suite's JSON object (what `--json` prints)."""
import json
import sys


def suite(path):
    with open(path) as f:
        return json.loads(f.read().strip().splitlines()[-1])


def main():
    suites = [suite(path) for path in sys.argv[1:]]
    names = [e["name"] for e in suites[0]["experiments"]]
    print("| experiment | " + " | ".join("%s (%s)" % (s["engine"], s["device"]) for s in suites) + " |")
    print("|---|" + "---|" * len(suites))
    for name in names:
        cells = []
        for s in suites:
            found = [e for e in s["experiments"] if e["name"] == name]
            cells.append(found[0]["verdict"] if found else "not run")
        print("| %s | %s |" % (name, " | ".join(cells)))


if __name__ == "__main__":
    main()
