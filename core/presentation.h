#pragma once
// How an intensity in [0, 1] becomes the 8-bit grey level that is stored in a
// pool, written as PNG and shown in the quiz: the same for real slices and
// created images, so that no difference between the two comes from the
// pipeline rather than from the generator (issue 14, presentation parity).
//
// Why a window and not plain x 255: the normalisation (intensitynormalisation.h)
// clamps real slices to exactly 0 in the air and to exactly 1 in the brightest
// 0.5 % of the head, while a generator's tanh reaches neither end. Mapped by
// x 255, created air landed on grey 1 and 2 (382 pixels per image at grey 1
// against 161 in a real slice: that count alone told the two apart 98 % of the
// time), and created images almost never reached 255 where 35 % of real slices
// do. Through this window grey 0 is everything below 2.5/255 and 255 everything
// above 252.5/255, in both sources: ends that a tanh output reaches and that no
// reader can tell from 0 and 255 on a screen. The 2 % stretch in between is the
// same for both. Specks brighter than that in a generator's air stay visible:
// the window hides nothing a reader could see.

#include <cstdint>
#include <span>

namespace tr::core {

inline constexpr float kPresentedBlack = 2.5f / 255.0f;
inline constexpr float kPresentedWhite = 252.5f / 255.0f;
inline constexpr float kPresentedScale = 1.0f / (kPresentedWhite - kPresentedBlack);

// The grey level of one intensity (values outside [0, 1] are clamped).
std::uint8_t presentedGrey(float intensity);

// out[i] = presentedGrey(in[i]); out must be as long as in.
void presentGrey(std::span<const float> in, std::span<std::uint8_t> out);

} // namespace tr::core
