"""Each framework's FootprintCallback on a tiny training (2 epochs of 2 steps, CPU), run by the installed
wheel's python: measuring by itself, and marking the outer run under ``footprint run``. A framework that is
not installed skips its tests."""

import importlib.util
from pathlib import Path

import pytest

from conftest import last_json

# The training script of each framework (in training/), and the modules it needs.
FRAMEWORKS = {
    "huggingface": ("hf_tiny.py", ["torch", "transformers", "accelerate"]),
    "lightning": ("lightning_tiny.py", ["torch", ("lightning", "pytorch_lightning")]),
    "keras": ("keras_tiny.py", ["torch", "keras"]),
}
QUIET = dict(KERAS_BACKEND="torch", TRANSFORMERS_VERBOSITY="error", PYTHONWARNINGS="ignore::DeprecationWarning")


@pytest.fixture(params=sorted(FRAMEWORKS))
def training(request) -> tuple:
    """The framework's training script (source) and its run's name; skipped where the framework is missing."""
    script, modules = FRAMEWORKS[request.param]
    for module in modules:
        choices = module if isinstance(module, tuple) else (module,)
        if not any(importlib.util.find_spec(choice) for choice in choices):
            pytest.skip(f"{' or '.join(choices)} is not installed")
    source = (Path(__file__).parent / "training" / script).read_text()
    return source, script.removesuffix(".py").replace("_", "-")


def test_the_callback_measures_a_training_by_itself_with_its_epochs_and_a_forecast(installed, training, tmp_path):
    source, name = training
    ledger = tmp_path / "ledger.sqlite"

    done = installed.run(source, ledger, timeout=300, **QUIET)

    assert done.returncode == 0, done.stderr[-3000:]
    reported = last_json(done.stdout)
    assert reported["joined"] is False
    assert reported["energy_kwh"] > 0
    run = installed.show(reported["run_id"], ledger)
    assert run["name"] == name
    assert run["status"] == "finished"
    assert [task["name"] for task in run["tasks"]] == ["epoch 1", "epoch 2"]
    forecasts = installed.cli("report", reported["run_id"], "--json", ledger=ledger)["predictions"]
    assert [(forecast["after_epochs"], forecast["epochs"]) for forecast in forecasts] == [(1, 2), (2, 2)]


def test_under_footprint_run_the_epochs_land_in_the_outer_run(installed, training, tmp_path):
    source, _ = training
    ledger = tmp_path / "ledger.sqlite"

    done = installed.run(
        source, ledger, prefix=(installed.footprint, "run", "--json", "--quiet", "--"), timeout=300, **QUIET
    )

    assert done.returncode == 0, done.stderr[-3000:]
    reported, summary = (last_json(line) for line in done.stdout.strip().splitlines()[-2:])
    assert reported["run_id"] is None  # the callback started nothing: footprint run measures
    assert [run["id"] for run in installed.cli("runs", "--json", ledger=ledger)] == [summary["run_id"]]
    run = installed.show(summary["run_id"], ledger)
    assert [task["name"] for task in run["tasks"]] == ["epoch 1", "epoch 2"]
    assert summary["epochs"] == 2
    assert [forecast["after_epochs"] for forecast in summary["predictions"]] == [1, 2]


def test_a_lightning_training_that_raises_ends_the_callbacks_run_with_the_epoch_it_was_in(installed, tmp_path):
    pytest.importorskip("torch")
    if importlib.util.find_spec("lightning") is None:
        pytest.importorskip("pytorch_lightning")
    source = (Path(__file__).parent / "training" / "lightning_tiny.py").read_text()
    ledger = tmp_path / "ledger.sqlite"

    done = installed.run(source, ledger, timeout=300, TINY_FAIL_IN_EPOCH=2, **QUIET)

    assert done.returncode == 0, done.stderr[-3000:]
    reported = last_json(done.stdout)
    assert reported["energy_kwh"] > 0  # on_exception stopped the run and read its summary
    run = installed.show(reported["run_id"], ledger)
    assert run["status"] == "finished"
    assert [task["name"] for task in run["tasks"]] == ["epoch 1", "epoch 2"]
