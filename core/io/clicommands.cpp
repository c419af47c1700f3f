#include "core/io/clicommands.h"

#include "core/axialslice.h"
#include "core/io/volumereader.h"

#include <algorithm>
#include <cmath>

namespace tr::core::io {

namespace {

// Prints what a coordinator checks before importing a volume: its grid, voxel
// size, whether it was oblique, and the intensity range.
int infoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.empty()) {
        err << "info: name at least one volume file (NIfTI, MetaImage or NRRD).\n";
        return CliUsage;
    }
    int status = CliOk;
    for (const auto& file : args) {
        const auto volume = readVolume(file);
        if (!volume) {
            err << "error: " << volume.error().toString() << '\n';
            if (!volume.error().detail.empty())
                err << "  detail: " << volume.error().detail << '\n';
            status = CliFailed;
            continue;
        }
        const auto [lo, hi] = std::minmax_element(volume->voxels.begin(), volume->voxels.end());
        double maxOffAxis = 0.0;
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c)
                if (r != c)
                    maxOffAxis = std::max(maxOffAxis, std::abs(volume->direction[r * 3 + c]));
        out << file << '\n'
            << "  voxels:      " << volume->size[0] << " x " << volume->size[1] << " x " << volume->size[2]
            << " (L-R x A-P x I-S)\n"
            << "  spacing mm:  " << volume->spacing[0] << " x " << volume->spacing[1] << " x "
            << volume->spacing[2] << '\n'
            << "  oblique:     " << (maxOffAxis > 1e-3 ? "yes (residual rotation kept)" : "no") << '\n'
            << "  intensity:   " << *lo << " to " << *hi << '\n'
            << "  centre axial index: " << centreAxialIndex(*volume) << " (0-based, of " << volume->size[2] << " slices)\n";
    }
    return status;
}

} // namespace

std::vector<CliCommand> cliCommands()
{
    return {
        {"info", "Describe volume files (grid, voxel size, orientation, intensities)",
            "info FILE [FILE...]\n  FILE  a NIfTI (.nii, .nii.gz), MetaImage (.mha, .mhd) or NRRD volume",
            infoCommand},
    };
}

} // namespace tr::core::io
