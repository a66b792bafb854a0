"""A process that forks workers (as a DataLoader does) is measured with them: their CPU time is the run's."""

import pytest

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


def test_a_torch_dataloader_with_worker_processes_is_counted(installed, tmp_path):
    if installed.run("import torch").returncode != 0:
        pytest.skip("torch is not installed for the Python running the tests")
    script = """
import json, time, footprint, torch
from torch.utils.data import DataLoader, Dataset

class Heavy(Dataset):
    # Each item costs a quarter of a second of CPU in the worker that loads it.
    def __len__(self):
        return 8
    def __getitem__(self, index):
        end = time.monotonic() + 0.25
        while time.monotonic() < end:
            sum(i * i for i in range(1000))
        return torch.tensor([index])

with footprint.track(name="idle") as idle:
    time.sleep(1.0)
with footprint.track(name="loader") as loader:
    with footprint.task("epoch 1"):
        loaded = [batch for batch in DataLoader(Heavy(), num_workers=2, multiprocessing_context="fork")]
cpu = [run.summary["components"]["cpu"]["process_energy_kwh"] for run in (idle, loader)]
print(json.dumps({"cpu": cpu, "batches": len(loaded)}))
"""
    done = installed.run(script, tmp_path / "ledger.sqlite")
    assert done.returncode == 0, done.stderr
    printed = last_json(done.stdout)
    assert printed["batches"] == 8
    idle_cpu, loader_cpu = printed["cpu"]
    assert loader_cpu > 5 * idle_cpu and loader_cpu > 0
