#include "core/io/libraryversions.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <itkVersion.h>

namespace tr::core::io {

std::string itkVersion()
{
    return itk::Version::GetITKVersion();
}

std::string dcmtkVersion()
{
    // The headers' version; Debian ships headers and library of one version.
    return OFFIS_DCMTK_VERSION_STRING;
}

} // namespace tr::core::io
