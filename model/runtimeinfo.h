#pragma once
// What the LibTorch runtime offers on this machine: version, CUDA, CPU threads.
// The training and generation code chooses its device once from this and passes
// it down (LibTorch C++ frontend habit).

#include <string>

namespace tr::model {

struct RuntimeInfo {
    std::string torchVersion; // e.g. "1.13.1"
    bool cudaAvailable = false;
    int cudaDeviceCount = 0;
    int cpuThreads = 0; // intra-op threads LibTorch uses now
    // bfloat16 instructions (/proc/cpuinfo's avx512_bf16 or amx_bf16), where
    // --bf16 pays (bench_recipes); elsewhere LibTorch emulates them, slower.
    bool cpuBfloat16 = false;
    std::string cpuBfloat16Kind; // "AMX", "AVX512-BF16" or empty
};

RuntimeInfo runtimeInfo();

// LibTorch picks 1 intra-op thread on some machines (seen on our 2-core CI
// machine, build notes), so set it explicitly. threads <= 0 means all cores.
// Returns the number now in force.
int configureCpuThreads(int threads = 0);

} // namespace tr::model
