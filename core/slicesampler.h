#pragma once
// Samples 2D sections of an AC-PC-aligned volume with trilinear interpolation:
// the training images of the paper's grid (augmentationgrid.h) and, with no
// rotation, the axial planes of the aligned volume itself.
//
// Pure C++ so that training can draw any image index on a LibTorch-only machine.
// Each section is an affine map of the pixel grid into voxel space, so a pixel
// costs two multiply-adds per axis plus one trilinear lookup; the volume is
// copied once with a one-voxel zero border so the inner loop has no bounds checks.
//
// Images are row-major, row 0 anterior, column 0 the patient's right
// (radiological convention, as radiologists read axial MR); a flipped image is
// the same section mirrored left-right. Voxels outside the volume read as 0.
// Thread-safe: sample() and section() may run concurrently.

#include "core/alignedframe.h"
#include "core/augmentationgrid.h"
#include "core/vec3.h"
#include "core/volume.h"

#include <cstddef>
#include <span>
#include <vector>

namespace tr::core {

class SliceSampler {
public:
    // The grid must be valid (AugmentationGrid::problems() empty).
    SliceSampler(const Volume& volume, const AlignedFrame& frame, const AugmentationGrid& grid);

    const AugmentationGrid& grid() const { return m_grid; }
    std::size_t pixelCount() const
    {
        return static_cast<std::size_t>(m_grid.matrix) * static_cast<std::size_t>(m_grid.matrix);
    }

    // Image `index` of the grid into out (pixelCount() floats).
    void sample(std::size_t index, std::span<float> out) const;

    // The section z = offsetMm of the aligned frame turned by `rotation` (aligned
    // axes), mirrored when `flipped`, with the grid's matrix and field of view.
    void section(const Mat3& rotation, double offsetMm, bool flipped, std::span<float> out) const;

    // The rotation of the sampling plane for a sample: about the aligned L-R axis,
    // then the A-P axis, then the cranio-caudal axis (right-handed, degrees).
    static Mat3 rotationFor(const AugmentationSample& sample);

private:
    AugmentationGrid m_grid;
    std::array<int, 3> m_padded{0, 0, 0};  // voxels per axis including the border
    std::vector<float> m_voxels;           // zero-bordered copy of the volume
    Mat3 m_alignedToIndex{};               // aligned mm -> continuous (unpadded) index
    Vec3 m_originIndex{0, 0, 0};           // continuous index of the aligned origin
};

} // namespace tr::core
