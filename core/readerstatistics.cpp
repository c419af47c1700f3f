#include "core/readerstatistics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

namespace tr::core {

namespace {

// R's tolerance for "no more likely than the observed outcome", which keeps
// outcomes of equal probability from being split by rounding.
constexpr double kRelativeTolerance = 1.0 + 1e-7;

double logChoose(int n, int k)
{
    return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
}

// Sum of the probabilities (pmf over first..last) no larger than pmf(observed).
template <typename Pmf>
double twoSidedExact(int first, int last, int observed, Pmf pmf)
{
    const double limit = pmf(observed) * kRelativeTolerance;
    double sum = 0.0;
    for (int k = first; k <= last; ++k)
        if (const double p = pmf(k); p <= limit)
            sum += p;
    return std::min(1.0, sum);
}

} // namespace

ProportionInterval wilsonInterval(int successes, int trials, double z)
{
    assert(trials > 0 && successes >= 0 && successes <= trials);
    const double n = trials, x = successes, z2 = z * z;
    const double centre = (x + z2 / 2.0) / (n + z2);
    const double half = z / (n + z2) * std::sqrt(x * (n - x) / n + z2 / 4.0);
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

double binomialTestTwoSided(int successes, int trials, double p)
{
    assert(trials >= 0 && successes >= 0 && successes <= trials && p >= 0.0 && p <= 1.0);
    if (p == 0.0)
        return successes == 0 ? 1.0 : 0.0;
    if (p == 1.0)
        return successes == trials ? 1.0 : 0.0;
    const double logP = std::log(p), logQ = std::log1p(-p);
    return twoSidedExact(0, trials, successes,
        [&](int k) { return std::exp(logChoose(trials, k) + k * logP + (trials - k) * logQ); });
}

double fisherExactTwoSided(int a, int b, int c, int d)
{
    assert(a >= 0 && b >= 0 && c >= 0 && d >= 0);
    // With the margins fixed, the table is fixed by its top-left cell, which is
    // hypergeometric: rows r1 = a + b, r2 = c + d, first column c1 = a + c.
    const int r1 = a + b, r2 = c + d, c1 = a + c, n = r1 + r2;
    const double logTotal = logChoose(n, c1);
    return twoSidedExact(std::max(0, c1 - r2), std::min(r1, c1), a,
        [&](int k) { return std::exp(logChoose(r1, k) + logChoose(r2, c1 - k) - logTotal); });
}

double cohensKappa(const std::vector<std::vector<int>>& table)
{
    const std::size_t k = table.size();
    std::vector<double> rows(k, 0.0), columns(k, 0.0);
    double total = 0.0, agreed = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
        assert(table[i].size() == k);
        for (std::size_t j = 0; j < k; ++j) {
            rows[i] += table[i][j];
            columns[j] += table[i][j];
            total += table[i][j];
        }
        agreed += table[i][i];
    }
    if (total <= 0.0)
        return std::numeric_limits<double>::quiet_NaN();
    double chance = 0.0;
    for (std::size_t i = 0; i < k; ++i)
        chance += rows[i] / total * columns[i] / total;
    if (chance >= 1.0)
        return std::numeric_limits<double>::quiet_NaN();
    return (agreed / total - chance) / (1.0 - chance);
}

double fleissKappa(const std::vector<std::vector<int>>& counts)
{
    const auto nan = std::numeric_limits<double>::quiet_NaN();
    if (counts.empty())
        return nan;
    const std::size_t categories = counts.front().size();
    const int raters = std::accumulate(counts.front().begin(), counts.front().end(), 0);
    if (raters < 2)
        return nan;
    std::vector<double> share(categories, 0.0);
    double meanAgreement = 0.0;
    for (const auto& subject : counts) {
        if (subject.size() != categories || std::accumulate(subject.begin(), subject.end(), 0) != raters)
            return nan;
        double pairs = 0.0;
        for (std::size_t j = 0; j < categories; ++j) {
            share[j] += subject[j];
            pairs += double(subject[j]) * (subject[j] - 1);
        }
        meanAgreement += pairs / (double(raters) * (raters - 1));
    }
    const double subjects = double(counts.size());
    meanAgreement /= subjects;
    double chance = 0.0;
    for (double s : share)
        chance += (s / (subjects * raters)) * (s / (subjects * raters));
    if (chance >= 1.0)
        return nan;
    return (meanAgreement - chance) / (1.0 - chance);
}

} // namespace tr::core
