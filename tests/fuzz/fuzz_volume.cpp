// libFuzzer harness: one volume file (NIfTI-1, NIfTI-2, MetaImage or NRRD, by
// TR_FUZZ_SUFFIX) through readVolume(), the function every import goes through:
// our header checks first (core/io/volumeheadercheck.h), then ITK. Whatever the
// bytes, it must return a volume or an error naming the file.
#include "core/io/volumereader.h"
#include "scratchfile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto path = tr::fuzz::writeScratch("input" TR_FUZZ_SUFFIX, data, size);
    const auto volume = tr::core::io::readVolume(path);
    if (!volume && volume.error().toString().find(path.filename().string()) == std::string::npos)
        __builtin_trap(); // an error that does not name the file breaks the product's promise
    return 0;
}
