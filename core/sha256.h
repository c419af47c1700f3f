#pragma once
// SHA-256 (FIPS 180-4) in plain C++: the model file records the digest of its
// weights, and the LibTorch-only build has no Qt or OpenSSL to compute it with.

#include <cstdint>
#include <span>
#include <string>

namespace tr::core {

// Lower-case hexadecimal digest of the bytes.
std::string sha256Hex(std::span<const std::uint8_t> bytes);

} // namespace tr::core
