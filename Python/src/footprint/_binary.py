"""Finding the ``footprint`` binary and running it for an answer (``--json``)."""

import os
import shutil
import subprocess

import footprint

_PACKAGED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "footprint")


def _is_program(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _is_script(path: str) -> bool:
    """Whether ``path`` is a script (``#!``), such as this package's own ``footprint`` console script."""
    try:
        with open(path, "rb") as file:
            return file.read(2) == b"#!"
    except OSError:
        return True


def find() -> "str | None":
    """The binary: ``FOOTPRINT_BINARY`` when set (and nothing else then), else the one in this package
    (``footprint/bin/footprint``, put there by the wheel), else a ``footprint`` on PATH that is not a script
    (the console script of this package runs the packaged binary, and would run itself)."""
    chosen = os.environ.get("FOOTPRINT_BINARY")
    if chosen:
        return chosen if _is_program(chosen) else None
    if _is_program(_PACKAGED):
        return _PACKAGED
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = shutil.which("footprint", path=folder) if folder else None
        if candidate and not _is_script(candidate):
            return candidate
    return None


def flags(options: dict) -> list:
    """Keyword arguments as the command's flags: ``inference_flops=1e9`` → ``--inference-flops 1e9``; True gives
    a bare flag, False and None leave it out, a list or tuple repeats it, a path is given as its file name."""
    arguments = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if item is None or item is False:
                continue
            if item is True:
                arguments.append(flag)
            else:
                arguments += [flag, os.fspath(item) if isinstance(item, os.PathLike) else str(item)]
    return arguments


def not_started_message(binary: str, error: OSError) -> str:
    return f"footprint: {binary} could not be started ({error.strerror})"


def missing_message() -> str:
    chosen = os.environ.get("FOOTPRINT_BINARY")
    if chosen:
        return f"footprint: FOOTPRINT_BINARY is {chosen}, which is not an executable file"
    return (
        "footprint: the footprint binary is not installed (install the footprint-ml wheel for this platform, "
        "or set FOOTPRINT_BINARY to a footprint binary)"
    )


def run_json(arguments: list):
    """Runs ``footprint ARGUMENTS --json`` and returns its JSON (the whole output, else its last line) parsed.

    Raises FootprintError with the command's one-line message when it refuses, or when there is no binary.
    """
    import json

    binary = find()
    if binary is None:
        raise footprint.FootprintError(missing_message())
    try:
        done = subprocess.run(
            [binary, *arguments, "--json"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
    except OSError as error:
        raise footprint.FootprintError(not_started_message(binary, error)) from None
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        problem = next((line.strip() for line in done.stderr.splitlines() if line.strip()), "")
        # The command's "error: " prefix says what the exception's type says already.
        problem = problem.removeprefix("error: ")
        raise footprint.FootprintError(problem or f"footprint {' '.join(arguments)} failed (exit {done.returncode})")
    try:
        return json.loads(done.stdout)  # one document, pretty-printed by some commands
    except ValueError:
        pass
    try:
        return json.loads(lines[-1])  # or the last line, after other output
    except ValueError:
        raise footprint.FootprintError(f"footprint {' '.join(arguments)} printed no JSON: {lines[-1][:200]}") from None
