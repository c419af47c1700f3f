// The Van Dyke data (../shared/data/mrmc/VD.lrc, from RJafroc) read through
// readLrc and analysed by orAnalysis: RJafroc's published Obuchowski-Rockette
// analysis (empirical AUC, jackknife covariances), to the printed digits.
#include "core/lrcfile.h"
#include "core/mrmcanalysis.h"

#include <QTest>

#include <cmath>
#include <fstream>

using namespace tr::core;

namespace {

bool printedAs(double value, double expected, int decimals)
{
    return std::fabs(value - expected) <= 0.5 * std::pow(10.0, -decimals) + 1e-12;
}

#define QCOMPARE_PRINTED(value, expected, decimals)                                                             \
    QVERIFY2(printedAs((value), (expected), (decimals)),                                                        \
        qPrintable(QStringLiteral("%1 is %2, not %3").arg(QLatin1String(#value)).arg((value), 0, 'g', 10).arg(expected)))

} // namespace

class TestMrmcVanDyke : public QObject {
    Q_OBJECT
    RatingTable m_table;

private Q_SLOTS:
    void initTestCase()
    {
        const std::string path = TR_SHARED_DATA_DIR "/mrmc/VD.lrc";
        std::ifstream in(path);
        QVERIFY2(in, path.c_str());
        auto table = readLrc(in, path);
        QVERIFY2(table.ok(), table.ok() ? "" : table.error().toString().c_str());
        m_table = std::move(*table);
        QCOMPARE(m_table.tests, (std::vector<std::string>{"0", "1"}));
        QCOMPARE(m_table.readers.size(), std::size_t(5));
        QCOMPARE(m_table.normalCount, 69);
        QCOMPARE(m_table.abnormalCount, 45);
    }

    void aucPerReader()
    {
        const auto a = orAnalysis(m_table);
        const double expected[2][5] = {{0.9196, 0.8588, 0.9039, 0.9731, 0.8298}, {0.9478, 0.9053, 0.9217, 0.9994, 0.9300}};
        for (int t = 0; t < 2; ++t)
            for (int r = 0; r < 5; ++r)
                QCOMPARE_PRINTED(a.auc[t][r], expected[t][r], 4);
        QCOMPARE_PRINTED(a.testMeans[0], 0.8970, 4);
        QCOMPARE_PRINTED(a.testMeans[1], 0.9408, 4);
    }

    void orComponentsAndMeanSquares()
    {
        const auto a = orAnalysis(m_table);
        QCOMPARE_PRINTED(a.components.var, 0.0008023, 7);
        QCOMPARE_PRINTED(a.components.cov1, 0.0003466, 7);
        QCOMPARE_PRINTED(a.components.cov2, 0.0003441, 7);
        QCOMPARE_PRINTED(a.components.cov3, 0.0002390, 7);
        QCOMPARE_PRINTED(a.msT, 0.004796, 6);
        QCOMPARE_PRINTED(a.msTR, 0.000551, 6);
    }

    void randomReadersAndCases()
    {
        const auto a = orAnalysis(m_table);
        QCOMPARE_PRINTED(a.randomAll.statistic, 4.456, 3);
        QCOMPARE_PRINTED(a.randomAll.df2, 15.26, 2);
        QCOMPARE_PRINTED(a.randomAll.p, 0.05167, 5);
        QCOMPARE(a.randomAllDifferences.size(), std::size_t(1));
        QCOMPARE_PRINTED(a.randomAllDifferences[0].estimate, -0.0438, 4);
        QCOMPARE_PRINTED(a.randomAllDifferences[0].lower, -0.0880, 4);
        QCOMPARE_PRINTED(a.randomAllDifferences[0].upper, 0.000359, 6);
    }

    void eachModalityAlone()
    {
        const auto a = orAnalysis(m_table);
        QCOMPARE_PRINTED(a.singleTest[0].estimate, 0.8970, 4);
        QCOMPARE_PRINTED(a.singleTest[0].standardError, 0.03317, 5);
        QCOMPARE_PRINTED(a.singleTest[0].df, 12.74, 2);
        QCOMPARE_PRINTED(a.singleTest[0].lower, 0.8252, 4);
        QCOMPARE_PRINTED(a.singleTest[0].upper, 0.9689, 4);
        QCOMPARE_PRINTED(a.singleTest[1].estimate, 0.9408, 4);
        QCOMPARE_PRINTED(a.singleTest[1].standardError, 0.02157, 5);
        QCOMPARE_PRINTED(a.singleTest[1].df, 12.71, 2);
        QCOMPARE_PRINTED(a.singleTest[1].lower, 0.8941, 4);
        QCOMPARE_PRINTED(a.singleTest[1].upper, 0.9875, 4);
    }

    void fixedReaders()
    {
        const auto a = orAnalysis(m_table);
        QCOMPARE_PRINTED(a.fixedReaders.statistic, 5.476, 3);
        QCOMPARE_PRINTED(a.fixedReaders.p, 0.01928, 5);
    }
};

QTEST_GUILESS_MAIN(TestMrmcVanDyke)
#include "tst_mrmcvandyke.moc"
