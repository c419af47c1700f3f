#include "studies/readerdraw.h"

#include <QtTest>

#include <algorithm>
#include <set>

using namespace tr::studies;

namespace {
std::set<std::pair<bool, int>> asSet(const std::vector<DrawnImage>& images)
{
    std::set<std::pair<bool, int>> out;
    for (const auto& i : images)
        out.insert({i.created, i.index});
    return out;
}
} // namespace

class TestReaderDraw : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The paper's protocol over 300 readers: 50 images, 20-30 of them created
    // (every count in that range occurs), no repeats, 10 training cases (5 and 5)
    // none of which is in the reader's main block.
    void papersProtocol()
    {
        const DrawDesign design;
        std::vector<int> seen(51, 0);
        for (std::uint64_t reader = 1; reader <= 300; ++reader) {
            const auto draw = drawForReader(design, 400, 400, 77, reader);
            QVERIFY(draw.ok());
            QCOMPARE(int(draw->main.size()), 50);
            QVERIFY(draw->createdCount >= 20 && draw->createdCount <= 30);
            QCOMPARE(int(std::count_if(draw->main.begin(), draw->main.end(), [](auto& i) { return i.created; })),
                draw->createdCount);
            const auto main = asSet(draw->main), training = asSet(draw->training);
            QCOMPARE(main.size(), std::size_t{50}); // no repeats
            QCOMPARE(training.size(), std::size_t{10});
            QCOMPARE(int(std::count_if(draw->training.begin(), draw->training.end(), [](auto& i) { return i.created; })), 5);
            for (const auto& t : training)
                QVERIFY(!main.count(t));
            for (const auto& i : draw->main)
                QVERIFY(i.index >= 0 && i.index < 400);
            ++seen[std::size_t(draw->createdCount)];
        }
        for (int count = 20; count <= 30; ++count)
            QVERIFY2(seen[std::size_t(count)] >= 10, qPrintable(QStringLiteral("%1 created: %2 of 300 readers")
                                                           .arg(count).arg(seen[std::size_t(count)])));
    }

    void sameSeedsSameDrawOtherReaderOtherDraw()
    {
        const DrawDesign design;
        const auto a = drawForReader(design, 100, 100, 5, 11), b = drawForReader(design, 100, 100, 5, 11);
        const auto c = drawForReader(design, 100, 100, 5, 12);
        QVERIFY(a.ok() && b.ok() && c.ok());
        QVERIFY(a->main == b->main && a->training == b->training && a->createdCount == b->createdCount);
        QVERIFY(a->main != c->main);
        // Pinned: a stored seed must give this very draw on every platform and release.
        QCOMPARE(a->createdCount, 26);
        QCOMPARE(a->main.front().created, true);
        QCOMPARE(a->main.front().index, 23);
    }

    // Same set for every reader: the same images, each reader's own order.
    void sameSetForEveryReader()
    {
        DrawDesign design;
        design.sameSetForEveryReader = true;
        const auto a = drawForReader(design, 100, 100, 5, 11), b = drawForReader(design, 100, 100, 5, 12);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->createdCount, b->createdCount);
        QVERIFY(asSet(a->main) == asSet(b->main));
        QVERIFY(asSet(a->training) == asSet(b->training));
        QVERIFY(a->main != b->main);
    }

    void badDesignsAndSmallPoolsAreNamed()
    {
        DrawDesign design;
        auto small = drawForReader(design, 400, 32, 1, 1); // needs 30 + 5 created
        QVERIFY(!small.ok());
        QCOMPARE(small.error().subject, std::string("created images"));
        QVERIFY(small.error().message.find("has 32") != std::string::npos);
        QVERIFY(small.error().message.find("needs 35") != std::string::npos);
        auto fewReal = drawForReader(design, 34, 400, 1, 1); // needs 30 + 5 real
        QVERIFY(!fewReal.ok());
        QCOMPARE(fewReal.error().subject, std::string("real images"));
        QVERIFY(drawForReader(design, 35, 35, 1, 1).ok()); // exactly enough

        design.minimumCreatedShare = 0.7;
        QCOMPARE(drawForReader(design, 400, 400, 1, 1).error().subject, std::string("created share"));
        design = DrawDesign{};
        design.imagesPerReader = 10;
        design.minimumCreatedShare = 0.41;
        design.maximumCreatedShare = 0.43; // 4.1-4.3 of 10: no whole count
        const auto none = drawForReader(design, 400, 400, 1, 1);
        QVERIFY(!none.ok());
        QVERIFY(none.error().message.find("no whole number") != std::string::npos);
        design = DrawDesign{};
        design.imagesPerReader = 0;
        QCOMPARE(drawForReader(design, 400, 400, 1, 1).error().subject, std::string("images per reader"));
    }
};

QTEST_GUILESS_MAIN(TestReaderDraw)
#include "tst_readerdraw.moc"
