"""Measuring never breaks the program: no binary means one warning and the code running on; nothing measuring
means task() does nothing, silently."""

from conftest import last_json
from test_track import BUSY


def test_a_missing_binary_warns_once_and_the_code_runs_on(installed, tmp_path):
    script = BUSY + """
import json, footprint
results = []
for attempt in range(2):
    with footprint.track(name=f"attempt {attempt}") as run:
        with footprint.task("work"):
            busy(0.01)
            results.append(attempt)
    results.append([run.run_id, run.energy_kwh, run.joined])
print(json.dumps(results))
"""
    done = installed.run(
        script,
        tmp_path / "ledger.sqlite",
        python_options=("-W", "always::UserWarning"),
        FOOTPRINT_BINARY=tmp_path / "nowhere" / "footprint",
    )
    assert done.returncode == 0, done.stderr
    assert last_json(done.stdout) == [0, [None, None, False], 1, [None, None, False]]
    assert done.stderr.count("FootprintWarning") == 1
    assert f"FOOTPRINT_BINARY is {tmp_path}/nowhere/footprint, which is not an executable file" in done.stderr
    # The warning names the user's line, not the package's inside.
    line = script.splitlines().index('    with footprint.track(name=f"attempt {attempt}") as run:') + 1
    assert f"<string>:{line}: FootprintWarning" in done.stderr
    assert not (tmp_path / "ledger.sqlite").exists()


def test_task_does_nothing_when_nothing_measures(installed, tmp_path):
    script = """
import json, footprint

@footprint.task("decorated")
def work():
    return 42

with footprint.task("phase\\nwith a newline") as marked:
    value = work()
footprint.expect_epochs(3)
print(json.dumps([footprint.measuring(), footprint.current(), value, marked.name]))
"""
    # -W error: any warning would fail the script; no binary is looked for.
    done = installed.run(script, python_options=("-W", "error"), FOOTPRINT_BINARY=tmp_path / "nowhere")
    assert done.returncode == 0, done.stderr
    assert last_json(done.stdout) == [False, None, 42, "phase with a newline"]


def test_a_meter_that_dies_warns_once_per_kind_and_the_run_stays_in_the_ledger(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = BUSY + """
import json, os, signal, footprint
with footprint.track(name="meter killed") as run:
    with footprint.task("before"):
        busy(0.2)
    os.kill(run._process.pid, signal.SIGKILL)
    time.sleep(0.2)
    for step in range(3):
        with footprint.task(f"after {step}"):
            busy(0.01)
print(json.dumps([run.run_id, run.energy_kwh]))
"""
    done = installed.run(script, ledger, python_options=("-W", "always::UserWarning"))
    assert done.returncode == 0, done.stderr
    run_id, energy = last_json(done.stdout)
    assert energy is None
    assert done.stderr.count("FootprintWarning") == 2
    assert "tasks are not marked" in done.stderr and "without a summary" in done.stderr
    shown = installed.show(run_id, ledger)
    assert shown["status"] == "interrupted"
