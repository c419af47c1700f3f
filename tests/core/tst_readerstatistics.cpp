// Every figure here is a published one, not a value computed by this code:
// Wilson intervals from Newcombe (1998), Stat Med 17:857, Table I, method 3;
// binomial and Fisher p-values from R's documentation examples and the
// textbook examples quoted with fisher.test; kappas from the worked examples
// of Cohen's and Fleiss' kappa (Fleiss 1971 data as reproduced on Wikipedia).

#include "core/readerstatistics.h"

#include <QtTest>

#include <cmath>

using namespace tr::core;

class TestReaderStatistics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wilsonMatchesNewcombe_data()
    {
        QTest::addColumn<int>("successes");
        QTest::addColumn<int>("trials");
        QTest::addColumn<double>("lower");
        QTest::addColumn<double>("upper");
        QTest::newRow("81/263") << 81 << 263 << 0.2553 << 0.3662;
        QTest::newRow("15/148") << 15 << 148 << 0.0624 << 0.1605;
        QTest::newRow("0/20") << 0 << 20 << 0.0 << 0.1611;
        QTest::newRow("1/29") << 1 << 29 << 0.0061 << 0.1718;
    }
    void wilsonMatchesNewcombe()
    {
        QFETCH(int, successes);
        QFETCH(int, trials);
        QFETCH(double, lower);
        QFETCH(double, upper);
        const auto interval = wilsonInterval(successes, trials);
        QVERIFY2(std::abs(interval.lower - lower) < 5e-5, qPrintable(QString::number(interval.lower, 'f', 5)));
        QVERIFY2(std::abs(interval.upper - upper) < 5e-5, qPrintable(QString::number(interval.upper, 'f', 5)));
    }

    void wilsonStaysInsideZeroOne()
    {
        const auto all = wilsonInterval(50, 50);
        QCOMPARE(all.upper, 1.0);
        QVERIFY(all.lower > 0.9 && all.lower < 1.0);
    }

    void binomialMatchesR()
    {
        // binom.test(c(682, 243), p = 3/4): p-value = 0.3825
        QVERIFY(std::abs(binomialTestTwoSided(682, 925, 0.75) - 0.3825) < 5e-5);
        // A reader right on 35 of 50 images against chance: binom.test(35, 50) = 0.0066
        QVERIFY(std::abs(binomialTestTwoSided(35, 50) - 0.0066) < 5e-5);
        // Symmetric outcomes at p = 0.5 are equally likely: both count.
        QCOMPARE(binomialTestTwoSided(25, 50), 1.0);
        QVERIFY(std::abs(binomialTestTwoSided(15, 50) - binomialTestTwoSided(35, 50)) < 1e-12);
        QCOMPARE(binomialTestTwoSided(0, 10, 0.0), 1.0);
        QCOMPARE(binomialTestTwoSided(3, 10, 0.0), 0.0);
    }

    void fisherMatchesPublishedExamples()
    {
        // Fisher's lady tasting tea, [[3, 1], [1, 3]]: two-sided p = 0.4857
        QVERIFY(std::abs(fisherExactTwoSided(3, 1, 1, 3) - 0.485714) < 1e-6);
        // Dieting by sex, [[1, 9], [11, 3]]: two-sided p = 0.002759
        QVERIFY(std::abs(fisherExactTwoSided(1, 9, 11, 3) - 0.002759) < 1e-6);
        // Transposing the table or swapping its rows changes nothing.
        QVERIFY(std::abs(fisherExactTwoSided(1, 11, 9, 3) - 0.002759) < 1e-6);
        QVERIFY(std::abs(fisherExactTwoSided(11, 3, 1, 9) - 0.002759) < 1e-6);
        // A reader who calls everything "real": no association, p = 1.
        QCOMPARE(fisherExactTwoSided(25, 0, 25, 0), 1.0);
    }

    void cohensKappaMatchesTheWorkedExample()
    {
        // 50 applications read by two readers: yes/yes 20, yes/no 5, no/yes 10, no/no 15;
        // p_o = 0.7, p_e = 0.5, kappa = 0.4.
        QVERIFY(std::abs(cohensKappa({{20, 5}, {10, 15}}) - 0.4) < 1e-12);
        QVERIFY(std::abs(cohensKappa({{25, 0}, {0, 25}}) - 1.0) < 1e-12);
        QVERIFY(std::isnan(cohensKappa({{50, 0}, {0, 0}}))); // chance agreement 1
    }

    void fleissKappaMatchesFleiss1971()
    {
        // 10 subjects, 14 raters, 5 categories: P = 0.378, P_e = 0.213, kappa = 0.210.
        const std::vector<std::vector<int>> counts{{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6},
            {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1}, {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0},
            {0, 2, 2, 3, 7}};
        const double kappa = fleissKappa(counts);
        QVERIFY2(std::abs(kappa - 0.210) < 5e-4, qPrintable(QString::number(kappa, 'f', 4)));
        // Two raters: Fleiss' kappa is Scott's pi; on a symmetric table it equals Cohen's kappa.
        QVERIFY(std::abs(fleissKappa({{2, 0}, {2, 0}, {0, 2}, {0, 2}, {1, 1}, {1, 1}})
                         - cohensKappa({{2, 1}, {1, 2}})) < 1e-12);
        QVERIFY(std::isnan(fleissKappa({{2, 0}, {1, 0}}))); // unequal numbers of raters
        QVERIFY(std::isnan(fleissKappa({})));
    }
};

QTEST_GUILESS_MAIN(TestReaderStatistics)
#include "tst_readerstatistics.moc"
