"""A linear model trained by a Lightning Trainer for 2 epochs of 2 steps on random data, on the CPU, with
FootprintCallback; prints what the callback measured as the last line (JSON). With TINY_FAIL_IN_EPOCH=N the
training step raises in epoch N, as a diverging training would, and the script catches it."""

import json
import os

import torch
from torch.utils.data import DataLoader, TensorDataset

try:
    import lightning.pytorch as lightning
except ImportError:
    import pytorch_lightning as lightning

from footprint.callbacks.lightning import FootprintCallback


class Linear(lightning.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.Linear(4, 1)

    def training_step(self, batch, index):
        if self.current_epoch + 1 == int(os.environ.get("TINY_FAIL_IN_EPOCH", 0)):
            raise RuntimeError("loss is NaN")
        inputs, targets = batch
        return torch.nn.functional.mse_loss(self.layer(inputs), targets)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


torch.manual_seed(0)
data = DataLoader(TensorDataset(torch.randn(16, 4), torch.randn(16, 1)), batch_size=8)
callback = FootprintCallback(name="lightning-tiny", interval=0.1)
trainer = lightning.Trainer(
    max_epochs=2,
    accelerator="cpu",
    devices=1,
    logger=False,
    enable_checkpointing=False,
    enable_progress_bar=False,
    enable_model_summary=False,
    callbacks=[callback],
)
try:
    trainer.fit(Linear(), data)
except RuntimeError:
    pass
run = callback.run
print(json.dumps({"run_id": run and run.run_id, "joined": run and run.joined, "energy_kwh": run and run.energy_kwh}))
