#!/usr/bin/env python3
"""The same DCGAN and training step as model/networks.cpp and model/dcgantrainer.cpp,
in Debian's python3-torch, timed like bench_dcgan.cpp (same threads, batch, steps).
Usage: bench_dcgan.py [--threads N] [--batch B] [--steps S]"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Generator(nn.Module):
    def __init__(self, side, latent=100, width=32, kernel=5):
        super().__init__()
        self.side, self.channels = side // 16, 8 * width
        self.project = nn.Linear(latent, self.channels * self.side * self.side)
        self.project_norm = nn.BatchNorm2d(self.channels)
        chans = [self.channels, self.channels // 2, self.channels // 4, self.channels // 8, 1]
        self.deconvolutions = nn.ModuleList(
            nn.ConvTranspose2d(chans[i], chans[i + 1], kernel, stride=2, padding=kernel // 2, output_padding=1)
            for i in range(4))
        self.norms = nn.ModuleList(nn.BatchNorm2d(chans[i + 1]) for i in range(3))

    def forward(self, z):
        x = self.project(z).view(z.size(0), self.channels, self.side, self.side)
        x = F.relu(self.project_norm(x))
        for i, d in enumerate(self.deconvolutions):
            x = d(x)
            if i < 3:
                x = F.relu(self.norms[i](x))
        return torch.tanh(x)


class Discriminator(nn.Module):
    def __init__(self, side, width=32, kernel=5):
        super().__init__()
        chans = [1, width, 2 * width, 4 * width, 8 * width]
        self.convolutions = nn.ModuleList(
            nn.Conv2d(chans[i], chans[i + 1], kernel, stride=2, padding=kernel // 2) for i in range(4))
        self.norms = nn.ModuleList(nn.BatchNorm2d(chans[i + 1]) for i in range(4))
        self.logit = nn.Linear(8 * width * (side // 16) ** 2, 1)

    def forward(self, x):
        for c, n in zip(self.convolutions, self.norms):
            x = F.leaky_relu(n(c(x)), 0.2)
        return self.logit(x.flatten(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, batch {args.batch}, "
          f"{args.steps} timed steps after 1 warm-up")
    for side in (64, 128, 256):
        g, d = Generator(side), Discriminator(side)
        og = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
        od = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
        real = torch.full((args.batch, 1, side, side), 0.5) * 2 - 1
        ones, zeros = torch.ones(args.batch, 1), torch.zeros(args.batch, 1)

        def step():
            od.zero_grad()
            real_logits = d(real)
            fake = g(torch.rand(args.batch, 100) * 2 - 1)
            d_loss = (F.binary_cross_entropy_with_logits(real_logits, ones)
                      + F.binary_cross_entropy_with_logits(d(fake.detach()), zeros))
            d_loss.backward()
            od.step()
            og.zero_grad()
            g_loss = F.binary_cross_entropy_with_logits(d(fake), ones)
            g_loss.backward()
            og.step()

        step()
        t0 = time.perf_counter()
        for _ in range(args.steps):
            step()
        seconds = time.perf_counter() - t0
        print(f"train {side:3d} px: {args.steps * args.batch / seconds:.1f} images/s")
        if side == 256:
            g.eval()
            with torch.no_grad():
                # As model/networks.cpp generates: chunks of 10 latents.
                def generate():
                    return torch.cat([g(z) for z in (torch.rand(50, 100) * 2 - 1).split(10)])
                generate()
                t0 = time.perf_counter()
                generate()
                chunked = time.perf_counter() - t0
                t0 = time.perf_counter()
                g(torch.rand(50, 100) * 2 - 1)
                print(f"generate 50 x 256 px: {chunked:.3f} s (chunks of 10; one batch of 50: "
                      f"{time.perf_counter() - t0:.3f} s)")


if __name__ == "__main__":
    main()
