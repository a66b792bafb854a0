"""A tiny BERT trained by transformers.Trainer for 2 epochs of 2 steps on random tokens, on the CPU, with
FootprintCallback; prints what the callback measured as the last line (JSON)."""

import json
import tempfile

import torch
from transformers import BertConfig, BertForSequenceClassification, Trainer, TrainingArguments

from footprint.callbacks.huggingface import FootprintCallback

torch.manual_seed(0)
config = BertConfig(
    vocab_size=32,
    hidden_size=8,
    num_hidden_layers=1,
    num_attention_heads=1,
    intermediate_size=16,
    max_position_embeddings=16,
)
model = BertForSequenceClassification(config)
samples = [{"input_ids": torch.randint(0, 32, (8,)), "labels": torch.tensor(i % 2)} for i in range(16)]
arguments = TrainingArguments(
    output_dir=tempfile.mkdtemp(prefix="hf-tiny-"),
    num_train_epochs=2,
    per_device_train_batch_size=8,
    use_cpu=True,
    report_to="none",
    save_strategy="no",
    logging_strategy="no",
    disable_tqdm=True,
)
callback = FootprintCallback(name="hf-tiny", interval=0.1)
Trainer(model=model, args=arguments, train_dataset=samples, callbacks=[callback]).train()
run = callback.run
print(json.dumps({"run_id": run and run.run_id, "joined": run and run.joined, "energy_kwh": run and run.energy_kwh}))
