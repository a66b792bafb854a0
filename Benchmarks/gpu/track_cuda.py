"""The Python package on a GPU: a small network trained on CUDA for three epochs under
footprint.track, each epoch a task; prints the run's summary as one JSON line."""

import json

import torch

import footprint

with footprint.track(name="cuda mlp", project="device-check", epochs=3) as run:
    model = torch.nn.Sequential(torch.nn.Linear(4096, 4096), torch.nn.ReLU(), torch.nn.Linear(4096, 10)).cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for epoch in range(3):
        with footprint.task(f"epoch {epoch + 1}"):
            for _ in range(400):
                x = torch.randn(2048, 4096, device="cuda")
                loss = model(x).square().mean()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            torch.cuda.synchronize()
print(json.dumps(run.summary))
