#!/usr/bin/env python3
"""The PyTorch side of `footprint lab bench`, shipped inside the footprint binary.

footprint writes this file to a temporary folder and runs it with the interpreter given by
--python, with the same arguments as its own side, so that both engines train the same networks
on the same kind of data, measured the same way:

- data: `samples` rows of `inputs` values drawn from N(0, 1) after torch.manual_seed(0); the label
  of a row is the arg-max of the row times a random inputs x 10 "teacher" matrix;
- networks: for each DEPTHxWIDTH in --configs, DEPTH Linear+ReLU layers of WIDTH units and a
  Linear layer to 10 classes; with --conv (64 inputs, read as 1x8x8 images) also "conv-8x8":
  conv 8@3x3 same, ReLU, max-pool 2, conv 16@3x3 same, ReLU, flatten, Linear to 10;
- training: `epochs` passes over the batches in order (no shuffling), plain SGD at lr 0.01 on the
  cross-entropy, gradients cleared with set_to_none before each step;
- inference: `epochs` passes over the same batches under torch.no_grad();
- timing: time.perf_counter() around each phase, nothing else inside it.

One JSON line per network: engine, model, depth and width (MLPs), batch, threads,
train_samples_per_s, infer_samples_per_s (samples x epochs over seconds, 0.1 resolution) and
final_loss (the last batch's).

usage: torch_reference.py [--samples N] [--epochs E] [--batch B] [--threads T] [--inputs I]
                          [--configs DxW,...] [--conv]
"""
import argparse
import json
import time

import torch

CLASSES = 10


def fully_connected(inputs, depth, width):
    """DEPTH hidden Linear+ReLU layers of WIDTH units, then a Linear layer to the classes."""
    stack = []
    features = inputs
    for _ in range(depth):
        stack.append(torch.nn.Linear(features, width))
        stack.append(torch.nn.ReLU())
        features = width
    stack.append(torch.nn.Linear(features, CLASSES))
    return torch.nn.Sequential(*stack)


def small_conv_net():
    """footprint's conv-8x8 on 1x8x8 images."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, kernel_size=3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, kernel_size=3, padding=1),
        torch.nn.ReLU(),
        torch.nn.Flatten(),
        torch.nn.Linear(16 * 4 * 4, CLASSES),
    )


def batches(count, size):
    """Start and end of each batch, in order."""
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def throughput(network, samples, labels, epochs, size):
    """Training and inference samples per second, and the last training batch's loss."""
    optimizer = torch.optim.SGD(network.parameters(), lr=0.01)
    criterion = torch.nn.CrossEntropyLoss()
    spans = batches(samples.shape[0], size)
    last = torch.tensor(float("nan"))
    began = time.perf_counter()
    for _ in range(epochs):
        for start, end in spans:
            optimizer.zero_grad(set_to_none=True)
            loss = criterion(network(samples[start:end]), labels[start:end])
            loss.backward()
            optimizer.step()
            last = loss.detach()
    training = time.perf_counter() - began
    began = time.perf_counter()
    with torch.no_grad():
        for _ in range(epochs):
            for start, end in spans:
                network(samples[start:end])
    inference = time.perf_counter() - began
    seen = samples.shape[0] * epochs
    return round(seen / training, 1), round(seen / inference, 1), round(float(last), 4)


def main():
    parser = argparse.ArgumentParser(description="PyTorch throughput for footprint lab bench")
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--inputs", type=int, default=64)
    parser.add_argument("--configs", default="10x25,10x100,50x50,170x25,170x100,3x512")
    parser.add_argument("--conv", action="store_true", help="also the conv net (needs --inputs 64)")
    options = parser.parse_args()
    if options.conv and options.inputs != 64:
        parser.error("--conv reads the 64 inputs as 1x8x8 images: give --inputs 64")

    torch.set_num_threads(options.threads)
    torch.manual_seed(0)
    samples = torch.randn(options.samples, options.inputs)
    labels = torch.argmax(samples @ torch.randn(options.inputs, CLASSES), dim=1)
    common = {"engine": "pytorch-" + torch.__version__, "batch": options.batch, "threads": options.threads}

    networks = []
    for item in filter(None, options.configs.split(",")):
        depth, width = (int(part) for part in item.lower().split("x"))
        networks.append(({"model": "mlp-%dx%d" % (depth, width), "depth": depth, "width": width},
                         fully_connected(options.inputs, depth, width), samples))
    if options.conv:
        networks.append(({"model": "conv-8x8"}, small_conv_net(), samples.reshape(-1, 1, 8, 8)))

    for names, network, inputs in networks:
        train, infer, loss = throughput(network, inputs, labels, options.epochs, options.batch)
        line = dict(common, **names)
        line.update(train_samples_per_s=train, infer_samples_per_s=infer, final_loss=loss)
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
