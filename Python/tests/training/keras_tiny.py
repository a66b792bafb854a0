"""A one-layer Keras 3 model (PyTorch backend) fitted for 2 epochs of 2 steps on random data, on the CPU,
with FootprintCallback; prints what the callback measured as the last line (JSON)."""

import json
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import numpy

from footprint.callbacks.keras import FootprintCallback

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
callback = FootprintCallback(name="keras-tiny", interval=0.1)
inputs = numpy.random.default_rng(0).normal(size=(16, 4)).astype("float32")
targets = numpy.random.default_rng(1).normal(size=(16, 1)).astype("float32")
model.fit(inputs, targets, epochs=2, batch_size=8, verbose=0, callbacks=[callback])
run = callback.run
print(json.dumps({"run_id": run and run.run_id, "joined": run and run.joined, "energy_kwh": run and run.energy_kwh}))
