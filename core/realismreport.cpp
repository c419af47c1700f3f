#include "core/realismreport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tr::core {

double memorisationP(const MemorisationResult& m)
{
    if (m.checked <= 0 || m.flagged <= 0)
        return 1.0;
    // P(X >= flagged), X ~ Binomial(checked, 1 %), summed in log space.
    const double n = m.checked, p = kMemorisationChanceRate;
    double tail = 0.0;
    for (int k = std::min(m.flagged, m.checked); k <= m.checked; ++k) {
        const double term = std::exp(std::lgamma(n + 1) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1)
            + k * std::log(p) + (n - k) * std::log1p(-p));
        tail += term;
        if (term < tail * 1e-16)
            break;
    }
    return std::min(1.0, tail);
}

bool memorisationSuspected(const MemorisationResult& m) { return memorisationP(m) < kMemorisationAlpha; }

namespace {

std::string format(const char* pattern, auto... values)
{
    char line[512];
    std::snprintf(line, sizeof line, pattern, values...);
    return line;
}

std::string observerLine(const ObserverResult& o)
{
    const auto& a = o.accuracy;
    std::string line = format("  %-34s %.3f  (95%% CI %.3f-%.3f, %d/%d, p %s)", o.name.c_str(), a.accuracy,
        a.interval.lower, a.interval.upper, a.correct, a.tested,
        a.pValue < 0.001 ? "< 0.001" : format("%.3f", a.pValue).c_str());
    if (o.oneNumber)
        line += format("   real %.3g, created %.3g", o.realMean, o.createdMean);
    return line + '\n';
}

} // namespace

std::string formatRealismReport(const RealismReport& r)
{
    std::string out = format("Realism of %d x %d created images against real slices of %d subjects\n", r.side, r.side,
        r.realSubjects);
    out += format("(held out: %d subject%s, %d real and %d created images; trained on %d subject%s, %d real and %d "
                  "created; seed %llu)\n\n",
        r.testSubjects, r.testSubjects == 1 ? "" : "s", r.testReal, r.testCreated, r.trainSubjects,
        r.trainSubjects == 1 ? "" : "s", r.trainReal, r.trainCreated,
        static_cast<unsigned long long>(r.seed));
    out += "Observers: held-out accuracy telling created from real (0.5 = cannot tell)\n";
    if (r.machineRun) {
        out += observerLine(r.machine);
        out += "    " + r.machineDetail + '\n';
    } else {
        out += "  CNN observer                       not run (left out on request)\n";
    }
    for (const auto& cue : r.cues)
        out += observerLine(cue);
    const auto& m = r.memorisation;
    out += format("\nMemorisation: %s. %d of %d created images are nearer to a real image than %.1f grey levels RMS,\n"
                  "  the 1st percentile of real images' distance to other subjects, where 1%% fall by chance "
                  "(one-sided binomial p %s;\n  suspected below %g). Median distance: real %.1f, created %.1f "
                  "(SSIM %.2f)\n",
        memorisationSuspected(m) ? "SUSPECTED" : "not beyond chance", m.flagged, m.checked, m.realThresholdRms,
        memorisationP(m) < 0.001 ? "< 0.001" : format("%.3f", memorisationP(m)).c_str(), kMemorisationAlpha,
        m.realMedianRms, m.createdMedianRms, m.createdMedianSsim);
    for (const auto& n : m.nearest)
        out += format("  created #%zu ~ real #%zu: RMS %.1f, SSIM %.3f\n", n.created, n.reference, n.rms, n.ssim);
    out += format("\nDiversity: mean pairwise RMS %.1f grey levels among created images, %.1f among real ones (ratio "
                  "%.2f; far below 1 is collapse)\n",
        r.diversity.created, r.diversity.real, r.diversity.ratio());
    out += format("\nevaluated in %.1f s\n", r.seconds);
    return out;
}

} // namespace tr::core
