#pragma once
// Where a study's created images come from, behind one plain interface so that
// the study layer takes images from any source without knowing it (issue 15):
// the product's DCGAN model file and a TorchScript generator (model/), and a
// folder of images written by any program (studies/). The study layer stores
// and evaluates what a source hands over; the front-ends only choose one.

#include "core/createdimage.h"
#include "core/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tr::core {

struct CreatedImageSourceInfo {
    std::string kind;        // "dcgan", "torchscript" or "folder"
    std::string sha256;      // the identity a project keeps: the weights', the module file's, or the folder's images'
    int resolution = 0;      // every image is resolution x resolution
    std::string description; // one line: what made it (training, module attributes, folder and formats)
    // Images the source can hand out; -1 for a generator (as many as asked).
    long long available = -1;
};

class CreatedImageSource {
public:
    virtual ~CreatedImageSource() = default;
    virtual const CreatedImageSourceInfo& info() const = 0;
    // `count` images drawn with `seed`: the same images for the same seed.
    // A generator makes them; a folder hands out the first `count` of its
    // images in the order of a shuffle seeded with `seed` (never a hand-picked
    // subset). Asking a folder for more than it holds is an error naming it.
    // `stop` set: ends early with an error saying so.
    virtual Result<std::vector<CreatedImage>> create(int count, std::uint64_t seed, const std::atomic<bool>& stop) = 0;
};

// Opens the source a coordinator names: "default", a model file, a TorchScript
// module or a folder; `device` is where a generator runs ("cpu", "cuda", ...).
// The front-ends hand the study layer one of these (app/ wires model/ in).
using CreatedImageSourceOpener =
    std::function<Result<std::unique_ptr<CreatedImageSource>>(const std::string& source, const std::string& device)>;

} // namespace tr::core
