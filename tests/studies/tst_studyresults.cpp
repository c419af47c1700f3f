// The results tables from known verdicts (computeResults is pure): the paper's
// Table 1 for NR1 and NNR1, the statistics against values worked out
// independently, the two handlings of no-calls, groups, HYPE and agreement.
//
// Independent values: Wilson intervals, exact binomial and Fisher p-values
// were computed with Python's fractions and math.comb from their textbook
// definitions (Newcombe 1998, method 3; R's two-sided rule: sum of all outcomes
// no more likely than the observed, relative tolerance 1e-7), not with this code.
#include "studies/resultsexport.h"
#include "studies/studyresults.h"

#include <QtTest>

#include <cmath>

using namespace tr;
using namespace tr::studies;

namespace {

ReaderRecord readerOf(const QString& code, const QString& group)
{
    return {0, code, code, group, std::nullopt};
}

// `n` main-block verdicts of one reader: `right` of them correct.
void addVerdicts(std::vector<ResponseRow>& rows, const QString& reader, const QString& group, bool created, int n,
    int right, qint64 firstImage, qint64 responseMs = 3000)
{
    for (int i = 0; i < n; ++i) {
        ResponseRow r;
        r.readerCode = reader;
        r.readerGroup = group;
        r.sessionState = QStringLiteral("completed");
        r.block = Block::Main;
        r.position = int(rows.size()) + 1;
        r.imageId = firstImage + i;
        r.created = created;
        const bool correct = i < right;
        r.call = correct == created ? Call::Created : Call::Real;
        r.responseMs = responseMs;
        rows.push_back(r);
    }
}

StudyRecord studyWithSeed(quint64 seed)
{
    StudyRecord s;
    s.name = QStringLiteral("table-1");
    s.seed = seed;
    return s;
}

const TableRow& rowFor(const ResultsTable& t, const QString& label)
{
    return *std::find_if(t.rows.begin(), t.rows.end(), [&](const TableRow& r) { return r.label == label; });
}

} // namespace

class TestStudyResults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Table 1 gives rates: NR1 56/44/45/55, accuracy 0.55; NNR1 90/10/24/76,
    // 0.83. No 50-image session with 20-30 created gives those rounded rates
    // (a search of every count says so), so the smallest counts that do are
    // used: NR1 25 real (14 called real) and 40 created (18 called real);
    // NNR1 50 real (45) and 50 created (12).
    void reproducesPapersTable1()
    {
        std::vector<ResponseRow> rows;
        addVerdicts(rows, QStringLiteral("NR1"), QStringLiteral("neuroradiologist"), false, 25, 14, 0);
        addVerdicts(rows, QStringLiteral("NR1"), QStringLiteral("neuroradiologist"), true, 40, 22, 100);
        addVerdicts(rows, QStringLiteral("NNR1"), QStringLiteral("non-neuroradiologist"), false, 50, 45, 0);
        addVerdicts(rows, QStringLiteral("NNR1"), QStringLiteral("non-neuroradiologist"), true, 50, 38, 100);
        const auto results = computeResults(studyWithSeed(7),
            {readerOf(QStringLiteral("NR1"), QStringLiteral("neuroradiologist")),
                readerOf(QStringLiteral("NNR1"), QStringLiteral("non-neuroradiologist"))},
            rows);
        const auto printed = [](const TableRow& r) {
            return QStringList{percentText(r.sensitivity), percentText(r.fnRate), percentText(r.fpRate),
                percentText(r.specificity), proportionText(r.accuracy)};
        };
        const TableRow& nr1 = rowFor(results.excluded, QStringLiteral("NR1"));
        const TableRow& nnr1 = rowFor(results.excluded, QStringLiteral("NNR1"));
        QCOMPARE(printed(nr1), (QStringList{"56", "44", "45", "55", "0.55"}));
        QCOMPARE(printed(nnr1), (QStringList{"90", "10", "24", "76", "0.83"}));
        QCOMPARE((std::array{nr1.tp, nr1.fn, nr1.fp, nr1.tn}), (std::array{14, 11, 18, 22}));
        QCOMPARE((std::array{nnr1.tp, nnr1.fn, nnr1.fp, nnr1.tn}), (std::array{45, 5, 12, 38}));

        // Statistics of NNR1 (83 of 100 right) and NR1 (36 of 65), independently computed.
        QCOMPARE(nnr1.accuracy, 0.83);
        QVERIFY(std::abs(nnr1.accuracyCi.lower - 0.7445199523239887) < 1e-12);
        QVERIFY(std::abs(nnr1.accuracyCi.upper - 0.8910643388594006) < 1e-12);
        QVERIFY(std::abs(nnr1.sensitivityCi.lower - 0.7863976856252035) < 1e-12);
        QVERIFY(std::abs(nnr1.specificityCi.upper - 0.8570260860300828) < 1e-12);
        QVERIFY(std::abs(nnr1.binomialP / 1.309799865007022e-11 - 1) < 1e-9);
        QVERIFY(std::abs(nnr1.fisherP / 1.3958442877710785e-11 - 1) < 1e-9);
        QVERIFY(std::abs(nr1.accuracyCi.lower - 0.43337818677803974) < 1e-12);
        QVERIFY(std::abs(nr1.binomialP - 0.45702078541058994) < 1e-12);
        QVERIFY(std::abs(nr1.fisherP - 0.4501699303297356) < 1e-12);
        QCOMPARE(nnr1.balancedAccuracy, (0.9 + 0.76) / 2);
        QCOMPARE(nnr1.meanResponseMs, 3000.0);

        // Groups and the overall row pool the counts.
        const TableRow& all = rowFor(results.excluded, QStringLiteral("all readers"));
        QCOMPARE((std::array{all.tp, all.fn, all.fp, all.tn, all.readers}), (std::array{59, 16, 30, 60, 2}));
        QCOMPARE(rowFor(results.excluded, QStringLiteral("neuroradiologist")).tp, 14);
        QCOMPARE(results.excluded.hype, 46.0 / 165.0);
    }

    // No-calls both ways: excluded from N, or counted as wrong (real -> FN,
    // created -> FP). Training rows and unfinished sessions never count.
    void noCallsAreHandledBothWays()
    {
        std::vector<ResponseRow> rows;
        addVerdicts(rows, QStringLiteral("R1"), QStringLiteral("g"), false, 10, 8, 0);
        addVerdicts(rows, QStringLiteral("R1"), QStringLiteral("g"), true, 10, 6, 100);
        rows[0].call = Call::Unknown;  // a real image the reader called right before... now unknown
        rows[10].call = Call::Timeout; // a created image
        rows[10].responseMs = 10000;
        ResponseRow training = rows[1];
        training.block = Block::Training;
        rows.push_back(training);
        ResponseRow unfinished = rows[1];
        unfinished.readerCode = QStringLiteral("R2");
        unfinished.sessionState = QStringLiteral("main");
        rows.push_back(unfinished);
        const auto results = computeResults(studyWithSeed(1),
            {readerOf(QStringLiteral("R1"), QStringLiteral("g")), readerOf(QStringLiteral("R2"), QStringLiteral("g"))},
            rows);
        const TableRow& ex = rowFor(results.excluded, QStringLiteral("R1"));
        const TableRow& wrong = rowFor(results.countedWrong, QStringLiteral("R1"));
        QCOMPARE((std::array{ex.tp, ex.fn, ex.fp, ex.tn, ex.images}), (std::array{7, 2, 4, 5, 18}));
        QCOMPARE((std::array{wrong.tp, wrong.fn, wrong.fp, wrong.tn, wrong.images}), (std::array{7, 3, 5, 5, 20}));
        QCOMPARE((std::array{ex.unknown, ex.timeouts}), (std::array{1, 1}));
        QCOMPARE(ex.accuracy, 12.0 / 18.0);
        QCOMPARE(wrong.accuracy, 12.0 / 20.0);
        QCOMPARE(ex.meanResponseMs, 3000.0); // the timeout's 10 s are left out
        QCOMPARE(results.readers.size(), std::size_t{1}); // R2 has not finished
    }

    // HYPE's bootstrap is reproducible from the study's seed, brackets the
    // estimate, and narrows with more readers.
    void hypeBootstrap()
    {
        std::vector<ResponseRow> few, many;
        std::vector<ReaderRecord> fewReaders, manyReaders;
        for (int r = 0; r < 40; ++r) {
            const QString code = QStringLiteral("R%1").arg(r);
            auto& target = r < 4 ? few : many;
            addVerdicts(target, code, QStringLiteral("g"), false, 25, 10 + r % 7, 0);
            addVerdicts(target, code, QStringLiteral("g"), true, 25, 12 + r % 5, 100);
            (r < 4 ? fewReaders : manyReaders).push_back(readerOf(code, QStringLiteral("g")));
        }
        const auto a = computeResults(studyWithSeed(9), fewReaders, few);
        const auto b = computeResults(studyWithSeed(9), fewReaders, few);
        QCOMPARE(a.excluded.hypeCi.lower, b.excluded.hypeCi.lower);
        QCOMPARE(a.excluded.hypeCi.upper, b.excluded.hypeCi.upper);
        QVERIFY(a.excluded.hypeCi.lower < a.excluded.hype && a.excluded.hype < a.excluded.hypeCi.upper);
        const auto m = computeResults(studyWithSeed(9), manyReaders, many);
        QVERIFY(m.excluded.hypeCi.upper - m.excluded.hypeCi.lower
            < a.excluded.hypeCi.upper - a.excluded.hypeCi.lower);
    }

    // Agreement on a shared set, against kappas worked out by hand:
    // R1 and R2 agree on 8 of 10 images (4 both created, 4 both real; 2 split
    // 1/1): p_o = 0.8, p_e = 0.5, Cohen's kappa = 0.6.
    void agreementOnSharedImages()
    {
        std::vector<ResponseRow> rows;
        const auto add = [&](const QString& reader, const std::vector<int>& createdCalls) {
            for (std::size_t i = 0; i < createdCalls.size(); ++i) {
                ResponseRow r;
                r.readerCode = reader;
                r.sessionState = QStringLiteral("completed");
                r.imageId = qint64(i);
                r.created = i % 2 == 0;
                r.call = createdCalls[i] ? Call::Created : Call::Real;
                rows.push_back(r);
            }
        };
        add(QStringLiteral("R1"), {1, 1, 1, 1, 0, 0, 0, 0, 1, 0});
        add(QStringLiteral("R2"), {1, 1, 1, 1, 0, 0, 0, 0, 0, 1});
        const auto results = computeResults(studyWithSeed(2),
            {readerOf(QStringLiteral("R1"), QStringLiteral("g")), readerOf(QStringLiteral("R2"), QStringLiteral("g"))},
            rows);
        QCOMPARE(results.agreement.pairs.size(), std::size_t{1});
        QCOMPARE(results.agreement.pairs[0].images, 10);
        QVERIFY(std::abs(results.agreement.pairs[0].kappa - 0.6) < 1e-12);
        QCOMPARE(results.agreement.images, 10);
        // Fleiss' kappa for two raters with equal marginals: p_o 0.8, p_e 0.5 -> 0.6.
        QVERIFY(results.agreement.fleiss && std::abs(*results.agreement.fleiss - 0.6) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestStudyResults)
#include "tst_studyresults.moc"
