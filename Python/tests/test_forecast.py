"""run.forecast once epochs are announced (epochs= or expect_epochs) and epoch tasks end."""

from conftest import last_json
from test_track import BUSY

WAIT = """
def first_forecast(run):
    # The meter makes the forecast when it reads the epoch's stop line: a moment after it was written.
    end = time.monotonic() + 5
    while run.forecast is None and time.monotonic() < end:
        time.sleep(0.02)
    return run.forecast
"""


def test_epochs_given_to_track_bring_forecasts(installed, tmp_path):
    script = BUSY + WAIT + """
import json, footprint
with footprint.track(name="forecast", epochs=3) as run:
    before = run.forecast
    for epoch in range(3):
        with footprint.task(f"epoch {epoch + 1}"):
            busy(0.2)
        if epoch == 0:
            first = first_forecast(run)
print(json.dumps({"before": before, "first": first, "all": run.forecasts, "energy_kwh": run.energy_kwh}))
"""
    done = installed.run(script, tmp_path / "ledger.sqlite")
    assert done.returncode == 0, done.stderr
    printed = last_json(done.stdout)
    assert printed["before"] is None
    first = printed["first"]
    assert (first["after_epochs"], first["epochs"]) == (1, 3)
    assert first["low_energy_kwh"] <= first["energy_kwh"] <= first["high_energy_kwh"]
    assert first["duration_s"] > 0.5 and first["made_at_s"] > 0
    assert [forecast["after_epochs"] for forecast in printed["all"]] == [1, 2, 3]
    assert printed["energy_kwh"] > 0


def test_expect_epochs_announces_the_plan(installed, tmp_path):
    script = BUSY + WAIT + """
import json, footprint
with footprint.track(name="announced") as run:
    footprint.expect_epochs(4)
    with footprint.task("epoch 1"):
        busy(0.1)
    first = first_forecast(run)
print(json.dumps(first))
"""
    done = installed.run(script, tmp_path / "ledger.sqlite")
    assert done.returncode == 0, done.stderr
    first = last_json(done.stdout)
    assert (first["after_epochs"], first["epochs"]) == (1, 4)
