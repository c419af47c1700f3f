#pragma once
// Conversion between core::Volume and ITK's image type, for the ITK-based steps
// of core/io (reading, registration to the template, N4) and their tests. This
// header includes ITK; only core/io and its tests include it.

#include "core/volume.h"

#include <itkImage.h>

namespace tr::core::io {

using ItkVolume = itk::Image<float, 3>;

ItkVolume::Pointer toItk(const Volume& volume);
Volume fromItk(const ItkVolume& image);

// Reorders an image's voxels into the canonical order (i -> L, j -> P, k -> S)
// with ITK's OrientImageFilter, keeping any residual (oblique) rotation in the
// direction, and records where the image's own axes pointed. May throw
// itk::ExceptionObject.
Volume canonicalVolume(const ItkVolume::Pointer& image);

} // namespace tr::core::io
