#pragma once
// Checks a volume file's header before ITK reads it, and the geometry ITK read
// before anything computes with it. ITK 5.2 trusts headers: a NIfTI-1 sform
// with an infinite entry makes VNL abort() the process, a MetaImage declaring
// 10^11 dimensions loops for minutes, an unknown element type throws out of
// ImageIOBase's size getters. A file from outside is bad input until these
// checks pass; each refusal names the field and what is wrong with it.

#include "core/result.h"

#include <array>
#include <filesystem>

namespace tr::core::io {

// NIfTI-1 (.nii, .nii.gz, .hdr), MetaImage (.mha, .mhd) and NRRD (.nrrd, .nhdr)
// headers: declared dimensions, sizes, voxel type and every geometry number.
// Other files pass unchanged (ITK decides whether it reads them).
Result<void> checkHeaderBeforeItk(const std::filesystem::path& path);

// Spacing finite and positive, origin finite, direction finite and invertible:
// what ITK's filters and VNL's matrices need to neither abort nor divide by 0.
Result<void> checkGeometryNumbers(const std::filesystem::path& path, const std::array<double, 3>& spacing,
    const std::array<double, 3>& origin, const std::array<double, 9>& direction);

} // namespace tr::core::io
