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
//   - storages: each storage a pickle declares (type and element count) must
//     be exactly as large as the record it names. LibTorch sizes a storage
//     from the declaration, not from the record, so an 8-byte record declared
//     as 50 floats became a tensor reaching past its memory: the weights'
//     hashing overflowed the heap, and Adam's state written through it
//     corrupted the heap (found by fuzz_model_file and fuzz_checkpoint).
// And one after LibTorch has built the tensors, before anything reads or
// writes them (loadedTensorProblem): every tensor's size, stride and offset
// must lie within its storage.

#include <filesystem>
#include <optional>
#include <string>

namespace torch::serialize {
class InputArchive;
}

namespace tr::model {

// Empty when the archive passes; otherwise what is wrong, naming the entry (and
// line), for the caller's "damaged file" error. The entries are read with
// LibTorch's own zip reader; a file that is no zip at all passes here and is
// refused by LibTorch's loading, in its words.
std::optional<std::string> archiveProblem(const std::filesystem::path& path);

// Empty when every tensor in the loaded archive (parameters, buffers, optimizer
// state, at any depth) is a dense view that lies within its storage; else which
// tensor does not.
std::optional<std::string> loadedTensorProblem(torch::serialize::InputArchive& archive);

} // namespace tr::model
