// Benchmark (not a test): DCGAN training throughput (images/s) at 64, 128 and
// 256 px and the time to generate 50 images at 256 px, on this machine's CPU
// with LibTorch; bench_dcgan.py times the identical networks and step in
// Debian's python3-torch with the same threads and batch, and run_dcgan_bench.sh
// runs both in one go and prints the ratios.
//
//   bench_dcgan [--threads N] [--batch B] [--steps S]

#include "model/dcgantrainer.h"
#include "model/runtimeinfo.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace tr::model;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv)
{
    int threads = 2, batch = 16, steps = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--threads")
            threads = std::stoi(argv[i + 1]);
        else if (a == "--batch")
            batch = std::stoi(argv[i + 1]);
        else if (a == "--steps")
            steps = std::stoi(argv[i + 1]);
    }
    configureCpuThreads(threads);
    std::printf("LibTorch %s, %d threads, batch %d, %d timed steps after 1 warm-up\n", runtimeInfo().torchVersion.c_str(),
        runtimeInfo().cpuThreads, batch, steps);
    for (int side : {64, 128, 256}) {
        DcganOptions o;
        o.resolution = side;
        o.batchSize = batch;
        DcganTrainer trainer(o, 1);
        std::vector<float> real(std::size_t(batch) * std::size_t(side) * std::size_t(side), 0.5f);
        trainer.step(real, batch); // warm-up: allocations, kernels
        const auto t0 = Clock::now();
        for (int s = 0; s < steps; ++s)
            trainer.step(real, batch);
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("train %3d px: %.1f images/s\n", side, double(steps * batch) / seconds);
        if (side == 256) {
            trainer.generate(1, 50); // warm-up
            const auto g0 = Clock::now();
            const auto images = trainer.generate(2, 50);
            const double g = std::chrono::duration<double>(Clock::now() - g0).count();
            std::printf("generate 50 x 256 px: %.3f s (%zu images)\n", g, images.size());
        }
    }
    return 0;
}
