"""A small PyTorch training of a fixed number of equal epochs, each marked on footprint's task pipe
("start epoch k" / "stop epoch k" on FOOTPRINT_TASKS), for Benchmarks/forecast/accuracy.sh.

    python torch_epochs.py EPOCHS SAMPLES

A 2x256 ReLU MLP on SAMPLES synthetic 64-feature samples of 10 classes, mini-batches of 32, SGD,
one thread; the test accuracy is checked after each epoch, between the epochs' tasks, as a
training script's validation is.
"""
import os
import sys

import torch

epochs, samples = int(sys.argv[1]), int(sys.argv[2])
torch.manual_seed(1)
torch.set_num_threads(1)
path = os.environ.get("FOOTPRINT_TASKS")
marks = open(path, "w", buffering=1) if path else None
x, y = torch.randn(samples, 64), torch.randint(0, 10, (samples,))
test_x, test_y = torch.randn(samples // 5, 64), torch.randint(0, 10, (samples // 5,))
model = torch.nn.Sequential(
    torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
for epoch in range(1, epochs + 1):
    if marks:
        marks.write("start epoch %d\n" % epoch)
    order = torch.randperm(samples)
    for i in range(0, samples, 32):
        batch = order[i:i + 32]
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x[batch]), y[batch]).backward()
        optimizer.step()
    if marks:
        marks.write("stop epoch %d\n" % epoch)
    with torch.inference_mode():
        accuracy = (model(test_x).argmax(1) == test_y).float().mean().item()
    print("epoch %d: test accuracy %.3f" % (epoch, accuracy), flush=True)
