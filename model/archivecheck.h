#pragma once
// Checks a LibTorch archive (model file or checkpoint) before LibTorch loads it.
//
// torch::serialize::InputArchive is a TorchScript module: loading it compiles
// the archive's code/*.py entries with the TorchScript frontend, whose parser
// recurses without bound (a mutated model file overflowed the stack in
// ScriptTypeParser::parseTypeFromExpr, found by fuzz_model_file). The archives
// this program writes hold only class declarations: attribute names and their
// types. Every code line of a file given to us must be one of those forms;
// anything else is refused before the frontend sees it.

#include <filesystem>
#include <optional>
#include <string>

namespace tr::model {

// Empty when the archive's code is of the forms we write; otherwise what is
// wrong, naming the entry and line (for the caller's "damaged file" error).
// Reads the zip with LibTorch's own reader; a file that is not a readable
// archive is reported here too.
std::optional<std::string> archiveCodeProblem(const std::filesystem::path& path);

} // namespace tr::model
