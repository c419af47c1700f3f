#pragma once
// Multi-reader multi-case ROC analysis (issue 17): the empirical AUC of each
// reader in each test (modality, generator), and the Obuchowski-Rockette
// analysis with Hillis's degrees of freedom over readers and cases, as
// RJafroc's St(..., method = "OR") and the Iowa OR-DBM MRMC software compute
// it. Pure C++; tested against RJafroc's published analysis of the Van Dyke
// data (../shared/data/mrmc/VD.lrc).
//
// References: Obuchowski & Rockette (1995); Hillis (2007), "A comparison of
// denominator degrees of freedom methods for multiple observer ROC studies";
// Hillis, Obuchowski & Berbaum (2008); DeLong, DeLong & Clarke-Pearson (1988).

#include <string>
#include <vector>

namespace tr::core {

// Ratings of a fully crossed study: ratings[t][r][k] of test t, reader r and
// case k, the normal (negative) cases first, then the abnormal ones. A larger
// rating means more confidence that the case is abnormal (for a visual Turing
// test: that the image is created).
struct RatingTable {
    std::vector<std::string> tests, readers;
    int normalCount = 0, abnormalCount = 0;
    std::vector<std::vector<std::vector<double>>> ratings;
};

// The empirical (trapezoidal, Mann-Whitney) AUC: a tie counts one half.
double empiricalAuc(const std::vector<double>& normal, const std::vector<double>& abnormal);

// The AUC with DeLong's variance (its structural components).
struct AucWithVariance {
    double auc = 0.0, variance = 0.0;
};
AucWithVariance delongAuc(const std::vector<double>& normal, const std::vector<double>& abnormal);

// How the error covariances of the AUCs are estimated.
enum class CovarianceMethod { Jackknife, DeLong };

// The Obuchowski-Rockette error variance and covariances, averaged: Var (one
// reader, one test), Cov1 (same reader, other test), Cov2 (other reader, same
// test), Cov3 (other reader, other test).
struct OrComponents {
    double var = 0.0, cov1 = 0.0, cov2 = 0.0, cov3 = 0.0;
};

// One test of a null hypothesis: statistic, degrees of freedom, p.
struct OrTest {
    double statistic = 0.0, df1 = 0.0, df2 = 0.0, p = 1.0;
};

// A difference (or a single test's mean) with its 95 % interval.
struct OrEstimate {
    std::string label;
    double estimate = 0.0, standardError = 0.0, df = 0.0, lower = 0.0, upper = 0.0;
};

struct OrAnalysis {
    std::vector<std::vector<double>> auc; // [test][reader]
    std::vector<double> testMeans;       // reader-averaged AUC of each test
    OrComponents components;
    double msT = 0.0, msTR = 0.0;
    // Random readers and random cases (Hillis's ddf): F, then each pair of
    // tests' difference (test i minus test j, i < j).
    OrTest randomAll;
    std::vector<OrEstimate> randomAllDifferences;
    // Fixed readers, random cases: chi-square with T - 1 df.
    OrTest fixedReaders;
    std::vector<OrEstimate> fixedReadersDifferences;
    // Random readers, fixed cases: F with T - 1 and (T - 1)(R - 1) df.
    OrTest fixedCases;
    std::vector<OrEstimate> fixedCasesDifferences;
    // Each test alone, random readers and cases: its mean, against chance too.
    std::vector<OrEstimate> singleTest;
    std::vector<OrTest> singleTestAgainstChance; // H0: AUC = 0.5
};

// T >= 1 tests, R >= 2 readers, both case classes non-empty. With one test,
// only the single-test figures are filled.
OrAnalysis orAnalysis(const RatingTable& table, CovarianceMethod method = CovarianceMethod::Jackknife,
    double confidence = 0.95);

} // namespace tr::core
