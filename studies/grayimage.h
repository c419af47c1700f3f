#pragma once
// A sampled section (intensities normalised to [0, 1]) as a greyscale QImage:
// 8 bits, as the generator's images and the reader study use, or 16 bits for
// exports that keep more precision. 8 bits go through the presentation window
// that created images pass through too (core/presentation.h); 16 bits map
// [0, 1] -> 0..65535 linearly (rounded, clamped): data, not presentation.

#include "core/imagedistances.h"

#include <QImage>

#include <vector>

namespace tr::studies {

QImage toGrayImage(const std::vector<float>& pixels, int side, int bits = 8);

// An 8-bit grey image's pixels, row-major (the form the cues and observers take).
core::GreyImage greyPixels(const QImage& image);

} // namespace tr::studies
