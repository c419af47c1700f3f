// libFuzzer harness: the model file (model/modelfile.h), which a coordinator
// brings from a GPU server or a colleague. Loading checks the archive, every
// field and the digests; a file that loads must also generate.
#include "model/modelfile.h"
#include "scratchfile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto path = tr::fuzz::writeScratch("input.trmodel", data, size);
    auto model = tr::model::GeneratorModel::load(path);
    if (!model) {
        if (model.error().toString().find(path.filename().string()) == std::string::npos)
            __builtin_trap();
        return 0;
    }
    const auto side = std::size_t(model->info().options.resolution);
    const auto images = model->generate(7, 1);
    if (images.size() != 1 || images[0].pixels.size() != side * side)
        __builtin_trap();
    (void)tr::model::integrityStatement(model->info());
    return 0;
}
