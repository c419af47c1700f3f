#pragma once
// Named training recipes: "paper" is Kikuchi et al.'s DCGAN exactly as the
// paper gives it; "recommended" is the best recipe measured with the realism
// report at equal CPU time (issue 14; the table is in resources/models/
// RECIPES.md) and the default for new training. The CLI ('train --preset')
// and the GUI's training panel offer both, with the line below. Plain C++.

#include "model/dcganoptions.h"

#include <optional>
#include <string>
#include <vector>

namespace tr::model {

struct TrainingPreset {
    std::string name;
    std::string line;        // one line for people: what it is and when to use it
    DcganOptions options;
    int epochs = 35;
};

// Both presets, "recommended" first (the default).
const std::vector<TrainingPreset>& trainingPresets();
std::optional<TrainingPreset> trainingPreset(const std::string& name);
const TrainingPreset& recommendedPreset();

} // namespace tr::model
