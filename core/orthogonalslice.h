#pragma once
// The three orthogonal sections of a canonical volume (volume.h) laid out as
// radiology viewers show them, and the mapping between a point on screen and
// a point of the patient, for placing landmarks by clicking:
// - axial (k fixed): anterior at the top, patient right on the viewer's left
//   (radiological) or right (neurological), as axialslice.h;
// - coronal (j fixed): superior at the top, right/left as the axial view;
// - sagittal (i fixed): superior at the top, anterior on the viewer's left.
// Sections follow the voxel grid; an oblique acquisition's residual rotation
// (Volume::direction) is applied when points are converted to patient mm.

#include "core/axialslice.h"
#include "core/result.h"
#include "core/sliceimage.h"
#include "core/vec3.h"
#include "core/volume.h"

#include <optional>

namespace tr::core {

enum class SliceAxis { Axial, Coronal, Sagittal };

// The voxel axis a section is perpendicular to: k, j or i.
int fixedVoxelAxis(SliceAxis axis);
std::string_view sliceAxisName(SliceAxis axis); // axial, coronal, sagittal
OrientationLabels sliceLabels(SliceAxis axis, DisplayConvention convention);

Result<SliceImage> orthogonalSlice(const Volume& volume, SliceAxis axis, std::size_t index, DisplayConvention convention);

// Patient (LPS mm) <-> voxel index space (continuous, voxel centres at integers).
Vec3 voxelToPatient(const Volume& volume, const Vec3& ijk);
Vec3 patientToVoxel(const Volume& volume, const Vec3& lps);

// The patient point under (column, row) of a section (continuous pixel
// coordinates, pixel centres at integers).
Vec3 slicePixelToPatient(const Volume& volume, SliceAxis axis, std::size_t index, double column, double row,
    DisplayConvention convention);
// Where a patient point falls on a section: its (column, row) and its distance
// from the section's plane in voxels of the fixed axis.
struct SlicePosition {
    double column = 0, row = 0;
    double offPlane = 0;
};
SlicePosition patientToSlicePixel(const Volume& volume, SliceAxis axis, std::size_t index, const Vec3& lps,
    DisplayConvention convention);

} // namespace tr::core
