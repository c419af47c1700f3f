// libFuzzer harness: the prepared training data file (core/trainingdata.h), which
// a GPU server reads from whoever copied it there. Whatever the bytes: data
// whose every volume holds as many voxels as its size says, or an error naming
// the file.
#include "core/trainingdata.h"
#include "scratchfile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto path = tr::fuzz::writeScratch("input.trdata", data, size);
    const auto read = tr::core::readTrainingData(path);
    if (!read) {
        if (read.error().toString().find(path.filename().string()) == std::string::npos)
            __builtin_trap();
        return 0;
    }
    for (const auto& v : read->volumes)
        if (v.volume.voxels.size() != v.volume.voxelCount())
            __builtin_trap();
    (void)read->imageCount();
    (void)read->description();
    return 0;
}
