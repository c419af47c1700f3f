#include "core/orthogonalslice.h"

namespace tr::core {

namespace {

// Section pixel (column, row) <-> voxel (i, j, k) for each axis. Rows run
// from superior (top) to inferior in coronal and sagittal views, so k is
// flipped; the radiological layout keeps i as it is (right on the left).
struct Layout {
    int columnAxis, rowAxis;   // voxel axes along the section's columns and rows
    bool flipColumn, flipRow;  // whether the voxel index decreases along them
};

Layout layoutOf(SliceAxis axis, DisplayConvention convention)
{
    const bool mirror = convention == DisplayConvention::Neurological;
    switch (axis) {
    case SliceAxis::Axial: return {0, 1, mirror, false};
    case SliceAxis::Coronal: return {0, 2, mirror, true};
    case SliceAxis::Sagittal: return {1, 2, false, true};
    }
    return {0, 1, false, false};
}

} // namespace

int fixedVoxelAxis(SliceAxis axis) { return axis == SliceAxis::Axial ? 2 : axis == SliceAxis::Coronal ? 1 : 0; }

std::string_view sliceAxisName(SliceAxis axis)
{
    return axis == SliceAxis::Axial ? "axial" : axis == SliceAxis::Coronal ? "coronal" : "sagittal";
}

OrientationLabels sliceLabels(SliceAxis axis, DisplayConvention convention)
{
    const OrientationLabels axial = axialLabels(convention);
    switch (axis) {
    case SliceAxis::Axial: return axial;
    case SliceAxis::Coronal: return {axial.left, axial.right, 'S', 'I'};
    case SliceAxis::Sagittal: return {'A', 'P', 'S', 'I'};
    }
    return axial;
}

Result<SliceImage> orthogonalSlice(const Volume& volume, SliceAxis axis, std::size_t index, DisplayConvention convention)
{
    if (volume.empty() || volume.voxels.size() != volume.voxelCount())
        return Error{ErrorCode::InvalidArgument, "volume",
            "The volume holds no voxels (or fewer than its size says); load a volume first.", {}};
    const int fixed = fixedVoxelAxis(axis);
    if (index >= volume.size[std::size_t(fixed)])
        return Error{ErrorCode::InvalidArgument, std::string(sliceAxisName(axis)) + " index",
            std::to_string(index) + " is outside the volume (0 to " + std::to_string(volume.size[std::size_t(fixed)] - 1)
                + ").",
            {}};
    const Layout l = layoutOf(axis, convention);
    SliceImage slice;
    slice.width = int(volume.size[std::size_t(l.columnAxis)]);
    slice.height = int(volume.size[std::size_t(l.rowAxis)]);
    slice.pixelWidthMm = volume.spacing[std::size_t(l.columnAxis)];
    slice.pixelHeightMm = volume.spacing[std::size_t(l.rowAxis)];
    slice.pixels.resize(std::size_t(slice.width) * std::size_t(slice.height));
    std::array<std::size_t, 3> v{};
    v[std::size_t(fixed)] = index;
    for (int row = 0; row < slice.height; ++row) {
        v[std::size_t(l.rowAxis)] = std::size_t(l.flipRow ? slice.height - 1 - row : row);
        for (int column = 0; column < slice.width; ++column) {
            v[std::size_t(l.columnAxis)] = std::size_t(l.flipColumn ? slice.width - 1 - column : column);
            slice.pixels[std::size_t(row) * std::size_t(slice.width) + std::size_t(column)] = volume.at(v[0], v[1], v[2]);
        }
    }
    return slice;
}

Vec3 voxelToPatient(const Volume& volume, const Vec3& ijk)
{
    const Vec3 scaled{ijk[0] * volume.spacing[0], ijk[1] * volume.spacing[1], ijk[2] * volume.spacing[2]};
    return Vec3{volume.origin[0], volume.origin[1], volume.origin[2]} + volume.direction * scaled;
}

Vec3 patientToVoxel(const Volume& volume, const Vec3& lps)
{
    const Vec3 scaled = transpose(volume.direction)
        * (lps - Vec3{volume.origin[0], volume.origin[1], volume.origin[2]});
    return {scaled[0] / volume.spacing[0], scaled[1] / volume.spacing[1], scaled[2] / volume.spacing[2]};
}

Vec3 slicePixelToPatient(const Volume& volume, SliceAxis axis, std::size_t index, double column, double row,
    DisplayConvention convention)
{
    const Layout l = layoutOf(axis, convention);
    const auto extent = [&](int voxelAxis) { return double(volume.size[std::size_t(voxelAxis)]) - 1.0; };
    Vec3 ijk{};
    ijk[std::size_t(fixedVoxelAxis(axis))] = double(index);
    ijk[std::size_t(l.columnAxis)] = l.flipColumn ? extent(l.columnAxis) - column : column;
    ijk[std::size_t(l.rowAxis)] = l.flipRow ? extent(l.rowAxis) - row : row;
    return voxelToPatient(volume, ijk);
}

SlicePosition patientToSlicePixel(const Volume& volume, SliceAxis axis, std::size_t index, const Vec3& lps,
    DisplayConvention convention)
{
    const Layout l = layoutOf(axis, convention);
    const Vec3 ijk = patientToVoxel(volume, lps);
    const auto extent = [&](int voxelAxis) { return double(volume.size[std::size_t(voxelAxis)]) - 1.0; };
    const double c = ijk[std::size_t(l.columnAxis)], r = ijk[std::size_t(l.rowAxis)];
    return {l.flipColumn ? extent(l.columnAxis) - c : c, l.flipRow ? extent(l.rowAxis) - r : r,
        ijk[std::size_t(fixedVoxelAxis(axis))] - double(index)};
}

} // namespace tr::core
