#include "core/mrmccommand.h"

#include "core/clioptions.h"
#include "core/lrcfile.h"
#include "core/mrmcanalysis.h"

#include <cstdio>
#include <fstream>
#include <string>

namespace tr::core {

namespace {

std::string format(const char* pattern, double value)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, pattern, value);
    return buffer;
}

void printDifferences(const std::vector<OrEstimate>& differences, double confidence, std::ostream& out)
{
    for (const auto& d : differences)
        out << "  " << d.label << ": " << format("%.4f", d.estimate) << ", SE " << format("%.5f", d.standardError) << ", "
            << format("%.0f", confidence * 100) << " % interval " << format("%.6f", d.lower) << " to "
            << format("%.6f", d.upper) << '\n';
}

void printTest(const char* what, const OrTest& t, bool chiSquare, std::ostream& out)
{
    out << what << (chiSquare ? ": chi-square " : ": F ") << format("%.3f", t.statistic) << ", df "
        << format("%.0f", t.df1);
    if (!chiSquare)
        out << " and " << format("%.2f", t.df2);
    out << ", p " << format("%.5f", t.p) << '\n';
}

int mrmcCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const auto a = parseCliArguments(args, {"lrc", "covariance"}, "mrmc", err);
    if (!a)
        return CliUsage;
    const auto path = a->value("lrc");
    if (!path || !a->positional.empty()) {
        err << "mrmc: give --lrc FILE (a ratings file in the MRMC .lrc format).\n";
        return CliUsage;
    }
    const std::string covariance = a->value("covariance").value_or("jackknife");
    if (covariance != "jackknife" && covariance != "delong") {
        err << "mrmc: --covariance is '" << covariance << "'; give jackknife (the default) or delong.\n";
        return CliUsage;
    }
    std::ifstream in(*path);
    if (!in) {
        err << "error: " << *path << ": the file cannot be read.\n";
        return CliFailed;
    }
    const auto table = readLrc(in, *path);
    if (!table) {
        err << "error: " << table.error().toString() << '\n';
        return CliFailed;
    }
    constexpr double kConfidence = 0.95;
    const auto r = orAnalysis(*table,
        covariance == "delong" ? CovarianceMethod::DeLong : CovarianceMethod::Jackknife, kConfidence);
    out << *path << ": " << table->tests.size() << " test(s), " << table->readers.size() << " readers, "
        << table->normalCount << " normal and " << table->abnormalCount << " abnormal cases; empirical AUC, "
        << covariance << " covariances (Obuchowski-Rockette, Hillis's df)\n\n";
    out << "AUC       ";
    for (const auto& t : table->tests)
        out << ' ' << t << std::string(t.size() < 8 ? 8 - t.size() : 1, ' ');
    out << '\n';
    for (std::size_t k = 0; k < table->readers.size(); ++k) {
        const std::string& name = table->readers[k];
        out << name << std::string(name.size() < 10 ? 10 - name.size() : 1, ' ');
        for (std::size_t t = 0; t < table->tests.size(); ++t)
            out << ' ' << format("%-8.4f", r.auc[t][k]);
        out << '\n';
    }
    out << "mean      ";
    for (double m : r.testMeans)
        out << ' ' << format("%-8.4f", m);
    out << "\n\nVar " << format("%.7f", r.components.var) << "  Cov1 " << format("%.7f", r.components.cov1) << "  Cov2 "
        << format("%.7f", r.components.cov2) << "  Cov3 " << format("%.7f", r.components.cov3);
    if (table->tests.size() > 1)
        out << "  MS(T) " << format("%.6f", r.msT) << "  MS(TR) " << format("%.6f", r.msTR);
    out << "\n\n";
    if (table->tests.size() > 1) {
        printTest("random readers and cases", r.randomAll, false, out);
        printDifferences(r.randomAllDifferences, kConfidence, out);
        printTest("fixed readers, random cases", r.fixedReaders, true, out);
        printDifferences(r.fixedReadersDifferences, kConfidence, out);
        printTest("random readers, fixed cases", r.fixedCases, false, out);
        printDifferences(r.fixedCasesDifferences, kConfidence, out);
        out << '\n';
    }
    out << "each test alone, random readers and cases:\n";
    for (std::size_t t = 0; t < r.singleTest.size(); ++t) {
        const auto& s = r.singleTest[t];
        const auto& c = r.singleTestAgainstChance[t];
        out << "  " << s.label << ": AUC " << format("%.4f", s.estimate) << ", SE " << format("%.5f", s.standardError)
            << ", df " << format("%.2f", s.df) << ", 95 % interval " << format("%.4f", s.lower) << " to "
            << format("%.4f", s.upper) << "; against 0.5: t " << format("%.3f", c.statistic) << ", p "
            << format("%.3g", c.p) << '\n';
    }
    return CliOk;
}

} // namespace

CliCommand mrmcCliCommand()
{
    return {"mrmc", "ROC and multi-reader multi-case analysis of a ratings file (MRMC .lrc format)",
        "mrmc --lrc FILE [--covariance jackknife|delong]\n"
        "  The empirical AUC of every reader in every test, and the Obuchowski-Rockette analysis with\n"
        "  Hillis's degrees of freedom: random readers and cases, fixed readers, fixed cases, and each\n"
        "  test alone against chance (0.5). FILE in the format of the OR-DBM MRMC software and RJafroc:\n"
        "  a larger rating (direction L) means the case is more likely abnormal.",
        mrmcCommand};
}

} // namespace tr::core
