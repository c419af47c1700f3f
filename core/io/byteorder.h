#pragma once
// Reading fixed-size values from a file's bytes in either byte order: NIfTI
// headers may be big-endian, which readers detect from sizeof_hdr.

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace tr::core::io {

template <typename T>
T readValue(const char* bytes, bool swap)
{
    T value;
    std::memcpy(&value, bytes, sizeof value);
    if (swap) {
        auto* b = reinterpret_cast<unsigned char*>(&value);
        std::reverse(b, b + sizeof value);
    }
    return value;
}

} // namespace tr::core::io
