"""The installed wheel, and the environment its scripts run in.

Scripts/test-python names the wheel (FOOTPRINT_WHEEL); the session installs it into a fresh virtual
environment made from the Python running pytest, with its site packages (torch and transformers, where that
Python has them), and every test runs its scripts with that environment's python in a subprocess, so that
what is tested is the installed package and the binary inside it. FOOTPRINT_TEST_BINARY, for development
only, puts another binary in FOOTPRINT_BINARY for the scripts.
"""

import glob
import json
import os
import site
import subprocess
import sys

import pytest

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Variables of an outer measurement (pytest itself run by `footprint run`) or of the developer's shell.
OUTER = ("FOOTPRINT_TASKS", "FOOTPRINT_RUN_ID", "FOOTPRINT_BINARY", "FOOTPRINT_LEDGER", "PYTHONPATH")


def wheel_path() -> str:
    named = os.environ.get("FOOTPRINT_WHEEL")
    if named:
        return named
    built = sorted(glob.glob(os.path.join(REPOSITORY, "dist", "footprint_ml-*.whl")), key=os.path.getmtime)
    if not built:
        pytest.exit("no wheel in dist/: run Scripts/test-python (it builds one)", returncode=2)
    return built[-1]


def install(python: str, folder: str, *, system_site_packages: bool) -> str:
    """A virtual environment at ``folder`` made by ``python``, with the wheel installed; its python.

    ``system_site_packages``: the packages of the Python running pytest are at hand too, behind the wheel.
    `venv --system-site-packages` alone gives the base interpreter's, not those of a venv such as
    /opt/footprint-torch (where torch and transformers are), so a .pth file adds those.
    """
    command = [python, "-m", "venv", folder]
    if system_site_packages:
        command.insert(3, "--system-site-packages")
    subprocess.run(command, check=True)
    if system_site_packages:
        purelib = subprocess.run(
            [f"{folder}/bin/python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        with open(os.path.join(purelib, "outer-site-packages.pth"), "w", encoding="utf-8") as file:
            file.write("".join(path + "\n" for path in site.getsitepackages()))
    subprocess.run(
        [
            f"{folder}/bin/python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--disable-pip-version-check",
            wheel_path(),
        ],
        check=True,
    )
    return f"{folder}/bin/python"


class Installed:
    """The venv with the wheel: ``run`` runs a script with its python, ``footprint`` its console script."""

    def __init__(self, python: str) -> None:
        self.python = python
        self.footprint = os.path.join(os.path.dirname(python), "footprint")

    def environment(self, ledger=None, **extra) -> dict:
        environment = {key: value for key, value in os.environ.items() if key not in OUTER}
        if os.environ.get("FOOTPRINT_TEST_BINARY"):
            environment["FOOTPRINT_BINARY"] = os.environ["FOOTPRINT_TEST_BINARY"]
        if ledger is not None:
            environment["FOOTPRINT_LEDGER"] = str(ledger)
        environment.update({key: str(value) for key, value in extra.items()})
        return environment

    def run(self, script: str, ledger=None, *, prefix=(), python_options=(), timeout=120, **extra):
        """Runs ``script`` (Python source) with the venv's python, after ``prefix`` (e.g. footprint run --)."""
        return subprocess.run(
            [*prefix, self.python, *python_options, "-c", script],
            env=self.environment(ledger, **extra),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def cli(self, *arguments, ledger=None, check=True):
        """The console script ``footprint ARGUMENTS``; its stdout parsed when ``--json`` is among them."""
        done = subprocess.run(
            [self.footprint, *arguments, *(["--ledger", str(ledger)] if ledger is not None else [])],
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        if check:
            assert done.returncode == 0, done.stderr
        return parse_json(done.stdout) if "--json" in arguments else done

    def show(self, run_id: str, ledger) -> dict:
        """``footprint runs show RUN_ID --json``."""
        return self.cli("runs", "show", run_id, "--json", ledger=ledger)


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Installed:
    folder = tmp_path_factory.mktemp("venv") / "env"
    return Installed(install(sys.executable, str(folder), system_site_packages=True))


def parse_json(output: str):
    """A command's --json output: one document (pretty-printed by `runs show`), or its last line."""
    try:
        return json.loads(output)
    except ValueError:
        return json.loads(output.strip().splitlines()[-1])


def last_json(output: str) -> dict:
    """The last line of a script's output, which the scripts here print as JSON."""
    return json.loads(output.strip().splitlines()[-1])
