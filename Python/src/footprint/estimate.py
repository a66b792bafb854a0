"""Estimates before running, as ``footprint estimate … --json`` makes them: keyword arguments become flags.

``estimate.lifecycle(samples=1e6, inference_flops=1e9, hardware="a100")`` runs
``footprint estimate lifecycle --samples 1000000.0 --inference-flops 1000000000.0 --hardware a100 --json``
and returns its JSON as a dict. True gives a bare flag, False and None leave it out, a list or tuple repeats
it. A refused input raises :class:`footprint.FootprintError` with the command's one-line message.
"""

from . import _binary


def _estimate(method: str, arguments: dict) -> dict:
    return _binary.run_json(["estimate", method, *_binary.flags(arguments)])


def lifecycle(**flags) -> dict:
    """The life-cycle model of Gitzel et al. 2023 (architecture search, training, inference in use)."""
    return _estimate("lifecycle", flags)


def compute(**flags) -> dict:
    """Training compute: FLOPs from processors × peak FLOP/s × time × utilisation, or from a model and its data."""
    return _estimate("compute", flags)


def strubell(**flags) -> dict:
    """Strubell et al. 2019: kWh = PUE × hours × (CPU + RAM + GPUs × GPU watts) / 1000."""
    return _estimate("strubell", flags)


def patterson(**flags) -> dict:
    """Patterson et al. 2021: MWh = hours × processors × average power × PUE."""
    return _estimate("patterson", flags)


def green_algorithms(**flags) -> dict:
    """Green Algorithms (Lannelongue et al. 2021): E = hours × (cores × W × usage + GB × W/GB) × PUE × PSF."""
    return _estimate("green-algorithms", flags)
