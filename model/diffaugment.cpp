#include "model/diffaugment.h"

namespace tr::model {

namespace {

torch::Tensor uniform(std::int64_t n, at::Generator& random, const torch::Device& device)
{
    return torch::rand({n, 1, 1, 1}, random).to(device);
}

// An integer in [low, high) per image, [N, 1, 1].
torch::Tensor integers(std::int64_t n, std::int64_t low, std::int64_t high, at::Generator& random,
    const torch::Device& device)
{
    return torch::randint(low, high, {n, 1, 1}, random, torch::TensorOptions().dtype(torch::kLong)).to(device);
}

} // namespace

torch::Tensor diffAugment(const torch::Tensor& images, at::Generator& random)
{
    const auto device = images.device();
    const std::int64_t n = images.size(0), h = images.size(2), w = images.size(3);
    auto x = images;
    // Colour: brightness in [-0.5, 0.5), contrast x [0.5, 1.5) about each image's mean.
    x = x + (uniform(n, random, device) - 0.5);
    const auto mean = x.mean({1, 2, 3}, /*keepdim=*/true);
    x = (x - mean) * (uniform(n, random, device) + 0.5) + mean;

    const auto longs = torch::TensorOptions().dtype(torch::kLong).device(device);
    const auto batch = torch::arange(n, longs).view({n, 1, 1});
    const auto rows = torch::arange(h, longs).view({1, h, 1});
    const auto columns = torch::arange(w, longs).view({1, 1, w});

    // Translation by up to 1/8 of the side, from a one-pixel black border.
    const std::int64_t sh = (h + 4) / 8, sw = (w + 4) / 8; // int(size * 0.125 + 0.5)
    const auto dy = integers(n, -sh, sh + 1, random, device);
    const auto dx = integers(n, -sw, sw + 1, random, device);
    const auto padded = torch::constant_pad_nd(x, {1, 1, 1, 1}, -1.0);
    const auto gy = (rows + dy + 1).clamp(0, h + 1).expand({n, h, w});
    const auto gx = (columns + dx + 1).clamp(0, w + 1).expand({n, h, w});
    x = padded.select(1, 0).index({batch.expand({n, h, w}), gy, gx}).unsqueeze(1);

    // Cutout: a square of half the side, anywhere its centre falls in the image.
    const std::int64_t ch = (h + 1) / 2, cw = (w + 1) / 2; // int(size * 0.5 + 0.5)
    const auto top = integers(n, 0, h + (1 - ch % 2), random, device) - ch / 2;
    const auto left = integers(n, 0, w + (1 - cw % 2), random, device) - cw / 2;
    const auto inside = (rows >= top) & (rows < top + ch) & (columns >= left) & (columns < left + cw);
    return x * inside.logical_not().to(x.scalar_type()).unsqueeze(1);
}

} // namespace tr::model
