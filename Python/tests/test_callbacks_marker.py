"""The callbacks' common part (EpochMarker), driven as a framework drives it, with real measuring."""

import types

import pytest

import footprint
from footprint.callbacks import EpochMarker

from callback_training import footprint_json


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    """This test's ledger, outside any measured run, with no failure warned about yet in this process."""
    monkeypatch.delenv("FOOTPRINT_TASKS", raising=False)
    monkeypatch.delenv("FOOTPRINT_RUN_ID", raising=False)
    monkeypatch.setenv("FOOTPRINT_LEDGER", str(tmp_path / "ledger.sqlite"))
    monkeypatch.setattr(footprint, "_warned", set())
    return tmp_path / "ledger.sqlite"


def test_a_training_that_raised_ends_the_run_the_callback_started_with_its_epochs(ledger, tmp_path):
    marker = EpochMarker({"name": "diverged", "interval": 0.1})

    marker.train_begin(3)
    marker.epoch_begin(1)
    marker.epoch_end()
    marker.epoch_begin(2)
    marker.train_end(RuntimeError("loss is NaN"))

    assert footprint.current() is None
    run = footprint_json(tmp_path, "runs", "show", marker.run.run_id)
    assert run["status"] == "finished"
    assert [task["name"] for task in run["tasks"]] == ["epoch 1", "epoch 2"]
    assert marker.run.summary["epochs"] == 3


def test_a_training_begun_again_after_one_that_never_ended_gets_a_run_of_its_own(ledger, tmp_path):
    marker = EpochMarker({"interval": 0.1})

    marker.train_begin(None)
    marker.epoch_begin(1)
    first = marker.run
    marker.train_begin(None)
    marker.epoch_begin(1)
    marker.epoch_end()
    marker.train_end()

    assert first.run_id != marker.run.run_id
    assert footprint.current() is None
    runs = footprint_json(tmp_path, "runs", "list")
    assert sorted(run["id"] for run in runs) == sorted([first.run_id, marker.run.run_id])
    for run_id in (first.run_id, marker.run.run_id):
        assert [task["name"] for task in footprint_json(tmp_path, "runs", "show", run_id)["tasks"]] == ["epoch 1"]


def test_inside_a_track_the_callback_marks_it_and_leaves_it_running(ledger, tmp_path):
    marker = EpochMarker({"name": "ignored: the track measures already"})

    with footprint.track(name="outer", interval=0.1) as outer:
        marker.train_begin(2)
        for epoch in (1, 2):
            marker.epoch_begin(epoch)
            marker.epoch_end()
        marker.train_end()
        still_current = footprint.current()

    assert marker.run is outer
    assert still_current is outer
    assert [run["id"] for run in footprint_json(tmp_path, "runs", "list")] == [outer.run_id]
    run = footprint_json(tmp_path, "runs", "show", outer.run_id)
    assert run["name"] == "outer"
    assert [task["name"] for task in run["tasks"]] == ["epoch 1", "epoch 2"]
    assert outer.summary["epochs"] == 2


def test_a_callback_that_cannot_measure_warns_once_and_the_training_goes_on(ledger):
    marker = EpochMarker({"colour": "green"})  # no such option of track()

    with pytest.warns(footprint.FootprintWarning) as warned:
        for _ in range(2):
            marker.train_begin(2)
            marker.epoch_begin(1)
            marker.epoch_end()
            marker.train_end()

    assert len(warned) == 1
    assert "colour" in str(warned[0].message)
    assert marker.run is None
    assert not footprint.measuring()


@pytest.mark.parametrize(
    ("num_train_epochs", "max_steps", "announced"),
    [(3, -1, 3), (3.0, -1, 3), (2.5, -1, None), (3, 10, None)],
)
def test_the_transformers_callback_announces_only_epochs_run_in_full(num_train_epochs, max_steps, announced):
    pytest.importorskip("transformers")
    from footprint.callbacks.huggingface import _total_epochs

    arguments = types.SimpleNamespace(num_train_epochs=num_train_epochs, max_steps=max_steps)
    state = types.SimpleNamespace(num_train_epochs=3)

    assert _total_epochs(arguments, state) == announced
