#pragma once
// The model layer's sources of created images (core/createdimagesource.h):
// the product's DCGAN model file (the shipped default included) and a
// TorchScript module, opened by what a coordinator types.

#include "core/createdimagesource.h"
#include "core/modellayer.h"
#include "core/result.h"
#include "model/modelfile.h"

#include <memory>
#include <string>

namespace tr::model {

// One line of what made a model file: data, epochs, images seen, seed, device, libraries.
std::string modelDescription(const ModelInfo& info);

// A loaded model file as a source.
class DcganSource final : public core::CreatedImageSource {
public:
    explicit DcganSource(GeneratorModel model);
    const core::CreatedImageSourceInfo& info() const override;
    core::Result<std::vector<core::CreatedImage>> create(
        int count, std::uint64_t seed, const std::atomic<bool>& stop) override;
    GeneratorModel& model() { return m_model; }
    const GeneratorModel& model() const { return m_model; }

private:
    GeneratorModel m_model;
    core::CreatedImageSourceInfo m_info;
};

// "default" (the shipped generator), a TorchScript module (torchscriptgenerator.h
// names the file endings) or a model file, on `device`. Errors name the file.
core::Result<std::unique_ptr<core::CreatedImageSource>> openGeneratorSource(
    const std::string& source, const std::string& device);

// This layer's part for the study layer: openGeneratorSource and the realism
// report's evaluation (realismevaluation.h). Both front-ends hand it over.
core::ModelLayer modelLayer();

} // namespace tr::model
