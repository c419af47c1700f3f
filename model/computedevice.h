#pragma once
// The device to train or generate on, checked once where it is chosen (the CLI's
// --device, the workspace's training settings) and passed down as a plain name,
// as LibTorch's examples choose the device once. Without this, "cuda" on a
// CPU-only LibTorch failed deep inside loading as "the model file is damaged",
// and a misspelt name silently meant the CPU.

#include "core/result.h"

#include <string>

namespace tr::model {

// "cpu", "cuda" (the first GPU), "cuda:N", or "auto" (CUDA when this LibTorch
// has a device, else the CPU). Returns the canonical name ("cpu", "cuda:0", ...)
// or an error about the field "device" that names the choices and what is here.
core::Result<std::string> resolveDevice(const std::string& requested);

} // namespace tr::model
