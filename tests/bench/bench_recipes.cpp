// Benchmark (not a test): training throughput of each recipe ingredient of
// issue 14 against the recipe of today's default generator (the paper's network
// at 64 px, batch 16, mode-seeking weight 1), in one run, as images/s and as a
// ratio to that baseline. The realism of each is measured separately
// (tests/bench/run_recipe_bench.sh); this gives the images a fixed CPU budget
// buys for each.
//
//   bench_recipes [--threads N] [--steps S] [--resolution 64|128]

#include "model/dcgantrainer.h"
#include "model/runtimeinfo.h"

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace tr::model;
using Clock = std::chrono::steady_clock;

namespace {

// Resize-convolution, the moving average and DiffAugment together (the
// combination of run_recipe_bench.sh), with bf16 on or off.
void combinedIngredients(DcganOptions& o, bool bfloat16)
{
    o.upsampling = DcganOptions::Upsampling::ResizeConvolution;
    o.emaDecay = 0.999;
    o.diffAugment = true;
    o.bfloat16 = bfloat16;
}

} // namespace

int main(int argc, char** argv)
{
    int threads = 2, steps = 12, resolution = 64;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--threads")
            threads = std::stoi(argv[i + 1]);
        else if (a == "--steps")
            steps = std::stoi(argv[i + 1]);
        else if (a == "--resolution")
            resolution = std::stoi(argv[i + 1]);
    }
    configureCpuThreads(threads);
    std::printf("LibTorch %s, %d threads, %d px, batch 16, %d timed steps after 2 warm-up, each variant twice "
                "(interleaved), best of two\n",
        runtimeInfo().torchVersion.c_str(), runtimeInfo().cpuThreads, resolution, steps);
    DcganOptions base;
    base.resolution = resolution;
    base.batchSize = 16;
    base.modeSeekingWeight = 1.0;
    struct Variant {
        const char* name;
        std::function<void(DcganOptions&)> change;
    };
    const std::vector<Variant> variants{
        {"baseline (today's default recipe)", [](DcganOptions&) {}},
        {"+ moving average 0.999", [](DcganOptions& o) { o.emaDecay = 0.999; }},
        {"+ DiffAugment", [](DcganOptions& o) { o.diffAugment = true; }},
        {"+ R1 0.1 every 4 steps", [](DcganOptions& o) { o.r1Weight = 0.1; o.r1Interval = 4; }},
        {"+ resize-convolution", [](DcganOptions& o) { o.upsampling = DcganOptions::Upsampling::ResizeConvolution; }},
        {"widths 16/16", [](DcganOptions& o) { o.generatorWidth = 16; o.discriminatorWidth = 16; }},
        {"baseline, bf16 autocast", [](DcganOptions& o) { o.bfloat16 = true; }},
        {"resize-convolution, bf16", [](DcganOptions& o) {
             o.upsampling = DcganOptions::Upsampling::ResizeConvolution;
             o.bfloat16 = true; }},
        {"resize + EMA + DiffAugment", [](DcganOptions& o) { combinedIngredients(o, false); }},
        {"resize + EMA + DiffAugment, bf16", [](DcganOptions& o) { combinedIngredients(o, true); }},
    };
    std::vector<double> best(variants.size(), 0.0);
    const std::size_t pixels = std::size_t(resolution) * std::size_t(resolution);
    std::vector<float> real(16 * pixels);
    for (std::size_t i = 0; i < real.size(); ++i)
        real[i] = float(i % 251) / 250.0f;
    for (int round = 0; round < 2; ++round)
        for (std::size_t v = 0; v < variants.size(); ++v) {
            DcganOptions o = base;
            variants[v].change(o);
            DcganTrainer trainer(o, 1);
            trainer.step(real, 16);
            trainer.step(real, 16);
            const auto t0 = Clock::now();
            for (int s = 0; s < steps; ++s)
                trainer.step(real, 16);
            const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
            best[v] = std::max(best[v], double(steps * 16) / seconds);
        }
    for (std::size_t v = 0; v < variants.size(); ++v)
        std::printf("%-36s %7.1f images/s  %.2fx baseline\n", variants[v].name, best[v], best[v] / best[0]);
    return 0;
}
