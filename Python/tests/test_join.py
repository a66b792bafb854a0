"""Inside `footprint run -- python script.py`, track() joins the outer run instead of measuring a second time."""

import json

from test_track import BUSY


def test_track_inside_footprint_run_joins_the_outer_run(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = BUSY + """
import json, os, footprint
with footprint.track(name="training", project="ignored") as run:
    for epoch in range(2):
        with footprint.task(f"epoch {epoch + 1}"):
            busy(0.1)
print(json.dumps({"joined": run.joined, "run_id": run.run_id, "outer": os.environ["FOOTPRINT_RUN_ID"],
                  "tasks_path": run.tasks_path, "energy_kwh": run.energy_kwh, "summary": run.summary}))
"""
    done = installed.run(script, ledger, prefix=(installed.footprint, "run", "--json", "--name", "outer", "--"))
    assert done.returncode == 0, done.stderr
    printed, summary = (json.loads(line) for line in done.stdout.strip().splitlines()[-2:])
    assert printed["joined"] is True
    assert printed["run_id"] == printed["outer"] == summary["run_id"]
    assert printed["energy_kwh"] is None and printed["summary"] is None
    assert sorted(task["name"] for task in summary["tasks"]) == ["epoch 1", "epoch 2", "training"]
    runs = installed.cli("runs", "--json", ledger=ledger)
    assert [(run["id"], run["name"]) for run in runs] == [(summary["run_id"], "outer")]


def test_task_without_track_marks_the_outer_run(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = BUSY + """
import footprint
assert footprint.measuring() and footprint.current() is None
with footprint.task("load"):
    busy(0.05)
"""
    done = installed.run(script, ledger, prefix=(installed.footprint, "run", "--json", "--"))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert [task["name"] for task in summary["tasks"]] == ["load"]


def test_a_channel_left_over_from_an_ended_run_is_not_joined(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = """
import json, footprint
with footprint.track(name="own run") as run:
    with footprint.task("work"):
        pass
print(json.dumps([run.joined, run.run_id]))
"""
    done = installed.run(
        script, ledger, FOOTPRINT_TASKS=tmp_path / "gone" / "tasks", FOOTPRINT_RUN_ID="6b0dc63d-63b0708d"
    )
    assert done.returncode == 0, done.stderr
    joined, run_id = json.loads(done.stdout.strip().splitlines()[-1])
    assert joined is False and run_id != "6b0dc63d-63b0708d"
    assert [task["name"] for task in installed.show(run_id, ledger)["tasks"]] == ["work"]
