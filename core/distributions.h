#pragma once
// The few continuous distributions a reader study's tests need (Student's t,
// F, chi-square), from the regularised incomplete beta and gamma functions.
// Pure C++, checked against R's pt, qt, pf and pchisq.

namespace tr::core {

// I_x(a, b), the regularised incomplete beta function; a, b > 0, 0 <= x <= 1.
double regularisedIncompleteBeta(double a, double b, double x);
// Q(a, x) = Gamma(a, x) / Gamma(a), the regularised upper incomplete gamma.
double regularisedUpperGamma(double a, double x);

// P(T <= t) for Student's t with df > 0 degrees of freedom (df need not be whole).
double studentTCdf(double t, double df);
// The t with P(T <= t) = p, 0 < p < 1.
double studentTQuantile(double p, double df);
// P(F > f) for the F distribution with df1 and df2 degrees of freedom.
double fUpperTail(double f, double df1, double df2);
// P(X > x) for chi-square with df degrees of freedom.
double chiSquareUpperTail(double x, double df);

} // namespace tr::core
