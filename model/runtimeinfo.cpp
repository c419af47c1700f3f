#include "model/runtimeinfo.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace tr::model {

namespace {

// The first "flags" line of /proc/cpuinfo (every core lists the same), as words.
bool cpuHasFlag(const std::string& flags, const char* flag)
{
    std::istringstream words(flags);
    for (std::string w; words >> w;)
        if (w == flag)
            return true;
    return false;
}

std::string cpuFlags()
{
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("flags", 0) == 0)
            return line.substr(line.find(':') + 1);
    return {};
}

} // namespace

RuntimeInfo runtimeInfo()
{
    RuntimeInfo info;
    info.torchVersion = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR)
        + "." + std::to_string(TORCH_VERSION_PATCH);
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDeviceCount = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    info.cpuThreads = at::get_num_threads();
    static const std::string flags = cpuFlags();
    if (cpuHasFlag(flags, "amx_bf16"))
        info.cpuBfloat16Kind = "AMX";
    else if (cpuHasFlag(flags, "avx512_bf16"))
        info.cpuBfloat16Kind = "AVX512-BF16";
    info.cpuBfloat16 = !info.cpuBfloat16Kind.empty();
    return info;
}

int configureCpuThreads(int threads)
{
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(threads);
    return at::get_num_threads();
}

} // namespace tr::model
