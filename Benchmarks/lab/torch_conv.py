#!/usr/bin/env python3
"""PyTorch side of `footprint lab bench`'s conv net, measured as shared/bench/torch_reference.py
measures its MLPs: synthetic N(0,1) samples of 64 values read as 1x8x8 images, 10 classes from a
fixed random teacher, plain SGD at lr 0.01 over batches in order, then forward passes over the same
batches under no_grad. Prints one JSON line in the reference script's shape, with "model".

The net is footprint's "conv-8x8": conv 8@3x3 same, ReLU, max-pool 2, conv 16@3x3 same, ReLU,
flatten, dense 10.

usage: torch_conv.py [--samples N] [--epochs E] [--batch B] [--threads T]
"""
import argparse
import json
import time

import torch


def conv_net():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Flatten(), torch.nn.Linear(16 * 4 * 4, 10))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    flat = torch.randn(args.samples, 64)
    labels = (flat @ torch.randn(64, 10)).argmax(dim=1)
    images = flat.reshape(args.samples, 1, 8, 8)
    model = conv_net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    start = time.perf_counter()
    for _ in range(args.epochs):
        for i in range(0, args.samples, args.batch):
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(images[i:i + args.batch]), labels[i:i + args.batch])
            loss.backward()
            optimizer.step()
    train_s = time.perf_counter() - start
    start = time.perf_counter()
    with torch.no_grad():
        for _ in range(args.epochs):
            for i in range(0, args.samples, args.batch):
                model(images[i:i + args.batch])
    infer_s = time.perf_counter() - start
    n = args.samples * args.epochs
    print(json.dumps({"engine": "pytorch-" + torch.__version__, "model": "conv-8x8",
                      "batch": args.batch, "threads": args.threads,
                      "train_samples_per_s": round(n / train_s, 1),
                      "infer_samples_per_s": round(n / infer_s, 1),
                      "final_loss": round(float(loss.detach()), 4)}))


if __name__ == "__main__":
    main()
