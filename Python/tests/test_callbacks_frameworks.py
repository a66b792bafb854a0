"""Each framework's FootprintCallback on a tiny training (2 epochs of 2 steps, CPU): measuring by itself, and
marking the outer run under ``footprint run``. A framework that is not installed skips its tests."""

import importlib.util

import pytest

from callback_training import footprint_json, train_standalone, train_under_footprint_run

# The training script of each framework, and the modules it needs.
FRAMEWORKS = {
    "huggingface": ("hf_tiny.py", ["torch", "transformers", "accelerate"]),
    "lightning": ("lightning_tiny.py", ["torch", ("lightning", "pytorch_lightning")]),
    "keras": ("keras_tiny.py", ["torch", "keras"]),
}


@pytest.fixture(params=sorted(FRAMEWORKS))
def script(request) -> str:
    """The framework's training script; the test is skipped where the framework is not installed."""
    script, modules = FRAMEWORKS[request.param]
    for module in modules:
        choices = module if isinstance(module, tuple) else (module,)
        if not any(importlib.util.find_spec(choice) for choice in choices):
            pytest.skip(f"{' or '.join(choices)} is not installed")
    return script


def test_the_callback_measures_a_training_by_itself_with_its_epochs_and_a_forecast(script, tmp_path):
    reported = train_standalone(script, tmp_path)

    assert reported["joined"] is False
    assert reported["energy_kwh"] > 0
    run = footprint_json(tmp_path, "runs", "show", reported["run_id"])
    assert run["name"] == script.removesuffix(".py").replace("_", "-")
    assert run["status"] == "finished"
    assert [task["name"] for task in run["tasks"]] == ["epoch 1", "epoch 2"]
    forecasts = footprint_json(tmp_path, "report", reported["run_id"])["predictions"]
    assert [(forecast["after_epochs"], forecast["epochs"]) for forecast in forecasts] == [(1, 2), (2, 2)]


def test_under_footprint_run_the_epochs_land_in_the_outer_run(script, tmp_path):
    summary = train_under_footprint_run(script, tmp_path)

    assert [run["id"] for run in footprint_json(tmp_path, "runs", "list")] == [summary["run_id"]]
    run = footprint_json(tmp_path, "runs", "show", summary["run_id"])
    assert [task["name"] for task in run["tasks"]] == ["epoch 1", "epoch 2"]
    assert summary["epochs"] == 2
    assert [forecast["after_epochs"] for forecast in summary["predictions"]] == [1, 2]
