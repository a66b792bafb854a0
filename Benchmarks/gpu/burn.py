"""A steady GPU load for comparing Footprint's NVML readings with nvidia-smi: bf16 matrix multiplies
for the given seconds, with a phase marked on Footprint's task channel when one is there."""

import os
import sys
import time

import torch

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
size = 8192
a = torch.randn(size, size, device="cuda", dtype=torch.bfloat16)
b = torch.randn(size, size, device="cuda", dtype=torch.bfloat16)
channel = os.environ.get("FOOTPRINT_TASKS")


def mark(line: str) -> None:
    if channel:
        with open(channel, "w") as pipe:
            pipe.write(line + "\n")


mark("start matmul")
end = time.monotonic() + seconds
products = 0
while time.monotonic() < end:
    for _ in range(20):
        torch.matmul(a, b)
    torch.cuda.synchronize()
    products += 20
mark("stop matmul")
print(
    f"{products} products of {size}x{size} bf16 in {seconds:g} s: "
    f"{products * 2 * size**3 / seconds / 1e12:.0f} TFLOP/s"
)
