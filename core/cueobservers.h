#pragma once
// The simplest observers of a classifier two-sample test (Lopez-Paz & Oquab
// 2017): rules fitted on training images, scored on held-out ones, that tell
// real from created by one cue. If a threshold on one number does it, no
// reader needs anatomy to do it, and neither does the CNN observer.

#include "core/readerstatistics.h"

#include <span>
#include <vector>

namespace tr::core {

// Correct calls among held-out images, with the Wilson 95% interval and the
// exact two-sided binomial p against chance (0.5).
struct HeldOutAccuracy {
    int correct = 0;
    int tested = 0;
    double accuracy = 0.0;
    ProportionInterval interval;
    double pValue = 1.0;
};
HeldOutAccuracy heldOutAccuracy(int correct, int tested);

// "created when value > threshold" (or < when !createdAbove): the cut and
// direction with the most correct calls on the training values. `created`
// labels each value (true: created, false: real).
struct ThresholdRule {
    double threshold = 0.0;
    bool createdAbove = true;
    bool callsCreated(double value) const { return createdAbove ? value > threshold : value < threshold; }
};
ThresholdRule fitThreshold(std::span<const double> values, const std::vector<bool>& created);

// Ridge-penalised logistic regression on standardised features, fitted by
// Newton's method (iteratively reweighted least squares): a linear observer of
// many features at once, e.g. the 256-bin grey-level histogram.
class LogisticRegression {
public:
    // rows: one feature vector per image, all the same length; created: labels.
    // ridge: the L2 penalty on the standardised weights (the intercept is free).
    void fit(const std::vector<std::vector<double>>& rows, const std::vector<bool>& created, double ridge = 1.0,
        int iterations = 25);
    // Probability that the image with these features is created.
    double probabilityCreated(std::span<const double> row) const;

private:
    std::vector<double> m_mean, m_scale, m_weights; // weights[0] is the intercept
};

} // namespace tr::core
