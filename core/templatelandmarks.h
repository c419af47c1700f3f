#pragma once
// Landmarks on the Colin27 template (kColin27Path, MNI space, LPS mm), defined
// once here and carried over to each scan by registration (core/io/
// landmarksuggestion.h). AC and PC were placed by eye on Colin27's mid-sagittal
// slice (x = 0) at 1 mm: AC as the round white-matter bundle at the front of the
// third ventricle below the fornix, PC at the ventricle's back end above the
// aqueduct. In RAS these are AC (0, 4, -4.3) and PC (0, -24.5, -2.5), close to
// the MNI values usually quoted (AC about (0, 2..4, -4), PC about (0, -24..-28, -2)).
// The mid-sagittal point lies on x = 0 high above; the centre sits between AC and
// PC, 5 mm behind their midpoint and 5 mm above the line, at the level of the
// caudate heads, lentiform nuclei and thalami (the paper's "basal ganglia level").

#include "core/landmarks.h"

namespace tr::core {

inline Landmarks colin27Landmarks()
{
    Landmarks l;
    l[Landmark::AnteriorCommissure] = Vec3{0.0, -4.0, -4.3};
    l[Landmark::PosteriorCommissure] = Vec3{0.0, 24.5, -2.5};
    l[Landmark::MidSagittal] = Vec3{0.0, 10.0, 60.0};
    l[Landmark::Centre] = Vec3{0.0, 15.0, 2.0};
    return l;
}

} // namespace tr::core
