// ROC and multi-reader multi-case analysis (issue 17), the parts that need no
// outside data: the distributions against R's values and exact identities,
// the empirical AUC and DeLong's variance on cases counted by hand, and the
// .lrc format read back from what we write and refused when damaged.
#include "core/distributions.h"
#include "core/lrcfile.h"
#include "core/mrmcanalysis.h"

#include <QTest>

#include <cmath>
#include <sstream>

using namespace tr::core;

namespace {

// Equal to `expected` as printed with `decimals` decimals.
bool printedAs(double value, double expected, int decimals)
{
    return std::fabs(value - expected) <= 0.5 * std::pow(10.0, -decimals) + 1e-12;
}

} // namespace

class TestMrmcAnalysis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void distributionsMatchR()
    {
        QVERIFY(printedAs(studentTCdf(-1.0, 1.0), 0.25, 12));              // Cauchy: exactly 1/4
        QVERIFY(printedAs(studentTCdf(2.0, 5.0), 0.9490303, 7));           // pt(2, 5)
        QVERIFY(printedAs(studentTQuantile(0.975, 10.0), 2.228139, 6));    // qt(0.975, 10)
        QVERIFY(printedAs(studentTQuantile(0.975, 30.0), 2.042272, 6));    // qt(0.975, 30)
        QVERIFY(printedAs(studentTQuantile(0.975, 1e9), 1.959964, 6));     // the normal limit
        QVERIFY(printedAs(fUpperTail(1.0, 2.0, 2.0), 0.5, 12));            // F(2, 2): 1 / (1 + f)
        QVERIFY(printedAs(fUpperTail(3.0, 2.0, 2.0), 0.25, 12));
        QVERIFY(printedAs(chiSquareUpperTail(2.0, 2.0), std::exp(-1.0), 12)); // chi2(2): exp(-x / 2)
        QVERIFY(printedAs(chiSquareUpperTail(3.841459, 1.0), 0.05, 7));    // qchisq(0.95, 1)
        QVERIFY(printedAs(chiSquareUpperTail(30.0, 10.0), 0.0008566412, 10)); // pchisq(30, 10, lower = FALSE)
    }

    // Nine pairs counted by hand: 7 of 9 (two ties at one half).
    void aucCountsTiesAsHalf()
    {
        const std::vector<double> normal{1, 2, 3}, abnormal{2, 3, 4};
        QCOMPARE(empiricalAuc(normal, abnormal), 7.0 / 9.0);
        QCOMPARE(empiricalAuc({1, 2}, {3, 4}), 1.0);
        QCOMPARE(empiricalAuc({3, 4}, {1, 2}), 0.0);
        // DeLong: V10 = (1.5, 2.5, 3) / 3, V01 = (3, 2, 1.5) / 3; S10 = S01 = 0.0648148...
        const auto d = delongAuc(normal, abnormal);
        QCOMPARE(d.auc, 7.0 / 9.0);
        const double v10[] = {0.5, 2.5 / 3.0, 1.0};
        double s10 = 0.0;
        for (double v : v10)
            s10 += (v - 7.0 / 9.0) * (v - 7.0 / 9.0) / 2.0;
        QVERIFY(std::fabs(d.variance - (s10 / 3.0 + s10 / 3.0)) < 1e-15);
    }

    // What we write reads back the same; damage is named by line.
    void lrcRoundTripAndDamage()
    {
        RatingTable table;
        table.tests = {"gen-a", "gen-b"};
        table.readers = {"NR1", "NR2"};
        table.normalCount = 3;
        table.abnormalCount = 2;
        table.ratings = {{{1, 2, 3, 4, 5}, {2, 2, 1, 5, 4}}, {{3, 1, 2, 5, 5}, {1, 1, 1, 2, 3}}};
        std::istringstream in(writeLrc(table, "a test"));
        const auto back = readLrc(in, "test.lrc");
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().toString().c_str());
        QCOMPARE(back->tests, table.tests);
        QCOMPARE(back->readers, table.readers);
        QCOMPARE(back->normalCount, 3);
        QCOMPARE(back->abnormalCount, 2);
        QCOMPARE(back->ratings, table.ratings);

        const auto refused = [](const std::string& text) {
            std::istringstream damaged(text);
            const auto r = readLrc(damaged, "bad.lrc");
            return r.ok() ? std::string() : r.error().toString();
        };
        const std::string head = "title\n1\n\"0\"\t\"1\"\nL\tL\n";
        QVERIFY(refused("").find("bad.lrc: The file is empty") == 0);
        QVERIFY(refused(head + "1\t2\t0\n*\n3\t4\t1\n*\n").find("without its closing '#'") != std::string::npos);
        QVERIFY(refused(head + "1\tx\t0\n*\n3\t4\t1\n*\n#\n").find("Line 5: The rating 'x' is not a number") != std::string::npos);
        QVERIFY(refused("t\n1\n\"0\"\nQ\n").find("must be L") != std::string::npos);
        QVERIFY(refused(head + "1\t2\t0\n*\n3\t4\t1\n*\n2\n1\t2\t9\n*\n3\t4\t1\n*\n#\n").find("rates other cases")
            != std::string::npos);
        QVERIFY(refused(head + "1\t2\t0\n*\n3\t4\t1\n*\n#\n").find("at least 2") != std::string::npos);
        // S: a smaller rating is the more abnormal one; read so that larger is.
        std::istringstream smaller("t\n1\n\"0\"\nS\n5\t0\n*\n1\t1\n*\n2\n4\t0\n*\n2\t1\n*\n#\n");
        const auto s = readLrc(smaller, "s.lrc");
        QVERIFY(s.ok());
        QCOMPARE(empiricalAuc({s->ratings[0][0][0]}, {s->ratings[0][0][1]}), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestMrmcAnalysis)
#include "tst_mrmcanalysis.moc"
