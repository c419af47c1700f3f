#pragma once
// Differentiable augmentation (Zhao et al., NeurIPS 2020, "Differentiable
// Augmentation for Data-Efficient GAN Training"), the "color,translation,cutout"
// policy of the authors' code for one grey channel: brightness, contrast,
// translation by up to 1/8 of the side and a cutout of half the side. Every
// operation is differentiable in the image, so the generator learns through it.
// Internal to model/ (LibTorch headers).

#include <torch/torch.h>

namespace tr::model {

// images [N, 1, S, S] in [-1, 1]; random draws from `random` (on the CPU, so a
// run repeats on any device). Translation fills with -1 (black: the air of a
// slice), where the authors' code fills with 0 (their mid grey).
torch::Tensor diffAugment(const torch::Tensor& images, at::Generator& random);

} // namespace tr::model
