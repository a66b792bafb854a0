"""Energy and carbon of machine learning, measured by the native ``footprint`` meter in its own process.

``import footprint`` is cheap (only ``os`` and ``sys``); the rest loads when first used::

    import footprint
    with footprint.track(name="fine-tune", project="nlp", country="DE") as run:
        for epoch in range(3):
            with footprint.task(f"epoch {epoch + 1}"):
                train_one_epoch()
    print(run.energy_kwh, run.co2e_kg, run.run_id)

Measuring never breaks the program it measures: when the binary is missing or fails, the API warns once
(:class:`FootprintWarning`) and the code runs on. No thread is ever started in this process.
"""

import os

__version__ = "0.1.0"
__all__ = [
    "FootprintError",
    "FootprintWarning",
    "Run",
    "current",
    "estimate",
    "expect_epochs",
    "measuring",
    "runs",
    "task",
    "track",
]

# The Runs of this process that are active now, innermost last. A forked child inherits them, so that
# its task() lines go to the same channel; it never stops them (a Run remembers its pid).
_active: list = []
# The channel module, loaded at the first task(): a global is cheaper to read than an import statement.
_channels = None


class FootprintWarning(UserWarning):
    """Measuring failed (binary missing, meter not started or gone); the program runs on unmeasured."""


class FootprintError(Exception):
    """The footprint command refused a request whose answer was asked for (an estimate, the runs)."""


def track(
    name=None,
    *,
    project: "str | None" = None,
    country: "str | None" = None,
    region: "str | None" = None,
    cloud: "str | None" = None,
    intensity: "float | None" = None,
    pue: "float | str | None" = None,
    epochs: "int | None" = None,
    interval: "float | None" = None,
    ledger: "str | os.PathLike | None" = None,
):
    """Measures a block or a function as a run of the ledger: ``with track(...) as run:``, ``@track`` or ``@track(...)``.

    Inside ``footprint run`` (``FOOTPRINT_TASKS`` and ``FOOTPRINT_RUN_ID`` set), inside another active track of
    this process, or under a ``footprint attach`` of this process, it joins that run: the block becomes a task
    named ``name`` (when given) and the energy fields stay None, as the outer run reports them. Otherwise it
    starts ``footprint attach`` on this process, which measures it (and the processes it starts) from outside.
    ``epochs`` announces the number of epochs for forecasts (``run.forecast``); ``ledger`` is the ledger file
    (default: ``FOOTPRINT_LEDGER``, else ``$XDG_DATA_HOME/footprint/ledger.sqlite``).
    """
    options = {key: value for key, value in locals().items() if key != "name"}
    from ._session import Run

    if callable(name) and not isinstance(name, str):
        # The bare decorator: @footprint.track
        return Run(None, **options)(name)
    return Run(name, **options)


def __getattr__(attribute: str):
    # Run and estimate load on first use, so that `import footprint` stays cheap.
    if attribute == "Run":
        from ._session import Run

        return Run
    if attribute == "estimate":
        # Not `from . import estimate`: that asks this module for the attribute first, landing here again.
        __import__("footprint.estimate")
        return globals()["estimate"]
    raise AttributeError(f"module 'footprint' has no attribute {attribute!r}")


def _channel_now():
    """The channel task lines go to now: the innermost active Run's, else FOOTPRINT_TASKS', else that of an
    attach of this process found in the attach registry; None when nothing measures."""
    global _channels
    if _active:
        return _active[-1]._channel
    if _channels is None:
        from . import _channel as _channels
    path = os.environ.get("FOOTPRINT_TASKS")
    if path:
        return _channels.channel(path)
    return _channels.registry_channel()


def _task_name(name) -> str:
    """A task name as the channel takes it: one line (newlines become spaces), at most 1,000 characters."""
    return str(name).replace("\n", " ").replace("\r", " ")[:1000]


class _Task:
    """A phase of the run: ``start NAME`` on enter, ``stop NAME`` on exit; a decorator too."""

    __slots__ = ("name", "_channel")

    def __init__(self, name: str) -> None:
        self.name = _task_name(name)
        self._channel = None

    def __enter__(self) -> "_Task":
        channel = _channel_now()
        self._channel = channel
        if channel is not None:
            channel.write("start " + self.name + "\n")
        return self

    def __exit__(self, *_exception) -> bool:
        channel = self._channel
        if channel is not None:
            self._channel = None
            channel.write("stop " + self.name + "\n")
        return False

    def __call__(self, function):
        import functools

        name = self.name

        @functools.wraps(function)
        def marked(*args, **kwargs):
            with _Task(name):
                return function(*args, **kwargs)

        return marked


def task(name: str) -> _Task:
    """Marks a phase (an epoch, evaluation) of the run being measured: ``with task("epoch 1"):`` or ``@task("eval")``.

    The lines go to the innermost active :func:`track`'s channel, else ``footprint run``'s, else that of a
    ``footprint attach`` of this process; when nothing measures it does nothing, so code can keep its marks.
    Newlines in the name become spaces; names are cut at 1,000 characters.
    """
    return _Task(name)


def expect_epochs(epochs: int) -> None:
    """Announces the run's total epochs (an ``epochs N`` line), so that each epoch task ending brings a forecast.

    Does nothing when nothing measures. The first number announced to a run stands.
    """
    channel = _channel_now()
    if channel is not None:
        channel.write(f"epochs {int(epochs)}\n")


def measuring() -> bool:
    """Whether task lines go anywhere now (a track, ``footprint run`` or ``footprint attach`` measures)."""
    return _channel_now() is not None


def current():
    """The innermost active Run of this process, or None: callbacks use it to join rather than start one."""
    return _active[-1] if _active else None


def runs(*, project: "str | None" = None, limit: "int | None" = None, ledger=None) -> list:
    """The ledger's runs, newest first, as ``footprint runs --json`` gives them (a list of dicts).

    Raises :class:`FootprintError` when the binary is missing or refuses (e.g. an unreadable ledger).
    """
    from . import _binary

    arguments = ["runs", "list"]
    if project is not None:
        arguments += ["--project", str(project)]
    if limit is not None:
        arguments += ["--limit", str(limit)]
    if ledger is not None:
        arguments += ["--ledger", os.fspath(ledger)]
    return _binary.run_json(arguments)


def _warn_once(kind: str, message: str) -> None:
    """One FootprintWarning per kind of failure in this process: a failing meter must not flood the log."""
    if kind in _warned:
        return
    _warned.add(kind)
    import sys
    import warnings

    # Pointed at the user's line that started measuring or marked a task, not at this package's inside.
    package = os.path.dirname(__file__)
    frame, level = sys._getframe(0), 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, FootprintWarning, stacklevel=level)


_warned: set = set()
