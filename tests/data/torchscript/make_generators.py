#!/usr/bin/python3
"""Writes the small TorchScript generators the tests load (tst_torchscriptgenerator,
tst_imagefolder's CLI test). Run once with Debian's python3-torch (1.13, the
LibTorch the product links); the .pt files are committed beside this script.

    /usr/bin/python3 tests/data/torchscript/make_generators.py

Each module says what it is through the attributes the product reads
(model/torchscriptgenerator.h): latent_size or latent_shape,
latent_distribution, output_range."""
import os
from typing import List

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


class TinyGenerator(nn.Module):
    """A DCGAN-shaped generator, 64 x 64 grey, far smaller than a trained one."""

    def __init__(self, channels: int = 1, distribution: str = "normal"):
        super().__init__()
        self.latent_size: int = 16
        self.latent_distribution: str = distribution
        self.output_range: List[float] = [-1.0, 1.0]
        self.project = nn.Linear(16, 16 * 4 * 4)
        self.up = nn.Sequential(
            nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1), nn.ReLU(),
            nn.ConvTranspose2d(8, 8, 4, stride=2, padding=1), nn.ReLU(),
            nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1), nn.ReLU(),
            nn.ConvTranspose2d(4, channels, 4, stride=2, padding=1))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.project(z).view(z.size(0), 16, 4, 4)
        return torch.tanh(3.0 * self.up(x))


class Unlabelled(nn.Module):
    """Says nothing about its latent: refused at load."""

    def __init__(self):
        super().__init__()
        self.inner = TinyGenerator()

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.inner(z)


class Shouting(nn.Module):
    """Returns 0..255 while declaring nothing (so [-1, 1]): refused at load."""

    def __init__(self):
        super().__init__()
        self.latent_size: int = 16
        self.inner = TinyGenerator()

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return (self.inner(z) + 1.0) * 127.5


def save(module: nn.Module, name: str) -> None:
    torch.manual_seed(15)
    for p in module.parameters():
        nn.init.normal_(p, 0.0, 0.3)
    torch.jit.script(module.eval()).save(os.path.join(HERE, name))


if __name__ == "__main__":
    torch.manual_seed(15)
    save(TinyGenerator(), "tiny_generator.pt")
    save(TinyGenerator(channels=3), "colour_generator.pt")
    save(Unlabelled(), "unlabelled_generator.pt")
    save(Shouting(), "shouting_generator.pt")
