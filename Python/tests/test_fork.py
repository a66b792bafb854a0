"""A process that forks workers (as a DataLoader does) is measured with them: their CPU time is the run's."""

from conftest import last_json
from test_track import BUSY


def test_forked_workers_are_counted_in_the_run_and_never_end_it(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = BUSY + """
import json, multiprocessing, os, sys, footprint

def worker(index):
    # A forked child inherits the run: its marks go to the same channel.
    with footprint.task(f"worker {index}"):
        busy(1.0)
    return os.getpid()

with footprint.track(name="idle") as idle:
    time.sleep(1.0)
with footprint.track(name="workers") as workers:
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pids = pool.map(worker, range(2))
    child = os.fork()
    if child == 0:
        sys.exit(0)  # leaves the with block in the child: the run is the parent's to end
    os.waitpid(child, 0)
    with footprint.task("after the workers"):
        busy(0.05)
cpu = [run.summary["components"]["cpu"]["process_energy_kwh"] for run in (idle, workers)]
print(json.dumps({"cpu": cpu, "ids": [idle.run_id, workers.run_id], "workers": len(set(pids) - {os.getpid()})}))
"""
    done = installed.run(script, ledger)
    assert done.returncode == 0, done.stderr
    printed = last_json(done.stdout)
    assert printed["workers"] == 2
    idle_cpu, workers_cpu = printed["cpu"]
    # Two workers busy for a second each against a process asleep for a second: the workers' CPU time counts.
    assert workers_cpu > 5 * idle_cpu and workers_cpu > 0
    shown = installed.show(printed["ids"][1], ledger)
    assert shown["status"] == "finished"
    assert sorted(task["name"] for task in shown["tasks"]) == ["after the workers", "worker 0", "worker 1"]
