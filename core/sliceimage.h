#pragma once
// A 2D image as it goes to the screen: row 0 at the top, column 0 at the left,
// with the physical size of one pixel so that viewers keep the aspect ratio.

#include <cstddef>
#include <vector>

namespace tr::core {

struct SliceImage {
    int width = 0;
    int height = 0;
    double pixelWidthMm = 1.0;
    double pixelHeightMm = 1.0;
    std::vector<float> pixels; // row-major, width * height

    float at(int column, int row) const
    {
        return pixels[static_cast<std::size_t>(row) * static_cast<std::size_t>(width)
            + static_cast<std::size_t>(column)];
    }
};

} // namespace tr::core
