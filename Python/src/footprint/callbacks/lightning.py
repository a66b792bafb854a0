"""``FootprintCallback`` for PyTorch Lightning's ``Trainer``: each training epoch a task ``epoch N``.

::

    from footprint.callbacks.lightning import FootprintCallback
    trainer = lightning.Trainer(max_epochs=10, callbacks=[FootprintCallback(project="vision")])
    trainer.fit(model, data)

Importing this module imports ``lightning.pytorch`` (or, where only the older package is installed,
``pytorch_lightning``); ``import footprint`` never does. The callback subclasses the one that was found: a
``pytorch_lightning.Trainer`` needs ``lightning`` not to be installed beside it.
"""

import math

try:
    from lightning.pytorch import Callback
except ImportError:
    from pytorch_lightning import Callback

from . import EpochMarker, MarksEpochs

__all__ = ["FootprintCallback"]


class FootprintCallback(MarksEpochs, Callback):
    """Marks each training epoch of ``Trainer.fit()`` as a task ``epoch N`` and announces ``max_epochs``.

    Keyword arguments are those of :func:`footprint.track`, used when nothing measures the process yet (the
    callback then measures the training itself, and ``callback.run`` holds the result once it has ended).
    The epoch task spans the epoch's validation too (Lightning validates before the epoch's end). Only the
    global rank 0 (``trainer.is_global_zero``) marks.
    """

    def __init__(self, **track_options) -> None:
        super().__init__()
        self._marker = EpochMarker(track_options)

    def on_train_start(self, trainer, pl_module) -> None:
        if trainer.is_global_zero:
            self._marker.train_begin(_total_epochs(trainer), epochs_done=trainer.current_epoch)

    def on_train_epoch_start(self, trainer, pl_module) -> None:
        if trainer.is_global_zero:
            self._marker.epoch_begin(trainer.current_epoch + 1)

    def on_train_epoch_end(self, trainer, pl_module) -> None:
        if trainer.is_global_zero:
            self._marker.epoch_end()

    def on_train_end(self, trainer, pl_module) -> None:
        if trainer.is_global_zero:
            self._marker.train_end()

    def on_exception(self, trainer, pl_module, exception: BaseException) -> None:
        # An error or Ctrl-C (KeyboardInterrupt) inside fit(): on_train_end will not come.
        if trainer.is_global_zero:
            self._marker.train_end(exception)


def _total_epochs(trainer) -> "int | None":
    """``max_epochs`` when training runs them all: finite (not -1 or None) and not cut short by ``max_steps``."""
    epochs = trainer.max_epochs
    if epochs is None or epochs <= 0 or (isinstance(epochs, float) and not math.isfinite(epochs)):
        return None
    max_steps = getattr(trainer, "max_steps", -1)
    if max_steps is not None and max_steps >= 0:
        return None
    return int(epochs)
