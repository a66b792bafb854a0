"""The issue's promise: a fresh venv, `pip install` of the wheel, and the three-line example records a run with
three tasks, on every maintained Python found under ~/.pyenv/versions."""

import glob
import json
import os
import subprocess

import pytest

from conftest import Installed, install

EXAMPLE = """
import time
def train_one_epoch():
    end = time.monotonic() + 0.1
    while time.monotonic() < end:
        pass

import footprint
with footprint.track(name="fine-tune", project="nlp", country="DE") as run:
    for epoch in range(3):
        with footprint.task(f"epoch {epoch + 1}"):
            train_one_epoch()
print(run.energy_kwh, run.co2e_kg, run.run_id)
"""


def interpreter(version: str) -> "str | None":
    found = sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}")))
    return found[-1] if found else None


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_the_example_records_a_run_with_three_tasks_in_a_fresh_venv(version, tmp_path):
    python = interpreter(version)
    if python is None:
        pytest.skip(f"no Python {version} under ~/.pyenv/versions")
    installed = Installed(install(python, str(tmp_path / "env"), system_site_packages=False))
    ledger = tmp_path / "ledger.sqlite"
    done = installed.run(EXAMPLE, ledger)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    energy, co2e, run_id = done.stdout.split()
    assert float(energy) > 0 and float(co2e) > 0
    shown = installed.show(run_id, ledger)
    assert (shown["name"], shown["project"], shown["status"]) == ("fine-tune", "nlp", "finished")
    assert [task["name"] for task in shown["tasks"]] == ["epoch 1", "epoch 2", "epoch 3"]
    version_line = subprocess.run([installed.footprint, "--version"], capture_output=True, text=True)
    assert version_line.stdout.strip() == "0.1.0"
