"""`footprint attach PID` started from outside on a running Python program: the program finds the run's channel
by its own pid (the attach registry), so its task() marks and track() blocks land in that run."""

import json
import subprocess

from test_track import BUSY


def test_a_program_attached_from_outside_marks_tasks_on_that_run(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = BUSY + """
import json, footprint
print(json.dumps(footprint.measuring()), flush=True)
end = time.monotonic() + 30
while not footprint.measuring() and time.monotonic() < end:
    time.sleep(0.02)
with footprint.track(name="joined block") as run:
    with footprint.task("external"):
        busy(0.1)
print(json.dumps({"joined": run.joined, "run_id": run.run_id}), flush=True)
"""
    target = subprocess.Popen(
        [installed.python, "-c", script],
        stdout=subprocess.PIPE,
        env=installed.environment(ledger),
        text=True,
    )
    try:
        assert target.stdout.readline().strip() == "false"
        attach = subprocess.run(
            [installed.footprint, "attach", str(target.pid), "--json", "--quiet"],
            env=installed.environment(ledger),
            capture_output=True,
            text=True,
            timeout=60,
        )
        printed = json.loads(target.stdout.readline())
    finally:
        target.kill()
        target.wait()
    assert attach.returncode == 0, attach.stderr
    events = [json.loads(line) for line in attach.stdout.splitlines()]
    attached, summary = events[0], events[-1]
    assert attached["event"] == "attached" and attached["pid"] == target.pid
    assert printed == {"joined": True, "run_id": attached["run_id"]}
    assert summary["run_id"] == attached["run_id"] and summary["attached_pid"] == target.pid
    assert sorted(task["name"] for task in summary["tasks"]) == ["external", "joined block"]
    assert installed.show(attached["run_id"], ledger)["status"] == "finished"
