"""``FootprintCallback`` for Keras 3 (``Model.fit``, any backend): each epoch a task ``epoch N``.

::

    from footprint.callbacks.keras import FootprintCallback
    model.fit(x, y, epochs=10, callbacks=[FootprintCallback(project="vision")])

Importing this module imports ``keras``; ``import footprint`` never does.
"""

from keras.callbacks import Callback

from . import EpochMarker, MarksEpochs

__all__ = ["FootprintCallback"]


class FootprintCallback(MarksEpochs, Callback):
    """Marks each epoch of ``Model.fit()`` as a task ``epoch N`` and announces ``epochs``.

    Keyword arguments are those of :func:`footprint.track`, used when nothing measures the process yet (the
    callback then measures the training itself, and ``callback.run`` holds the result once it has ended).
    Keras has no hook for a ``fit()`` that raises: a run the callback started then goes on until the next
    ``fit()`` with this callback, or until the process exits (which ends it, as for any attached process).
    """

    def __init__(self, **track_options) -> None:
        super().__init__()
        self._marker = EpochMarker(track_options)

    def on_train_begin(self, logs=None) -> None:
        epochs = (self.params or {}).get("epochs")
        self._marker.train_begin(epochs if isinstance(epochs, int) and epochs > 0 else None)

    def on_epoch_begin(self, epoch, logs=None) -> None:
        self._marker.epoch_begin(epoch + 1)

    def on_epoch_end(self, epoch, logs=None) -> None:
        self._marker.epoch_end()

    def on_train_end(self, logs=None) -> None:
        self._marker.train_end()
