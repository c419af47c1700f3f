#pragma once
// The paper's training-set grid (Kikuchi et al., Methods, "Training data"): every
// AC-PC-aligned volume is rotated about the left-right axis -10..+10 deg, the
// anterior-posterior axis -10..+10 deg and the cranio-caudal axis -5..+5 deg in
// 1 deg steps (21 x 21 x 11 = 4,851 orientations); in each, 5 axial sections at
// -4, -2, 0, +2, +4 mm from the centre are taken, and each is also flipped left-
// right: 48,510 images per volume.
//
// Image index <-> (angles, offset, flip) is a fixed enumeration, so training can
// draw any index without materialising the set. Order, outermost first:
// left-right angle, anterior-posterior angle, cranio-caudal angle, offset, flip.
// The flip is innermost so that a sampler computes each section once and mirrors
// it for its neighbour.

#include "core/result.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tr::core {

// An inclusive arithmetic range of angles in degrees: from, from + step, ..., to.
struct AngleRange {
    double from = 0.0;
    double to = 0.0;
    double step = 1.0;

    int count() const;
    double at(int i) const { return from + step * i; }
    bool operator==(const AngleRange&) const = default;
};

// One image of the set.
struct AugmentationSample {
    double leftRightDeg = 0.0;         // rotation about the L-R axis (nodding)
    double anteriorPosteriorDeg = 0.0; // rotation about the A-P axis (tilting)
    double cranioCaudalDeg = 0.0;      // rotation about the S-I axis (turning)
    double offsetMm = 0.0;             // section distance from the centre, + = superior
    bool flipped = false;              // mirrored left-right after sampling
    // Positions in the grid (index into each range and into the offsets).
    int leftRightStep = 0, anteriorPosteriorStep = 0, cranioCaudalStep = 0, offsetStep = 0;
};

struct AugmentationGrid {
    AngleRange leftRight{-10.0, 10.0, 1.0};
    AngleRange anteriorPosterior{-10.0, 10.0, 1.0};
    AngleRange cranioCaudal{-5.0, 5.0, 1.0};
    std::vector<double> offsetsMm{-4.0, -2.0, 0.0, 2.0, 4.0};
    bool flip = true;
    // Output matrix (pixels per side) and the square field of view it covers. The
    // paper's in-plane grid is 256 x 0.94 mm, so 240 mm keeps its pixel size at 256.
    int matrix = 256;
    double fieldOfViewMm = 240.0;

    bool operator==(const AugmentationGrid&) const = default;

    // Problems with the values, each naming the field; empty when valid.
    std::vector<std::string> problems() const;
    bool valid() const { return problems().empty(); }

    std::size_t orientationCount() const;
    std::size_t sectionsPerOrientation() const { return offsetsMm.size(); }
    std::size_t flipCount() const { return flip ? 2 : 1; }
    std::size_t count() const { return orientationCount() * sectionsPerOrientation() * flipCount(); }
    double pixelSizeMm() const { return fieldOfViewMm / matrix; }

    // Precondition: valid() and index < count().
    AugmentationSample sample(std::size_t index) const;
    // The index of the sample at the given steps; inverse of sample().
    std::size_t index(int leftRightStep, int anteriorPosteriorStep, int cranioCaudalStep, int offsetStep,
        bool flipped) const;
    std::size_t index(const AugmentationSample& s) const
    {
        return index(s.leftRightStep, s.anteriorPosteriorStep, s.cranioCaudalStep, s.offsetStep, s.flipped);
    }

    // One line of "key=value" pairs, stored with every exported or trained set:
    // "lr=-10:10:1 ap=-10:10:1 cc=-5:5:1 offsets=-4,-2,0,2,4 flip=1 matrix=256 fov=240".
    std::string toString() const;
    // Parses toString()'s form; keys left out keep the paper's defaults. Errors name
    // the key and what is wrong with it.
    static Result<AugmentationGrid> fromString(std::string_view text);
};

} // namespace tr::core
