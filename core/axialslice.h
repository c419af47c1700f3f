#pragma once
// Axial sections of a canonical volume (see volume.h) laid out for display:
// anterior at the top, and patient right on the viewer's left (radiological
// convention, the default in radiology reading rooms) or on the right
// (neurological convention).

#include "core/result.h"
#include "core/sliceimage.h"
#include "core/volume.h"

#include <cstddef>
#include <string_view>

namespace tr::core {

enum class DisplayConvention { Radiological, Neurological };

// Letters at the left, right, top and bottom edges of an axial view.
struct OrientationLabels {
    char left, right, top, bottom;
};
OrientationLabels axialLabels(DisplayConvention convention);
std::string_view conventionName(DisplayConvention convention);

// The axial index whose plane passes closest to the volume's centre; with an even
// number of slices the two middle ones are equally close and the upper one is taken.
std::size_t centreAxialIndex(const Volume& volume);

// The axial section k. Fails with InvalidArgument if k is out of range or the
// volume is empty.
Result<SliceImage> axialSlice(const Volume& volume, std::size_t k, DisplayConvention convention);

} // namespace tr::core
