#pragma once
// What a single look at an 8-bit image can give away, measured the same way on
// real and created images: the cues a reader (or a one-feature classifier) could
// use instead of anatomy. Issue 14 found each of these separating the default
// generator's images from real slices: the air (exact zeros in real slices,
// faint noise in created ones), the grey-level histogram (clipping at 255,
// near-black at 1), texture, and the PNG file's size.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tr::core {

// Grey level (of a 3 x 3 mean) below which a pixel joined to the image border
// counts as air. Scalp fat is bright on T1, so the fill stops at the head and
// dark CSF or bone inside it stays head.
inline constexpr double kAirLevel = 20.0;

// true where the pixel is air: the region joined to the image's border (4-
// neighbours) whose 3 x 3 mean lies below kAirLevel.
std::vector<bool> airMask(std::span<const std::uint8_t> pixels, int side);

struct ImageCues {
    double airAboveZero = 0.0;  // fraction of air pixels above grey level 0
    double airMean = 0.0;       // mean grey level of the air
    double highFrequency = 0.0; // mean |pixel - its 3 x 3 mean| inside the head, grey levels
    double asymmetry = 0.0;     // mean |pixel - its left-right mirror| over the head, grey levels
    double pngBytes = 0.0;      // size of the PNG a reader would receive (0: not encoded)
    std::array<float, 256> histogram{}; // fraction of all pixels at each grey level
};

// pixels: side x side, row-major. pngBytes: the size of the image's PNG as the
// product stores and exports it (the caller encodes; 0 when not known).
ImageCues imageCues(std::span<const std::uint8_t> pixels, int side, std::size_t pngBytes);

} // namespace tr::core
