#pragma once
// A generator's images on disk, for a look or for use elsewhere: one 8-bit
// grey PNG each (created_00000.png ...) and DIR/manifest.csv with each image's
// index, seed, file and latent vector, so that any of them can be made again.
// Shared by the CLI's 'generate' and the workspace.

#include "core/result.h"
#include "core/createdimage.h"

#include <filesystem>
#include <vector>

namespace tr::model {

// Creates `dir` if need be. Errors name the folder or the file.
core::Result<void> writeCreatedImages(const std::filesystem::path& dir, const std::vector<core::CreatedImage>& images, int side);

} // namespace tr::model
