"""track, task and the decorator measuring for real: the installed wheel's binary attaches to the script."""

from conftest import last_json

BUSY = """
import time
def busy(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(i * i for i in range(2000))
"""


def test_track_records_a_run_with_its_tasks(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = BUSY + """
import json, footprint
with footprint.track(name="fine-tune", project="nlp", country="DE") as run:
    inside = (footprint.measuring(), footprint.current() is run, run.joined, run.tasks_path)
    for epoch in range(3):
        with footprint.task(f"epoch {epoch + 1}"):
            busy(0.2)
print(json.dumps({"run_id": run.run_id, "energy_kwh": run.energy_kwh, "co2e_kg": run.co2e_kg,
                  "duration_s": run.duration_s, "summary_name": run.summary["name"], "inside": inside,
                  "current_after": footprint.current() is None, "measuring_after": footprint.measuring()}))
"""
    done = installed.run(script, ledger)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr
    printed = last_json(done.stdout)
    assert printed["inside"][:3] == [True, True, False]
    assert printed["inside"][3].endswith("/tasks")
    assert printed["current_after"] and not printed["measuring_after"]
    assert printed["energy_kwh"] > 0 and printed["co2e_kg"] > 0 and printed["duration_s"] >= 0.6
    assert printed["summary_name"] == "fine-tune"

    shown = installed.show(printed["run_id"], ledger)
    assert shown["status"] == "finished"
    assert (shown["name"], shown["project"], shown["location_code"]) == ("fine-tune", "nlp", "DE")
    assert [task["name"] for task in shown["tasks"]] == ["epoch 1", "epoch 2", "epoch 3"]
    assert all(float(task["duration_s"]) >= 0.19 for task in shown["tasks"])
    assert abs(shown["energy_kwh"] - printed["energy_kwh"]) <= 1e-9 * max(1.0, printed["energy_kwh"])


def test_decorators_make_a_run_per_call_and_task_decorates_too(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = BUSY + """
import json, footprint

@footprint.task("step")
def step():
    busy(0.05)

@footprint.track(name="decorated", project="deco")
def train(steps):
    for _ in range(steps):
        step()
    return footprint.current().run_id

@footprint.track
def evaluate():
    with footprint.task("eval"):
        busy(0.05)
    return footprint.current().run_id

first, second, third = train(2), train(1), evaluate()
print(json.dumps({"ids": [first, second, third], "train": train.__name__}))
"""
    done = installed.run(script, ledger)
    assert done.returncode == 0, done.stderr
    printed = last_json(done.stdout)
    assert printed["train"] == "train"
    assert len(set(printed["ids"])) == 3
    first, second, third = (installed.show(run_id, ledger) for run_id in printed["ids"])
    assert (first["name"], first["project"], [task["name"] for task in first["tasks"]]) == (
        "decorated",
        "deco",
        ["step", "step"],
    )
    assert [task["name"] for task in second["tasks"]] == ["step"]
    assert (third["name"], [task["name"] for task in third["tasks"]]) == ("evaluate", ["eval"])


def test_a_track_inside_a_track_joins_it_as_a_task(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = BUSY + """
import json, footprint
with footprint.track(name="outer") as outer:
    with footprint.track(name="inner phase") as inner:
        busy(0.1)
print(json.dumps({"outer": outer.run_id, "inner": inner.run_id, "joined": inner.joined,
                  "inner_energy": inner.energy_kwh}))
"""
    done = installed.run(script, ledger)
    assert done.returncode == 0, done.stderr
    printed = last_json(done.stdout)
    assert printed["joined"] and printed["inner"] == printed["outer"] and printed["inner_energy"] is None
    runs = installed.cli("runs", "--json", ledger=ledger)
    assert [run["id"] for run in runs] == [printed["outer"]]
    assert [task["name"] for task in installed.show(printed["outer"], ledger)["tasks"]] == ["inner phase"]


def test_no_thread_runs_in_the_python_process_while_tracking(installed, tmp_path):
    script = BUSY + """
import json, os, threading, footprint
with footprint.track(name="threads") as run:
    with footprint.task("work"):
        busy(0.1)
        counts = [threading.active_count(), len(os.listdir("/proc/self/task"))]
    forecast = run.forecast
    counts += [threading.active_count(), len(os.listdir("/proc/self/task"))]
print(json.dumps({"counts": counts, "measured": run.energy_kwh is not None}))
"""
    done = installed.run(script, tmp_path / "ledger.sqlite")
    assert done.returncode == 0, done.stderr
    printed = last_json(done.stdout)
    assert printed["counts"] == [1, 1, 1, 1]
    assert printed["measured"]


def test_import_loads_nothing_but_the_package(installed):
    script = """
import json, sys
before = set(sys.modules)
import footprint
print(json.dumps(sorted(set(sys.modules) - before)))
"""
    done = installed.run(script)
    assert done.returncode == 0, done.stderr
    assert last_json(done.stdout) == ["footprint"]


def test_a_summary_larger_than_a_pipe_holds_is_read_to_its_end(installed, tmp_path):
    script = """
import json, footprint
with footprint.track(name="many tasks") as run:
    for index in range(2500):
        with footprint.task(f"{index:05d} " + "x" * 500):
            pass
print(json.dumps([len(run.summary["tasks"]), run.energy_kwh is not None]))
"""
    done = installed.run(script, tmp_path / "ledger.sqlite", python_options=("-W", "error"))
    assert done.returncode == 0, done.stderr
    assert last_json(done.stdout) == [2500, True]
