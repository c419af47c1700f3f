// libFuzzer harness: one DICOM file through DCMTK as the import reads it, the
// pixel decoder (every transfer syntax DCMTK's codecs take) and the series
// builder. Any bytes end in pixels, a volume or a report naming the file.
#include "core/io/dicomseries.h"
#include "scratchfile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto path = tr::fuzz::writeScratch("input.dcm", data, size);
    const auto name = path.filename().string();
    if (const auto pixels = tr::core::io::decodeDicomPixels(path); !pixels) {
        if (pixels.error().toString().find(name) == std::string::npos)
            __builtin_trap();
    } else if (pixels->values.size() != std::size_t(pixels->rows) * pixels->columns * pixels->frames) {
        __builtin_trap(); // the decoder's own promise about its output
    }
    const auto report = tr::core::io::readDicomFiles({path});
    for (const auto& error : report.fileErrors)
        if (error.toString().find(name) == std::string::npos)
            __builtin_trap();
    return 0;
}
