#pragma once
// Checks a LibTorch archive (model file or checkpoint) before LibTorch loads it.
//
// LibTorch trusts the archives it reads; three kinds of hostile file, found by
// fuzz_model_file and fuzz_checkpoint, are refused here first:
//   - code: torch::serialize::InputArchive is a TorchScript module, and loading
//     compiles its code/*.py entries with a parser that recurses without bound
//     (a stack overflow). The archives this program writes hold only class
//     declarations; every code line must be one of those forms.
//   - sizes: the zip directory's declared sizes must fit in the file (stored
//     entries as they are, deflated ones within deflate's ratio), before the
//     zip reader allocates them.
//   - pickles: each length-prefixed value in a .pkl entry must fit in what
//     follows it, and memo indices stay within the entry's size (the
//     Unpickler reserves a declared length or memo size first: 40 KB
//     declaring 3.6 GB took 3.7 GB of memory).

#include <filesystem>
#include <optional>
#include <string>

namespace tr::model {

// Empty when the archive passes; otherwise what is wrong, naming the entry (and
// line), for the caller's "damaged file" error. The entries are read with
// LibTorch's own zip reader; a file that is no zip at all passes here and is
// refused by LibTorch's loading, in its words.
std::optional<std::string> archiveProblem(const std::filesystem::path& path);

} // namespace tr::model
