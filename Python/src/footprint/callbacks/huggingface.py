"""``FootprintCallback`` for the Hugging Face ``transformers.Trainer``: each epoch a task ``epoch N``.

::

    from footprint.callbacks.huggingface import FootprintCallback
    trainer = Trainer(model=model, args=args, train_dataset=data, callbacks=[FootprintCallback(project="nlp")])
    trainer.train()

Importing this module imports ``transformers``; ``import footprint`` never does.
"""

import math

from transformers import TrainerCallback

from . import EpochMarker, MarksEpochs

__all__ = ["FootprintCallback"]


class FootprintCallback(MarksEpochs, TrainerCallback):
    """Marks each epoch of ``Trainer.train()`` as a task ``epoch N`` and announces the total epochs.

    Keyword arguments are those of :func:`footprint.track`, used when nothing measures the process yet (the
    callback then measures the training itself, and ``callback.run`` holds the result once it has ended).
    Only the first process of the whole job (``state.is_world_process_zero``) marks: under ``torchrun`` or
    ``accelerate launch`` every rank runs the callback, and one set of marks is what the run needs.
    """

    def __init__(self, **track_options) -> None:
        self._marker = EpochMarker(track_options)

    def on_train_begin(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            self._marker.train_begin(_total_epochs(args, state), epochs_done=math.floor(state.epoch or 0))

    def on_epoch_begin(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            self._marker.epoch_begin()

    def on_epoch_end(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            self._marker.epoch_end()

    def on_train_end(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            self._marker.train_end()


def _total_epochs(args, state) -> "int | None":
    """The epochs the Trainer will run, when that is a whole number it will run in full.

    With ``max_steps`` set the Trainer stops at that step, mid-epoch as often as not; a fractional
    ``num_train_epochs`` ends mid-epoch too. A forecast of whole epochs would be wrong for both: none then.
    """
    if getattr(args, "max_steps", -1) > 0:
        return None
    wanted = getattr(args, "num_train_epochs", None)
    if not isinstance(wanted, (int, float)) or wanted <= 0 or wanted != int(wanted):
        return None
    planned = getattr(state, "num_train_epochs", 0) or int(wanted)
    return int(planned) if planned == int(wanted) else None
