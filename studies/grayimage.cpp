#include "studies/grayimage.h"

#include "core/presentation.h"

#include <algorithm>
#include <cmath>

namespace tr::studies {

QImage toGrayImage(const std::vector<float>& pixels, int side, int bits)
{
    QImage image(side, side, bits == 16 ? QImage::Format_Grayscale16 : QImage::Format_Grayscale8);
    for (int y = 0; y < side; ++y) {
        const float* src = pixels.data() + std::size_t(y) * std::size_t(side);
        if (bits != 16) {
            core::presentGrey(std::span<const float>(src, std::size_t(side)),
                std::span<std::uint8_t>(image.scanLine(y), std::size_t(side)));
        } else {
            auto* row = reinterpret_cast<quint16*>(image.scanLine(y));
            for (int x = 0; x < side; ++x)
                row[x] = static_cast<quint16>(std::lround(std::clamp(src[x], 0.0f, 1.0f) * 65535.0f));
        }
    }
    return image;
}

core::GreyImage greyPixels(const QImage& image)
{
    const QImage grey = image.format() == QImage::Format_Grayscale8 ? image : image.convertToFormat(QImage::Format_Grayscale8);
    const int side = grey.width();
    core::GreyImage pixels(std::size_t(side) * std::size_t(grey.height()));
    for (int y = 0; y < grey.height(); ++y)
        std::copy_n(grey.constScanLine(y), side, pixels.begin() + std::ptrdiff_t(y) * side);
    return pixels;
}

} // namespace tr::studies
