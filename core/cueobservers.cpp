#include "core/cueobservers.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tr::core {

HeldOutAccuracy heldOutAccuracy(int correct, int tested)
{
    HeldOutAccuracy a;
    a.correct = correct;
    a.tested = tested;
    if (tested > 0) {
        a.accuracy = double(correct) / double(tested);
        a.interval = wilsonInterval(correct, tested);
        a.pValue = binomialTestTwoSided(correct, tested, 0.5);
    }
    return a;
}

ThresholdRule fitThreshold(std::span<const double> values, const std::vector<bool>& created)
{
    ThresholdRule best;
    const std::size_t n = std::min(values.size(), created.size());
    if (n == 0)
        return best;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    const long totalCreated = long(std::count(created.begin(), created.begin() + long(n), true));
    const long totalReal = long(n) - totalCreated;
    // Below the cut: realBelow real and createdBelow created images. "Created
    // above" is right for the real ones below and the created ones above.
    long realBelow = 0, createdBelow = 0, bestCorrect = -1;
    const auto consider = [&](double cut) {
        const long above = realBelow + (totalCreated - createdBelow);
        const long below = createdBelow + (totalReal - realBelow);
        if (above > bestCorrect) {
            bestCorrect = above;
            best = {cut, true};
        }
        if (below > bestCorrect) {
            bestCorrect = below;
            best = {cut, false};
        }
    };
    consider(values[order.front()] - 1.0);
    for (std::size_t k = 0; k < n; ++k) {
        (created[order[k]] ? createdBelow : realBelow) += 1;
        // Cut only between distinct values, half-way, so ties fall on one side.
        if (k + 1 == n)
            consider(values[order[k]] + 1.0);
        else if (values[order[k + 1]] > values[order[k]])
            consider(0.5 * (values[order[k]] + values[order[k + 1]]));
    }
    return best;
}

void LogisticRegression::fit(
    const std::vector<std::vector<double>>& rows, const std::vector<bool>& created, double ridge, int iterations)
{
    const std::size_t n = rows.size(), d = rows.empty() ? 0 : rows.front().size(), p = d + 1;
    m_mean.assign(d, 0.0);
    m_scale.assign(d, 1.0);
    m_weights.assign(p, 0.0);
    if (n == 0)
        return;
    for (const auto& r : rows)
        for (std::size_t j = 0; j < d; ++j)
            m_mean[j] += r[j] / double(n);
    for (std::size_t j = 0; j < d; ++j) {
        double var = 0.0;
        for (const auto& r : rows)
            var += (r[j] - m_mean[j]) * (r[j] - m_mean[j]) / double(n);
        // A constant feature (a grey level no image has) carries nothing: weight 0.
        m_scale[j] = var > 1e-24 ? 1.0 / std::sqrt(var) : 0.0;
    }
    std::vector<std::vector<double>> x(n, std::vector<double>(p, 1.0));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j)
            x[i][j + 1] = (rows[i][j] - m_mean[j]) * m_scale[j];

    std::vector<double> gradient(p), hessian(p * p), step(p);
    for (int it = 0; it < iterations; ++it) {
        std::fill(gradient.begin(), gradient.end(), 0.0);
        std::fill(hessian.begin(), hessian.end(), 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            const double eta = std::inner_product(x[i].begin(), x[i].end(), m_weights.begin(), 0.0);
            const double prob = 1.0 / (1.0 + std::exp(-eta));
            const double residual = (created[i] ? 1.0 : 0.0) - prob;
            const double w = std::max(prob * (1.0 - prob), 1e-10);
            for (std::size_t a = 0; a < p; ++a) {
                gradient[a] += residual * x[i][a];
                const double wa = w * x[i][a];
                for (std::size_t b = 0; b <= a; ++b)
                    hessian[a * p + b] += wa * x[i][b];
            }
        }
        for (std::size_t a = 1; a < p; ++a) {
            gradient[a] -= ridge * m_weights[a];
            hessian[a * p + a] += ridge;
        }
        hessian[0] += 1e-9;
        // Cholesky of the (lower) Hessian, then the Newton step H^-1 g.
        for (std::size_t a = 0; a < p; ++a) {
            for (std::size_t b = 0; b <= a; ++b) {
                double s = hessian[a * p + b];
                for (std::size_t k = 0; k < b; ++k)
                    s -= hessian[a * p + k] * hessian[b * p + k];
                hessian[a * p + b] = a == b ? std::sqrt(std::max(s, 1e-12)) : s / hessian[b * p + b];
            }
        }
        for (std::size_t a = 0; a < p; ++a) {
            double s = gradient[a];
            for (std::size_t k = 0; k < a; ++k)
                s -= hessian[a * p + k] * step[k];
            step[a] = s / hessian[a * p + a];
        }
        for (std::size_t a = p; a-- > 0;) {
            double s = step[a];
            for (std::size_t k = a + 1; k < p; ++k)
                s -= hessian[k * p + a] * step[k];
            step[a] = s / hessian[a * p + a];
        }
        double change = 0.0;
        for (std::size_t a = 0; a < p; ++a) {
            m_weights[a] += step[a];
            change = std::max(change, std::abs(step[a]));
        }
        if (change < 1e-8)
            break;
    }
}

double LogisticRegression::probabilityCreated(std::span<const double> row) const
{
    if (m_weights.empty())
        return 0.5;
    double eta = m_weights[0];
    for (std::size_t j = 0; j < m_mean.size() && j < row.size(); ++j)
        eta += m_weights[j + 1] * (row[j] - m_mean[j]) * m_scale[j];
    return 1.0 / (1.0 + std::exp(-eta));
}

} // namespace tr::core
