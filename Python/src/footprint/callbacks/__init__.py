"""Framework callbacks that mark each epoch as a task of the run being measured.

Each framework has its own module, which imports the framework only when it is itself imported::

    from footprint.callbacks.huggingface import FootprintCallback   # transformers.Trainer
    from footprint.callbacks.lightning import FootprintCallback     # lightning.pytorch.Trainer
    from footprint.callbacks.keras import FootprintCallback         # keras Model.fit

All three behave alike (:class:`EpochMarker` does the work): at train begin they announce the total epochs
when the framework knows them, so that the run forecasts the whole training after the first epoch; when
nothing measures this process yet they start their own :func:`footprint.track` (with the keyword arguments
given to the callback) and stop it at train end, else they only mark the run that measures already
(``footprint run``, ``footprint attach`` or an enclosing ``track``). Each epoch is a task ``epoch N``
(1-based). A failure in measuring never stops the training: it becomes one :class:`footprint.FootprintWarning`.
"""

import footprint

__all__ = ["EpochMarker", "MarksEpochs"]


class EpochMarker:
    """The framework-free part of the callbacks: the run they started (if any) and the epoch task open now.

    Every method catches its own failures (a warning, once per process), since a callback that raises
    would stop the training it only observes.
    """

    __slots__ = ("track_options", "run", "_own", "_epoch", "_epoch_task")

    def __init__(self, track_options: dict) -> None:
        self.track_options = dict(track_options)
        # The Run this marker measures into: its own (stopped at train end), or the one that was current
        # when training began (None under `footprint run` or `footprint attach`, which have no Run here).
        self.run = None
        self._own = False
        self._epoch = 0  # epochs finished before the current one
        self._epoch_task = None

    def train_begin(self, epochs: "int | None", epochs_done: int = 0) -> None:
        """Starts measuring when nothing does, and announces ``epochs`` (the total, when known)."""
        try:
            self._finish_left_over()
            self._epoch = max(int(epochs_done), 0)
            announced = self.track_options.get("epochs") or epochs
            if footprint.measuring():
                self.run = footprint.current()
                self._own = False
                if announced:
                    footprint.expect_epochs(announced)
            else:
                options = dict(self.track_options)
                if announced:
                    options["epochs"] = announced
                run = footprint.track(**options)
                run.__enter__()
                self.run = run
                self._own = True
        except Exception as error:  # noqa: BLE001 - measuring must never stop the training
            _warn(error)

    def epoch_begin(self, number: "int | None" = None) -> None:
        """Opens the task ``epoch N``: ``number`` when the framework counts (1-based), else the next one."""
        try:
            self._close_epoch()
            self._epoch = int(number) if number is not None else self._epoch + 1
            task = footprint.task(f"epoch {self._epoch}")
            task.__enter__()
            self._epoch_task = task
        except Exception as error:  # noqa: BLE001
            _warn(error)

    def epoch_end(self) -> None:
        """Closes the epoch task opened last (a no-op when none is open)."""
        try:
            self._close_epoch()
        except Exception as error:  # noqa: BLE001
            _warn(error)

    def train_end(self, exception: "BaseException | None" = None) -> None:
        """Closes an epoch left open and stops the run this marker started (only that one)."""
        try:
            self._close_epoch()
            run, own = self.run, self._own
            self._own = False
            if own and run is not None:
                if exception is None:
                    run.__exit__(None, None, None)
                else:
                    run.__exit__(type(exception), exception, exception.__traceback__)
        except Exception as error:  # noqa: BLE001
            _warn(error)

    def _close_epoch(self) -> None:
        task, self._epoch_task = self._epoch_task, None
        if task is not None:
            task.__exit__(None, None, None)

    def _finish_left_over(self) -> None:
        # A training that raised in a framework without an exception hook (transformers, Keras) never called
        # train end: its run would stay active and swallow the next training's epochs. Stop it first.
        if self._own:
            self.train_end()


class MarksEpochs:
    """What each framework's FootprintCallback adds to the framework's callback class: its EpochMarker
    (``self._marker``, made in its ``__init__``) and the run the epochs went to."""

    _marker: EpochMarker

    @property
    def run(self):
        """The :class:`footprint.Run` the epochs went to: the callback's own, with its figures once training has
        ended, or the ``track`` that measured already (None under ``footprint run`` or ``footprint attach``)."""
        return self._marker.run


def _warn(error: Exception) -> None:
    footprint._warn_once(
        "callback", f"footprint: the training callback could not mark the run ({error}); training goes on"
    )
