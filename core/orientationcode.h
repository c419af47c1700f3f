#pragma once
// Three letters naming where a volume's voxel axes i, j, k point in the patient
// (L/R, P/A, S/I), e.g. "LPS" for our canonical order, "PSR" for IXI's files or
// "ASL"-like codes for sagittal DICOM. This is the "to" convention of DICOM;
// ITK names the same orientation by where the axes come from ("RAI" for LPS).

#include "core/vec3.h"

#include <string>

namespace tr::core {

// The nearest axis-aligned code of a direction matrix (columns = axis vectors).
std::string orientationCode(const Mat3& direction);

} // namespace tr::core
