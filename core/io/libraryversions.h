#pragma once
// Versions of the imaging libraries this build uses, for --version and for the
// provenance recorded with every study (results must say what produced them).

#include <string>

namespace tr::core::io {

std::string itkVersion();
std::string dcmtkVersion();

} // namespace tr::core::io
