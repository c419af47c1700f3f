#pragma once
// A sampled section (intensities normalised to [0, 1]) as a greyscale QImage:
// 8 bits, as the generator's images and the reader study use, or 16 bits for
// exports that keep more precision. The mapping is the one the model file
// records: [0, 1] -> 0..255 (or 0..65535), rounded, clamped.

#include <QImage>

#include <vector>

namespace tr::studies {

QImage toGrayImage(const std::vector<float>& pixels, int side, int bits = 8);

} // namespace tr::studies
