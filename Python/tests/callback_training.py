"""Runs the tiny trainings of ``training/`` (one per framework, each with its FootprintCallback) the two ways a
user does: ``python script.py`` (the callback measures by itself) and ``footprint run -- python script.py``
(the callback marks the outer run); reads what the ledger recorded with the real binary."""

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPTS = Path(__file__).parent / "training"
SOURCE = Path(__file__).parent.parent / "src"


def binary() -> str:
    """The footprint binary the tests measure with: FOOTPRINT_BINARY, else the one the package finds."""
    chosen = os.environ.get("FOOTPRINT_BINARY")
    if chosen:
        return chosen
    found = subprocess.run(
        [python(), "-c", "from footprint import _binary; print(_binary.find() or '')"],
        env=environment(None),
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert found, "no footprint binary: set FOOTPRINT_BINARY or install the footprint-ml wheel"
    return found


def python() -> str:
    """The Python that runs the trainings: FOOTPRINT_TEST_PYTHON (a venv with the wheel), else this one."""
    return os.environ.get("FOOTPRINT_TEST_PYTHON", sys.executable)


def environment(ledger: "Path | None") -> dict:
    """This process's environment, outside any measured run, with the ledger given and quiet frameworks."""
    env = {key: value for key, value in os.environ.items() if key not in ("FOOTPRINT_TASKS", "FOOTPRINT_RUN_ID")}
    if ledger is not None:
        env["FOOTPRINT_LEDGER"] = str(ledger)
    if "FOOTPRINT_TEST_PYTHON" not in os.environ:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE), env.get("PYTHONPATH")]))
    env.update(KERAS_BACKEND="torch", TRANSFORMERS_VERBOSITY="error", PYTHONWARNINGS="ignore::DeprecationWarning")
    return env


def train_standalone(script: str, tmp_path: Path) -> dict:
    """``python training/SCRIPT tmp_path``: what the callback reported (its run's id, joined, energy)."""
    done = subprocess.run(
        [python(), str(SCRIPTS / script), str(tmp_path / "output")],
        env=environment(tmp_path / "ledger.sqlite"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def train_under_footprint_run(script: str, tmp_path: Path) -> dict:
    """``footprint run --json -- python training/SCRIPT``: the outer run's summary."""
    done = subprocess.run(
        [binary(), "run", "--json", "--quiet", "--", python(), str(SCRIPTS / script), str(tmp_path / "output")],
        env=environment(tmp_path / "ledger.sqlite"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def footprint_json(tmp_path: Path, *arguments: str):
    """``footprint ARGUMENTS --json`` on the test's ledger, parsed."""
    done = subprocess.run(
        [binary(), *arguments, "--json", "--ledger", str(tmp_path / "ledger.sqlite")],
        env=environment(None),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
