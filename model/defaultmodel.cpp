#include "model/defaultmodel.h"

#include <system_error>

namespace tr::model {

namespace {

// Linux's own answer to "where is this program", so a relocated installation
// (a .deb, or `cmake --install --prefix ~/opt`) finds its data without a
// configured path.
std::filesystem::path executableDirectory()
{
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path{} : exe.parent_path();
}

} // namespace

std::vector<std::filesystem::path> defaultModelCandidates()
{
    std::vector<std::filesystem::path> out;
    if (const auto bin = executableDirectory(); !bin.empty())
        out.push_back(bin.parent_path() / "share" / "turing-reader" / "models" / "default.trmodel");
#ifdef TR_SOURCE_MODELS_DIR
    out.push_back(std::filesystem::path(TR_SOURCE_MODELS_DIR) / "default.trmodel");
#endif
    return out;
}

std::filesystem::path defaultModelPath()
{
    for (const auto& candidate : defaultModelCandidates()) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(candidate, ec))
            return candidate;
    }
    return {};
}

} // namespace tr::model
