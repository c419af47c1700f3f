#pragma once
// Where the product's embedded default generator is. It is a data file, not
// compiled into the programs: the model layer reads it with LibTorch's own
// loader (GeneratorModel::load), and a 6 MB blob in every executable would buy
// nothing. Installed, it lives in <prefix>/share/turing-reader/models/; in a
// build tree, in the source tree's resources/models/.

#include <filesystem>
#include <vector>

namespace tr::model {

// The name the CLI accepts for it: `generate --model default`.
inline constexpr const char* kDefaultModelName = "default";

// The places searched, first match wins: next to the running executable's
// installation (bin/../share/turing-reader/models/default.trmodel), then the
// source tree this binary was built from.
std::vector<std::filesystem::path> defaultModelCandidates();

// The first candidate that exists, or an empty path (callers name the
// candidates in their error message).
std::filesystem::path defaultModelPath();

} // namespace tr::model
