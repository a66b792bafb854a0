"""Run: one measured block, either measured by a ``footprint attach`` of this process or joining an outer run."""

import os

import footprint

from . import _binary, _channel

_ATTACH_TIMEOUT_S = 10.0
_STOP_TIMEOUT_S = 30.0


class Run:
    """A run of the ledger, measured from outside this process; what ``footprint.track`` returns.

    ``run_id``, ``name``, ``joined`` (True when the block joined an outer run: then the energy fields stay
    None, the outer run reports them) and ``tasks_path`` (the task channel) are known once the block has
    started; ``energy_kwh`` (at the facility), ``co2e_kg``, ``duration_s`` and ``summary`` (the whole of
    ``footprint attach --json``'s summary) once it has ended. ``forecast`` is the latest forecast of the run's
    total (after an epoch plan: ``epochs=`` or ``expect_epochs``), ``forecasts`` all of them so far.
    """

    def __init__(
        self,
        name: "str | None" = None,
        *,
        project=None,
        country=None,
        region=None,
        cloud=None,
        intensity=None,
        pue=None,
        epochs=None,
        interval=None,
        ledger=None,
    ) -> None:
        self._options = {key: value for key, value in locals().items() if key not in ("self", "name")}
        self.name = name
        self._reset()

    def _reset(self) -> None:
        self.run_id = None
        self.joined = False
        self.tasks_path = None
        self.energy_kwh = None
        self.co2e_kg = None
        self.duration_s = None
        self.summary = None
        self._forecasts = []
        self._channel = None
        self._process = None
        self._output = b""
        self._pid = None
        self._saved_environment = None
        self._errors = None

    def __repr__(self) -> str:
        return f"<footprint.Run {self.name!r} run_id={self.run_id!r} joined={self.joined}>"

    # The context manager

    def __enter__(self) -> "Run":
        self._reset()
        self._pid = os.getpid()
        outer = footprint.current()
        path = os.environ.get("FOOTPRINT_TASKS")
        if outer is not None:
            self._join(outer.run_id, outer._channel, outer.tasks_path)
        elif path and os.environ.get("FOOTPRINT_RUN_ID") and (channel := _channel.channel(path)) is not None:
            # (A FOOTPRINT_TASKS nobody reads is left over from a run that has ended: measured anew below.)
            self._join(os.environ["FOOTPRINT_RUN_ID"], channel, path)
        elif (entry := _channel.registry_entry()) is not None and _channel.channel(entry["tasks"]) is not None:
            self._join(entry.get("run_id"), _channel.channel(entry["tasks"]), entry["tasks"])
        else:
            self._attach()
        footprint._active.append(self)
        return self

    def __exit__(self, *_exception) -> bool:
        if self._pid != os.getpid():
            return False  # a forked child leaving the block: the run is its parent's to end
        try:
            footprint._active.remove(self)
        except ValueError:
            return False  # ended already
        if self.joined:
            if self.name is not None and self._channel is not None:
                self._channel.write(f"stop {footprint._task_name(self.name)}\n")
        else:
            self._detach()
        return False

    def __call__(self, function):
        """``@track(...)``: each call of the function is a run of its own (named after it unless named)."""
        import functools

        name = self.name if self.name is not None else getattr(function, "__name__", None)
        options = self._options

        @functools.wraps(function)
        def measured(*args, **kwargs):
            with Run(name, **options):
                return function(*args, **kwargs)

        return measured

    # Forecasts

    @property
    def forecasts(self) -> list:
        """Every forecast the meter has made so far (dicts with ``after_epochs``, ``epochs``, ``duration_s``,
        ``energy_kwh``, ``co2e_kg``, ``low_energy_kwh``, ``high_energy_kwh``, ``made_at_s``)."""
        self._read_available()
        return list(self._forecasts)

    @property
    def forecast(self) -> "dict | None":
        """The latest forecast of the whole run, or None before the first (or when joined: the outer run has it)."""
        self._read_available()
        return self._forecasts[-1] if self._forecasts else None

    # Joining

    def _join(self, run_id, channel, path) -> None:
        self.joined = True
        self.run_id = run_id
        self._channel = channel
        self.tasks_path = path
        if channel is None:
            return
        epochs = self._options.get("epochs")
        if epochs is not None:
            channel.write(f"epochs {int(epochs)}\n")
        if self.name is not None:
            channel.write(f"start {footprint._task_name(self.name)}\n")

    # Attaching

    def _arguments(self) -> list:
        return ["attach", str(os.getpid()), "--json", "--quiet", *_binary.flags({"name": self.name, **self._options})]

    def _attach(self) -> None:
        import subprocess
        import tempfile

        binary = _binary.find()
        if binary is None:
            footprint._warn_once("binary", _binary.missing_message() + "; the code runs on unmeasured")
            return
        errors = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen(
                [binary, *self._arguments()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
                # Its own session: the terminal's Ctrl-C stops Python, and the meter records what ran.
                start_new_session=True,
            )
        except OSError as error:
            errors.close()
            footprint._warn_once("attach", _binary.not_started_message(binary, error))
            return
        self._errors = errors
        _enlarge_pipe(self._process.stdout.fileno())
        try:
            attached = self._read_attached()
        except BaseException:
            # Ctrl-C while waiting: the meter, in a session of its own, did not get it; it must not run on.
            self._process.kill()
            self._process.wait()
            raise
        if attached is None:
            self._fail("attach", "footprint attach did not start measuring")
            return
        self.run_id = attached.get("run_id")
        self.tasks_path = attached.get("tasks")
        if self.name is None:
            self.name = attached.get("name")
        self._channel = _channel.open_pipe(self.tasks_path) if self.tasks_path else None
        if self._channel is not None:
            # Python programs this one starts join this run instead of attaching to themselves.
            self._saved_environment = {key: os.environ.get(key) for key in ("FOOTPRINT_TASKS", "FOOTPRINT_RUN_ID")}
            os.environ["FOOTPRINT_TASKS"] = self.tasks_path
            os.environ["FOOTPRINT_RUN_ID"] = str(self.run_id)

    def _read_attached(self) -> "dict | None":
        """Waits (at most 10 s) for the ``attached`` line, which comes once the run is recorded and listening."""
        import json
        import time

        if not self._read_output(self._process, time.monotonic() + _ATTACH_TIMEOUT_S, whole=False):
            return None
        line, _, self._output = self._output.partition(b"\n")
        try:
            event = json.loads(line)
        except ValueError:
            return None
        return event if isinstance(event, dict) and event.get("event") == "attached" else None

    def _read_available(self) -> None:
        """Takes the forecast lines written so far without waiting (none are waited for: no thread here)."""
        process = self._process
        if process is None or process.stdout is None or self._pid != os.getpid():
            return
        fd = process.stdout.fileno()
        os.set_blocking(fd, False)
        try:
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                self._output += chunk
        except BlockingIOError:
            pass
        except OSError:
            return
        finally:
            os.set_blocking(fd, True)
        self._take_lines()

    def _take_lines(self) -> None:
        import json

        *lines, self._output = self._output.split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if not isinstance(event, dict):
                continue
            if event.get("event") == "forecast":
                self._forecasts.append({key: value for key, value in event.items() if key != "event"})
            elif "event" not in event:
                self.summary = event

    def _read_output(self, process, deadline: float, *, whole: bool) -> bool:
        """Reads the attach's output until a line has come, or (``whole``) until it closes as the meter ends;
        False when the deadline passes first, or the output closes before a line."""
        import select
        import time

        fd = process.stdout.fileno()
        while whole or b"\n" not in self._output:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                ready, _, _ = select.select([fd], [], [], remaining)
            except InterruptedError:
                continue
            if not ready:
                return False
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return whole
            self._output += chunk
        return True

    def _detach(self) -> None:
        """Ends the attach with SIGUSR1 (finished: the program ends its own run), waits for its summary (at most
        30 s) and keeps its figures."""
        import signal

        self._restore_environment()
        if self._channel is not None:
            self._channel.close()
        process = self._process
        if process is None:
            return
        self._process = None
        if process.poll() is None:
            try:
                process.send_signal(signal.SIGUSR1)
            except OSError:
                pass
        import time

        # Its output is read while it ends, not after: a summary of many tasks is more than a pipe holds, and
        # a meter blocked writing it would never exit.
        if not self._read_output(process, time.monotonic() + _STOP_TIMEOUT_S, whole=True):
            process.kill()
            process.wait()
            self._fail("attach", f"footprint attach did not end within {_STOP_TIMEOUT_S:.0f} s and was killed", process)
            return
        process.wait()
        process.stdout.close()
        self._take_lines()
        if self.summary is None:
            self._fail("attach", f"footprint attach ended (exit {process.returncode}) without a summary", process)
            return
        self._errors.close()
        self._errors = None
        self.energy_kwh = self.summary.get("energy_kwh")
        self.co2e_kg = self.summary.get("co2e_kg")
        self.duration_s = self.summary.get("duration_s")
        self.run_id = self.summary.get("run_id", self.run_id)

    def _fail(self, kind: str, what: str, process=None) -> None:
        """Warns (once per kind) with what the meter said, and leaves the run unmeasured."""
        process = process or self._process
        self._process = None
        if process is not None:
            if process.poll() is None:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        said = ""
        errors, self._errors = self._errors, None
        if errors is not None:
            errors.seek(0)
            lines = [line.strip() for line in errors.read().decode(errors="replace").splitlines() if line.strip()]
            errors.close()
            said = f": {lines[0]}" if lines else ""
        self._restore_environment()
        footprint._warn_once(kind, f"{what}{said}; the code runs on unmeasured")

    def _restore_environment(self) -> None:
        saved, self._saved_environment = self._saved_environment, None
        for key, value in (saved or {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _enlarge_pipe(fd: int) -> None:
    """Room for about 4,000 forecasts in the attach's output pipe, read only when asked (there is no thread here
    to read it): a full pipe would stall the meter."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (OSError, ImportError):
        pass
