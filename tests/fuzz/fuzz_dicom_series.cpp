// libFuzzer harness: a DICOM series, several files read together, so that the
// grouping by series, the sort along the slice normal, the spacing from the
// positions and the per-frame geometry meet hostile combinations (duplicate
// positions, mixed sizes, one broken file among good ones).
//
// Input framing (make_dicom_series_seeds.py writes seeds in it): up to
// kMaxFiles records of a 32-bit little-endian length and that many bytes; what
// is left after the last whole record is one more file.
#include "core/io/dicomseries.h"
#include "scratchfile.h"

#include <cstring>
#include <vector>

namespace {
constexpr std::size_t kMaxFiles = 8;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<std::filesystem::path> files;
    std::size_t at = 0;
    while (at < size && files.size() < kMaxFiles) {
        std::uint32_t length = 0;
        std::size_t take = size - at;
        if (size - at >= 4 && files.size() + 1 < kMaxFiles) {
            std::memcpy(&length, data + at, 4);
            if (length <= size - at - 4) {
                at += 4;
                take = length;
            }
        }
        files.push_back(tr::fuzz::writeScratch("slice" + std::to_string(files.size()) + ".dcm", data + at, take));
        at += take;
    }
    const auto report = tr::core::io::readDicomFiles(files);
    for (const auto& series : report.series) {
        if (!series.volume && !series.error)
            __builtin_trap(); // a series neither made a volume nor said why
        if (series.volume) {
            const auto& v = *series.volume;
            if (v.voxels.size() != v.size[0] * v.size[1] * v.size[2])
                __builtin_trap();
        }
    }
    return 0;
}
