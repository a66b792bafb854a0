"""estimate.* and runs(): thin wrappers over the CLI's --json, giving what the command gives; a refusal raises."""

import json

from conftest import last_json
from test_track import BUSY


def test_estimates_are_the_commands_json(installed):
    script = """
import json, footprint
lifecycle = footprint.estimate.lifecycle(samples=1e6, inference_flops=1e9, hardware="a100", country="DE")
green = footprint.estimate.green_algorithms(hours=2, cores=8, core_watts=12.5, memory_gb=64, country="FR")
strubell = footprint.estimate.strubell(hours=10, gpus=4, gpu_watts=250, pue=1.58, country="US")
print(json.dumps([lifecycle, green, strubell]))
"""
    done = installed.run(script)
    assert done.returncode == 0, done.stderr
    lifecycle, green, strubell = last_json(done.stdout)
    assert lifecycle == installed.cli(
        "estimate",
        "lifecycle",
        "--samples",
        "1e6",
        "--inference-flops",
        "1e9",
        "--hardware",
        "a100",
        "--country",
        "DE",
        "--json",
    )
    assert green == installed.cli(
        "estimate",
        "green-algorithms",
        "--hours",
        "2",
        "--cores",
        "8",
        "--core-watts",
        "12.5",
        "--memory-gb",
        "64",
        "--country",
        "FR",
        "--json",
    )
    assert strubell["energy_kwh"] > 0 and lifecycle["energy_kwh"] > 0 and green["co2e_kg"] > 0


def test_a_refused_estimate_raises_footprint_error_with_the_commands_message(installed):
    script = """
import json, footprint
try:
    footprint.estimate.lifecycle(samples=1e6, inference_flops=1e9, hardware="no-such-chip")
except footprint.FootprintError as error:
    print(json.dumps(str(error)))
"""
    done = installed.run(script)
    assert done.returncode == 0, done.stderr
    message = last_json(done.stdout)
    assert "unknown hardware 'no-such-chip'" in message and "footprint hardware list" in message
    assert not message.startswith("error:")
    assert "\n" not in message


def test_runs_lists_the_ledger_as_the_command_does(installed, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    script = BUSY + """
import json, footprint
for name, project in (("a", "vision"), ("b", "nlp"), ("c", "nlp")):
    with footprint.track(name=name, project=project):
        busy(0.02)
everything = footprint.runs()
nlp = footprint.runs(project="nlp")
latest = footprint.runs(limit=1, ledger=footprint_ledger)
print(json.dumps([[run["name"] for run in listed] for listed in (everything, nlp, latest)] + [everything]))
""".replace("footprint_ledger", repr(str(ledger)))
    done = installed.run(script, ledger)
    assert done.returncode == 0, done.stderr
    everything, nlp, latest, whole = last_json(done.stdout)
    assert (everything, nlp, latest) == (["c", "b", "a"], ["c", "b"], ["c"])
    assert whole == installed.cli("runs", "--json", ledger=ledger)
