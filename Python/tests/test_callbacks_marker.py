"""The callbacks' common part (EpochMarker), driven as a framework drives it, with real measuring, in scripts
run by the installed wheel's python."""

import pytest

from conftest import last_json


def test_a_training_that_raised_ends_the_run_the_callback_started_with_its_epochs(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = """
import json, footprint
from footprint.callbacks import EpochMarker
marker = EpochMarker({"name": "diverged", "interval": 0.1})
marker.train_begin(3)
marker.epoch_begin(1)
marker.epoch_end()
marker.epoch_begin(2)
marker.train_end(RuntimeError("loss is NaN"))
print(json.dumps([marker.run.run_id, marker.run.summary["epochs"], footprint.current(), footprint.measuring()]))
"""
    done = installed.run(script, ledger)

    assert done.returncode == 0, done.stderr
    run_id, epochs, current, measuring = last_json(done.stdout)
    assert (epochs, current, measuring) == (3, None, False)
    run = installed.show(run_id, ledger)
    assert run["status"] == "finished"
    assert [task["name"] for task in run["tasks"]] == ["epoch 1", "epoch 2"]


def test_a_training_begun_again_after_one_that_never_ended_gets_a_run_of_its_own(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = """
import json, footprint
from footprint.callbacks import EpochMarker
marker = EpochMarker({"interval": 0.1})
marker.train_begin(None)
marker.epoch_begin(1)
first = marker.run
marker.train_begin(None)  # as transformers and Keras do after a fit() that raised: no train end came
marker.epoch_begin(1)
marker.epoch_end()
marker.train_end()
print(json.dumps([first.run_id, first.energy_kwh is not None, marker.run.run_id, footprint.current()]))
"""
    done = installed.run(script, ledger)

    assert done.returncode == 0, done.stderr
    first, first_measured, second, current = last_json(done.stdout)
    assert first != second
    assert first_measured is True
    assert current is None
    assert sorted(run["id"] for run in installed.cli("runs", "--json", ledger=ledger)) == sorted([first, second])
    assert [task["name"] for task in installed.show(first, ledger)["tasks"]] == ["epoch 1"]
    assert [task["name"] for task in installed.show(second, ledger)["tasks"]] == ["epoch 1"]


def test_inside_a_track_the_callback_marks_it_and_leaves_it_running(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = """
import json, footprint
from footprint.callbacks import EpochMarker
marker = EpochMarker({"name": "ignored: the track measures already"})
with footprint.track(name="outer", interval=0.1) as outer:
    marker.train_begin(2)
    for epoch in (1, 2):
        marker.epoch_begin(epoch)
        marker.epoch_end()
    marker.train_end()
    still_current = footprint.current() is outer
print(json.dumps([outer.run_id, marker.run is outer, still_current, outer.summary["epochs"]]))
"""
    done = installed.run(script, ledger)

    assert done.returncode == 0, done.stderr
    run_id, marked_the_track, still_current, epochs = last_json(done.stdout)
    assert (marked_the_track, still_current, epochs) == (True, True, 2)
    assert [run["id"] for run in installed.cli("runs", "--json", ledger=ledger)] == [run_id]
    run = installed.show(run_id, ledger)
    assert run["name"] == "outer"
    assert [task["name"] for task in run["tasks"]] == ["epoch 1", "epoch 2"]


@pytest.mark.parametrize(
    ("options", "binary", "warning"),
    [
        ({"colour": "green"}, None, "unexpected keyword argument 'colour'"),  # no such option of track()
        ({}, "nowhere/footprint", "which is not an executable file"),
    ],
)
def test_a_callback_that_cannot_measure_warns_once_and_the_training_goes_on(
    installed, tmp_path, options, binary, warning
):
    script = f"""
import json, footprint
from footprint.callbacks import EpochMarker
marker = EpochMarker({options!r})
for _ in range(2):
    marker.train_begin(2)
    marker.epoch_begin(1)
    marker.epoch_end()
    marker.train_end()
print(json.dumps([footprint.measuring(), footprint.current(), getattr(marker.run, "energy_kwh", None)]))
"""
    extra = {"FOOTPRINT_BINARY": tmp_path / binary} if binary else {}

    done = installed.run(script, tmp_path / "ledger.sqlite", python_options=("-W", "always::UserWarning"), **extra)

    assert done.returncode == 0, done.stderr
    assert last_json(done.stdout) == [False, None, None]
    assert done.stderr.count("FootprintWarning") == 1
    assert warning in done.stderr


def test_the_transformers_callback_announces_only_epochs_run_in_full(installed):
    pytest.importorskip("transformers")
    script = """
import json, types
from footprint.callbacks.huggingface import _total_epochs
state = types.SimpleNamespace(num_train_epochs=3)
cases = [(3, -1), (3.0, -1), (2.5, -1), (3, 10)]
print(json.dumps([_total_epochs(types.SimpleNamespace(num_train_epochs=e, max_steps=s), state) for e, s in cases]))
"""
    done = installed.run(script)

    assert done.returncode == 0, done.stderr
    assert last_json(done.stdout) == [3, 3, None, None]


def test_importing_the_callbacks_package_imports_no_framework(installed):
    script = """
import json, sys
import footprint.callbacks
print(json.dumps(sorted(name for name in ("torch", "transformers", "lightning", "keras") if name in sys.modules)))
"""
    done = installed.run(script)

    assert done.returncode == 0, done.stderr
    assert last_json(done.stdout) == []
