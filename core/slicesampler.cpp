#include "core/slicesampler.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace tr::core {

SliceSampler::SliceSampler(const Volume& volume, const AlignedFrame& frame, const AugmentationGrid& grid)
    : m_grid(grid)
{
    assert(grid.valid());
    for (int a = 0; a < 3; ++a)
        m_padded[a] = static_cast<int>(volume.size[a]) + 2;
    const auto px = static_cast<std::size_t>(m_padded[0]);
    const auto py = static_cast<std::size_t>(m_padded[1]);
    m_voxels.assign(px * py * static_cast<std::size_t>(m_padded[2]), 0.0f);
    for (std::size_t k = 0; k < volume.size[2]; ++k)
        for (std::size_t j = 0; j < volume.size[1]; ++j) {
            const float* src = volume.voxels.data() + volume.index(0, j, k);
            std::copy(src, src + volume.size[0], m_voxels.data() + 1 + px * ((j + 1) + py * (k + 1)));
        }

    // patient = origin + direction * diag(spacing) * index, with an orthonormal
    // direction, so index = diag(1 / spacing) * direction^T * (patient - origin).
    Mat3 patientToIndex = transpose(volume.direction);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            patientToIndex[r * 3 + c] /= volume.spacing[r];
    m_alignedToIndex = patientToIndex * frame.axes;
    m_originIndex = patientToIndex * (frame.origin - volume.origin);
}

Mat3 SliceSampler::rotationFor(const AugmentationSample& s)
{
    return rotationZ(s.cranioCaudalDeg) * rotationY(s.anteriorPosteriorDeg) * rotationX(s.leftRightDeg);
}

void SliceSampler::sample(std::size_t index, std::span<float> out) const
{
    const auto s = m_grid.sample(index);
    section(rotationFor(s), s.offsetMm, s.flipped, out);
}

void SliceSampler::section(const Mat3& rotation, double offsetMm, bool flipped, std::span<float> out) const
{
    assert(out.size() >= pixelCount());
    const int n = m_grid.matrix;
    const double pixel = m_grid.pixelSizeMm();
    const double half = (n - 1) / 2.0;
    const Mat3 toIndex = m_alignedToIndex * rotation;
    // Padded continuous index of pixel (u, v): start + u * du + v * dv.
    const Vec3 du = pixel * column(toIndex, 0);
    const Vec3 dv = pixel * column(toIndex, 1);
    const Vec3 start = Vec3{1, 1, 1} + m_originIndex + toIndex * Vec3{-half * pixel, -half * pixel, offsetMm};

    const std::size_t sy = static_cast<std::size_t>(m_padded[0]);
    const std::size_t sz = sy * static_cast<std::size_t>(m_padded[1]);
    const float* vox = m_voxels.data();

    // A point can be interpolated when 0 <= index < padded - 1 on every axis
    // (it and its upper neighbour exist); elsewhere the image is 0.
    auto inside = [&](const Vec3& p) {
        for (int a = 0; a < 3; ++a)
            if (!(p[a] >= 0.0 && p[a] < m_padded[a] - 1))
                return false;
        return true;
    };

    for (int v = 0; v < n; ++v) {
        float* row = out.data() + static_cast<std::size_t>(v) * static_cast<std::size_t>(n);
        std::fill(row, row + n, 0.0f);
        const Vec3 r = start + static_cast<double>(v) * dv;
        // Solve 0 <= r[a] + u * du[a] < padded[a] - 1 for u on each axis.
        double lo = 0.0, hi = n - 1;
        for (int a = 0; a < 3 && lo <= hi; ++a) {
            const double limit = m_padded[a] - 1;
            if (std::abs(du[a]) < 1e-12) {
                if (!(r[a] >= 0.0 && r[a] < limit))
                    hi = -1.0;
                continue;
            }
            double t0 = (0.0 - r[a]) / du[a], t1 = (limit - r[a]) / du[a];
            if (t0 > t1)
                std::swap(t0, t1);
            lo = std::max(lo, t0);
            hi = std::min(hi, t1);
        }
        if (lo > hi)
            continue;
        int u0 = static_cast<int>(std::ceil(lo)), u1 = static_cast<int>(std::floor(hi));
        // Rounding at the ends: step inwards until the end pixels are truly inside.
        while (u0 <= u1 && !inside(r + static_cast<double>(u0) * du))
            ++u0;
        while (u1 >= u0 && !inside(r + static_cast<double>(u1) * du))
            --u1;
        for (int u = u0; u <= u1; ++u) {
            const double x = r[0] + u * du[0], y = r[1] + u * du[1], z = r[2] + u * du[2];
            const int ix = static_cast<int>(x), iy = static_cast<int>(y), iz = static_cast<int>(z);
            const float fx = static_cast<float>(x - ix), fy = static_cast<float>(y - iy),
                        fz = static_cast<float>(z - iz);
            const float* p = vox + static_cast<std::size_t>(ix) + sy * static_cast<std::size_t>(iy)
                + sz * static_cast<std::size_t>(iz);
            const float c00 = p[0] + fx * (p[1] - p[0]);
            const float c10 = p[sy] + fx * (p[sy + 1] - p[sy]);
            const float c01 = p[sz] + fx * (p[sz + 1] - p[sz]);
            const float c11 = p[sz + sy] + fx * (p[sz + sy + 1] - p[sz + sy]);
            const float c0 = c00 + fy * (c10 - c00);
            const float c1 = c01 + fy * (c11 - c01);
            row[u] = c0 + fz * (c1 - c0);
        }
        if (flipped)
            std::reverse(row, row + n);
    }
}

} // namespace tr::core
