#pragma once
// The statistics of a reader study's results table (issue 5: Table 1 with
// intervals and tests, agreement between readers), as plain functions of
// counts. Pure C++ so that they are tested against published values alone.
//
// Conventions follow R's stats package, the reference most readers of the
// paper will check against: two-sided exact tests sum the probabilities of all
// outcomes no more likely than the one observed (with R's relative tolerance
// of 1e-7), and the Wilson interval is the score interval without continuity
// correction (Newcombe 1998, method 3).

#include <vector>

namespace tr::core {

struct ProportionInterval {
    double lower = 0.0;
    double upper = 1.0;
};

// z of a two-sided 95% interval.
inline constexpr double kZ95 = 1.959963984540054;

// Wilson score interval of successes / trials; trials > 0, 0 <= successes <= trials.
ProportionInterval wilsonInterval(int successes, int trials, double z = kZ95);

// Exact two-sided binomial test of successes in trials against probability p
// (R: binom.test(successes, trials, p)$p.value). For a reader's accuracy
// against chance, p = 0.5.
double binomialTestTwoSided(int successes, int trials, double p = 0.5);

// Fisher's exact test, two-sided, on the 2 x 2 table [[a, b], [c, d]]
// (R: fisher.test(matrix(c(a, c, b, d), 2))$p.value).
double fisherExactTwoSided(int a, int b, int c, int d);

// Cohen's kappa of two raters from their k x k table of counts (rows: rater
// one's category, columns: rater two's). NaN when chance agreement is 1.
double cohensKappa(const std::vector<std::vector<int>>& table);

// Fleiss' kappa from a subjects x categories table: counts[i][j] is how many
// raters put subject i in category j; every subject rated by the same number
// (at least 2) of raters. NaN when that does not hold or chance agreement is 1.
double fleissKappa(const std::vector<std::vector<int>>& counts);

} // namespace tr::core
