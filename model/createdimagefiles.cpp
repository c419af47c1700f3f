#include "model/createdimagefiles.h"

#include "core/pngencoder.h"

#include <cstdio>
#include <fstream>

namespace tr::model {

core::Result<void> writeCreatedImages(const std::filesystem::path& dir, const std::vector<core::CreatedImage>& images, int side)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::ofstream manifest(dir / "manifest.csv");
    if (ec || !manifest)
        return core::Error{core::ErrorCode::Io, dir.string(),
            "The output folder cannot be created or written; choose one you can write to.", {}};
    manifest << "index,seed,file,latent\n";
    for (std::size_t i = 0; i < images.size(); ++i) {
        char name[48];
        std::snprintf(name, sizeof name, "created_%05zu.png", i);
        if (auto written = core::writeGrayPng(dir / name, images[i].pixels, side, side); !written)
            return written.error();
        manifest << i << ',' << images[i].seed << ',' << name << ',';
        for (std::size_t k = 0; k < images[i].latent.size(); ++k)
            manifest << (k ? " " : "") << images[i].latent[k];
        manifest << '\n';
    }
    manifest.flush();
    if (!manifest)
        return core::Error{core::ErrorCode::Io, (dir / "manifest.csv").string(), "cannot be written (disk full?).", {}};
    return {};
}

} // namespace tr::model
