// libFuzzer harness: a training checkpoint (DcganTrainer::loadCheckpoint), which a
// resumed run reads after a crash, possibly half-copied from another machine.
// A checkpoint that loads must also take a training step.
#include "model/dcgantrainer.h"
#include "scratchfile.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto path = tr::fuzz::writeScratch("input.trckpt", data, size);
    tr::model::RunState state;
    auto trainer = tr::model::DcganTrainer::loadCheckpoint(path, state);
    if (!trainer) {
        if (trainer.error().toString().find(path.filename().string()) == std::string::npos)
            __builtin_trap();
        return 0;
    }
    const auto& options = (*trainer)->options();
    const int count = 2;
    const std::vector<float> real(std::size_t(count) * std::size_t(options.resolution) * std::size_t(options.resolution), 0.5f);
    (void)(*trainer)->step(real, count);
    return 0;
}
