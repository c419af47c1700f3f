#include "model/computedevice.h"

#include "model/runtimeinfo.h"

#include <charconv>

namespace tr::model {

core::Result<std::string> resolveDevice(const std::string& requested)
{
    const RuntimeInfo info = runtimeInfo();
    const std::string here = info.cudaAvailable ? std::to_string(info.cudaDeviceCount) + " CUDA device(s) here"
                                                : "this LibTorch has no CUDA device";
    if (requested == "cpu")
        return std::string("cpu");
    if (requested == "auto")
        return std::string(info.cudaAvailable ? "cuda:0" : "cpu");
    int index = 0;
    if (requested != "cuda") {
        const std::string prefix = "cuda:";
        const char* first = requested.data() + prefix.size();
        const char* last = requested.data() + requested.size();
        if (requested.rfind(prefix, 0) != 0 || std::from_chars(first, last, index).ptr != last || first == last || index < 0)
            return core::Error{core::ErrorCode::InvalidArgument, "device",
                "'" + requested + "' is not a device: choose cpu, cuda, cuda:N or auto (" + here + ").", {}};
    }
    if (!info.cudaAvailable)
        return core::Error{core::ErrorCode::InvalidArgument, "device",
            "'" + requested + "' asks for CUDA, but " + here
                + ". Choose cpu, or build against a CUDA LibTorch (README, GPU servers).",
            {}};
    if (index >= info.cudaDeviceCount)
        return core::Error{core::ErrorCode::InvalidArgument, "device",
            "'" + requested + "' names GPU " + std::to_string(index) + ", but there are " + here + " (cuda:0 to cuda:"
                + std::to_string(info.cudaDeviceCount - 1) + ").",
            {}};
    return "cuda:" + std::to_string(index);
}

} // namespace tr::model
