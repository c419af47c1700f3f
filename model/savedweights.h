#pragma once
// Which of a run's generators a model file gets: the one that makes images
// (the weights' moving average when the run keeps one), or the generator's own
// weights, so that a run with a moving average also yields the run without it
// (the average never changes the training itself).

namespace tr::model {

enum class SavedWeights { Output, Raw };

} // namespace tr::model
