#!/usr/bin/python3
"""Writes a TorchScript module of the product's DCGAN generator (the same network
as model/networks.cpp and bench_dcgan.py: latent 100 uniform in [-1, 1], width
32, kernel 5, 64 px by default), with random weights, for the TorchScript pool
benchmark (run_torchscript_bench.sh). Needs Debian's python3-torch.
Usage: export_dcgan_torchscript.py OUT.pt [--side 64]"""
import argparse
import os
import sys
from typing import List

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_dcgan import Generator  # noqa: E402


class Exported(torch.nn.Module):
    def __init__(self, generator: torch.nn.Module):
        super().__init__()
        # bench_dcgan's network indexes a ModuleList by a variable, which the
        # scripter refuses: traced, then held by a scripted module that keeps
        # the attributes (a traced module alone would drop them).
        self.generator = torch.jit.trace(generator.eval(), torch.zeros(2, 100))
        self.latent_size: int = 100
        self.latent_distribution: str = "uniform"
        self.output_range: List[float] = [-1.0, 1.0]

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.generator(z)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--side", type=int, default=64)
    args = parser.parse_args()
    torch.manual_seed(1)
    module = torch.jit.script(Exported(Generator(args.side)))
    module.save(args.out)
    print(f"{args.out}: DCGAN generator, {args.side} px, "
          f"{sum(p.numel() for p in module.parameters())} parameters")
