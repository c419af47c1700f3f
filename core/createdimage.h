#pragma once
// One created image as any source hands it over (createdimagesource.h), with
// what proves where it came from: a generator's image keeps its own seed and
// the latent vector drawn from it (from which the generator makes it again);
// an image brought from a folder keeps its file's SHA-256 and name. The name
// is the coordinator's provenance and is never shown to a reader.

#include <cstdint>
#include <string>
#include <vector>

namespace tr::core {

struct CreatedImage {
    std::vector<std::uint8_t> pixels; // S x S, row-major, 8-bit grey, presented (presentation.h)
    // Generators: this image's own seed (derived from the batch seed and its
    // index) and the latent drawn from it.
    std::uint64_t seed = 0;
    std::vector<float> latent;
    // Folders: the file's SHA-256 (lower-case hex) and its name in the folder.
    std::string fileSha256;
    std::string fileName;
};

// Image i of a batch drawn with `seed` has seed imageSeed(seed, i) (SplitMix64),
// so any single image can be made again on its own.
std::uint64_t imageSeed(std::uint64_t batchSeed, std::uint64_t index);

} // namespace tr::core
