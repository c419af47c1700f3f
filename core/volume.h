#pragma once
// A scalar 3D image in patient space. Readers in core/io hand out volumes in one
// canonical voxel order so that everything above them can rely on it:
//   i increases towards the patient's Left, j towards Posterior, k towards
//   Superior (DICOM LPS; ITK calls this orientation "RAI").
// direction keeps the residual rotation of oblique acquisitions (identity for
// axis-aligned ones); the AC-PC alignment works from it.

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace tr::core {

struct Volume {
    std::array<std::size_t, 3> size{0, 0, 0};  // voxels along i, j, k
    std::array<double, 3> spacing{1.0, 1.0, 1.0}; // mm along i, j, k
    std::array<double, 3> origin{0.0, 0.0, 0.0};  // LPS mm of voxel (0,0,0)
    // Row-major 3x3; column n is the LPS unit vector of voxel axis n.
    std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};
    std::vector<float> voxels; // i fastest, then j, then k
    // Where the source file's voxel axes pointed before reordering (orientationcode.h).
    std::string acquiredOrientation = "LPS";

    std::size_t voxelCount() const { return size[0] * size[1] * size[2]; }
    bool empty() const { return voxels.empty(); }
    std::size_t index(std::size_t i, std::size_t j, std::size_t k) const
    {
        return i + size[0] * (j + size[1] * k);
    }
    float at(std::size_t i, std::size_t j, std::size_t k) const { return voxels[index(i, j, k)]; }
};

} // namespace tr::core
