#include "core/mrmcanalysis.h"

#include "core/distributions.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace tr::core {

namespace {

// psi(abnormal, normal) summed over every pair, by abnormal case (rows) and
// by normal case (columns): the placements that both DeLong's components and
// the jackknife's leave-one-out AUCs follow from.
struct Placements {
    double sum = 0.0;
    std::vector<double> rows, columns;
};

Placements placements(const std::vector<double>& normal, const std::vector<double>& abnormal)
{
    Placements p;
    p.rows.assign(abnormal.size(), 0.0);
    p.columns.assign(normal.size(), 0.0);
    for (std::size_t i = 0; i < abnormal.size(); ++i)
        for (std::size_t j = 0; j < normal.size(); ++j) {
            const double psi = abnormal[i] > normal[j] ? 1.0 : abnormal[i] == normal[j] ? 0.5 : 0.0;
            p.rows[i] += psi;
            p.columns[j] += psi;
            p.sum += psi;
        }
    return p;
}

// One reader in one test: its AUC and what its covariances are made of.
struct Modality {
    double auc = 0.0;
    std::vector<double> jackknife;       // AUC without case k (normal cases first)
    std::vector<double> v10, v01;        // DeLong's components (abnormal, normal)
};

Modality modality(const std::vector<double>& ratings, int normalCount)
{
    const std::vector<double> normal(ratings.begin(), ratings.begin() + normalCount);
    const std::vector<double> abnormal(ratings.begin() + normalCount, ratings.end());
    const double n0 = double(normal.size()), n1 = double(abnormal.size());
    const Placements p = placements(normal, abnormal);
    Modality m;
    m.auc = p.sum / (n0 * n1);
    for (double c : p.columns) {
        m.jackknife.push_back((p.sum - c) / (n1 * (n0 - 1.0)));
        m.v01.push_back(c / n1);
    }
    for (double r : p.rows) {
        m.jackknife.push_back((p.sum - r) / ((n1 - 1.0) * n0));
        m.v10.push_back(r / n0);
    }
    return m;
}

double mean(const std::vector<double>& v)
{
    double s = 0.0;
    for (double x : v)
        s += x;
    return s / double(v.size());
}

double covariance(const Modality& a, const Modality& b, CovarianceMethod method)
{
    if (method == CovarianceMethod::Jackknife) {
        const double n = double(a.jackknife.size()), ma = mean(a.jackknife), mb = mean(b.jackknife);
        double s = 0.0;
        for (std::size_t k = 0; k < a.jackknife.size(); ++k)
            s += (a.jackknife[k] - ma) * (b.jackknife[k] - mb);
        return (n - 1.0) / n * s;
    }
    const auto structural = [&](const std::vector<double>& x, const std::vector<double>& y) {
        double s = 0.0;
        for (std::size_t k = 0; k < x.size(); ++k)
            s += (x[k] - a.auc) * (y[k] - b.auc);
        return s / (double(x.size()) - 1.0);
    };
    return structural(a.v10, b.v10) / double(a.v10.size()) + structural(a.v01, b.v01) / double(a.v01.size());
}

// The normal quantile, for the fixed-reader intervals (df infinite).
double normalQuantile(double p) { return studentTQuantile(p, 1e9); }

} // namespace

double empiricalAuc(const std::vector<double>& normal, const std::vector<double>& abnormal)
{
    return placements(normal, abnormal).sum / (double(normal.size()) * double(abnormal.size()));
}

AucWithVariance delongAuc(const std::vector<double>& normal, const std::vector<double>& abnormal)
{
    std::vector<double> all = normal;
    all.insert(all.end(), abnormal.begin(), abnormal.end());
    const Modality m = modality(all, int(normal.size()));
    return {m.auc, covariance(m, m, CovarianceMethod::DeLong)};
}

OrAnalysis orAnalysis(const RatingTable& table, CovarianceMethod method, double confidence)
{
    const int T = int(table.ratings.size());
    const int R = T > 0 ? int(table.ratings[0].size()) : 0;
    assert(T >= 1 && R >= 2 && table.normalCount > 0 && table.abnormalCount > 0);
    std::vector<std::vector<Modality>> m(static_cast<std::size_t>(T));
    OrAnalysis out;
    out.auc.assign(std::size_t(T), std::vector<double>(std::size_t(R)));
    for (int t = 0; t < T; ++t)
        for (int r = 0; r < R; ++r) {
            m[t].push_back(modality(table.ratings[t][r], table.normalCount));
            out.auc[t][r] = m[t][r].auc;
        }

    // The averaged components, over ordered pairs of (test, reader).
    double sums[4] = {0, 0, 0, 0};
    int counts[4] = {0, 0, 0, 0};
    std::vector<double> cov2Within(std::size_t(T), 0.0);
    std::vector<int> cov2WithinCount(std::size_t(T), 0);
    for (int t = 0; t < T; ++t)
        for (int r = 0; r < R; ++r)
            for (int u = 0; u < T; ++u)
                for (int s = 0; s < R; ++s) {
                    const int kind = t == u ? (r == s ? 0 : 2) : (r == s ? 1 : 3);
                    const double c = covariance(m[t][r], m[u][s], method);
                    sums[kind] += c;
                    ++counts[kind];
                    if (kind == 2) {
                        cov2Within[t] += c;
                        ++cov2WithinCount[t];
                    }
                }
    const auto averaged = [&](int kind) { return counts[kind] ? sums[kind] / counts[kind] : 0.0; };
    out.components = {averaged(0), averaged(1), averaged(2), averaged(3)};

    double grand = 0.0;
    std::vector<double> readerMeans(std::size_t(R), 0.0);
    for (int t = 0; t < T; ++t) {
        out.testMeans.push_back(mean(out.auc[t]));
        grand += out.testMeans.back() / T;
        for (int r = 0; r < R; ++r)
            readerMeans[r] += out.auc[t][r] / T;
    }
    const double tQuantile = 0.5 + confidence / 2.0;

    // Each test alone (Hillis 2007): MS(R) and Cov2 of that test.
    for (int t = 0; t < T; ++t) {
        double msR = 0.0;
        for (int r = 0; r < R; ++r)
            msR += std::pow(out.auc[t][r] - out.testMeans[t], 2) / (R - 1);
        const double cov2 = cov2WithinCount[t] ? cov2Within[t] / cov2WithinCount[t] : 0.0;
        const double den = msR + R * std::max(cov2, 0.0);
        const double se = std::sqrt(den / R);
        const double df = msR > 0.0 ? den * den / (msR * msR / (R - 1)) : 1e9;
        const double q = studentTQuantile(tQuantile, df);
        out.singleTest.push_back({table.tests.empty() ? std::to_string(t) : table.tests[t], out.testMeans[t], se, df,
            out.testMeans[t] - q * se, out.testMeans[t] + q * se});
        const double tStat = (out.testMeans[t] - 0.5) / se;
        out.singleTestAgainstChance.push_back({tStat, df, 0.0, 2.0 * (1.0 - studentTCdf(std::fabs(tStat), df))});
    }
    if (T < 2)
        return out;

    for (int t = 0; t < T; ++t)
        out.msT += R * std::pow(out.testMeans[t] - grand, 2) / (T - 1);
    for (int t = 0; t < T; ++t)
        for (int r = 0; r < R; ++r)
            out.msTR += std::pow(out.auc[t][r] - out.testMeans[t] - readerMeans[r] + grand, 2) / ((T - 1) * (R - 1));

    const OrComponents& c = out.components;
    const double den = out.msTR + R * std::max(c.cov2 - c.cov3, 0.0);
    const double ddf = out.msTR > 0.0 ? den * den / (out.msTR * out.msTR / ((T - 1) * (R - 1))) : 1e9;
    out.randomAll = {out.msT / den, double(T - 1), ddf, fUpperTail(out.msT / den, T - 1, ddf)};
    const double fixedReadersDen = c.var - c.cov1 + (R - 1) * std::max(c.cov2 - c.cov3, 0.0);
    const double chi2 = (T - 1) * out.msT / fixedReadersDen;
    out.fixedReaders = {chi2, double(T - 1), 0.0, chiSquareUpperTail(chi2, T - 1)};
    const double fixedCasesDf = double((T - 1) * (R - 1));
    out.fixedCases = {out.msT / out.msTR, double(T - 1), fixedCasesDf, fUpperTail(out.msT / out.msTR, T - 1, fixedCasesDf)};

    for (int i = 0; i < T; ++i)
        for (int j = i + 1; j < T; ++j) {
            const std::string label = (table.tests.empty() ? std::to_string(i) : table.tests[i]) + " - "
                + (table.tests.empty() ? std::to_string(j) : table.tests[j]);
            const double d = out.testMeans[i] - out.testMeans[j];
            const auto interval = [&](double se, double q, double df) {
                return OrEstimate{label, d, se, df, d - q * se, d + q * se};
            };
            const double seAll = std::sqrt(2.0 / R * den);
            out.randomAllDifferences.push_back(interval(seAll, studentTQuantile(tQuantile, ddf), ddf));
            const double seFixedReaders = std::sqrt(2.0 / R * fixedReadersDen);
            out.fixedReadersDifferences.push_back(interval(seFixedReaders, normalQuantile(tQuantile), 0.0));
            const double seFixedCases = std::sqrt(2.0 / R * out.msTR);
            out.fixedCasesDifferences.push_back(interval(seFixedCases, studentTQuantile(tQuantile, fixedCasesDf), fixedCasesDf));
        }
    return out;
}

} // namespace tr::core
