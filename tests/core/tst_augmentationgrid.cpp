#include "core/augmentationgrid.h"

#include <QtTest>

using namespace tr::core;

class TestAugmentationGrid : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paperDefaultsGive48510ImagesPerVolume()
    {
        const AugmentationGrid grid;
        QVERIFY2(grid.valid(), grid.problems().empty() ? "" : grid.problems().front().c_str());
        QCOMPARE(grid.leftRight.count(), 21);
        QCOMPARE(grid.anteriorPosterior.count(), 21);
        QCOMPARE(grid.cranioCaudal.count(), 11);
        QCOMPARE(grid.orientationCount(), std::size_t{4851});
        QCOMPARE(grid.count(), std::size_t{48510});
        QCOMPARE(grid.matrix, 256);
        QCOMPARE(grid.pixelSizeMm(), 240.0 / 256.0);
    }

    void enumerationEndsAndFlipNeighbours()
    {
        const AugmentationGrid grid;
        const auto first = grid.sample(0);
        QCOMPARE(first.leftRightDeg, -10.0);
        QCOMPARE(first.anteriorPosteriorDeg, -10.0);
        QCOMPARE(first.cranioCaudalDeg, -5.0);
        QCOMPARE(first.offsetMm, -4.0);
        QVERIFY(!first.flipped);
        const auto second = grid.sample(1);
        QVERIFY(second.flipped);
        QCOMPARE(second.offsetMm, -4.0);
        QCOMPARE(grid.sample(2).offsetMm, -2.0);
        const auto last = grid.sample(grid.count() - 1);
        QCOMPARE(last.leftRightDeg, 10.0);
        QCOMPARE(last.anteriorPosteriorDeg, 10.0);
        QCOMPARE(last.cranioCaudalDeg, 5.0);
        QCOMPARE(last.offsetMm, 4.0);
        QVERIFY(last.flipped);
        // The unrotated centre section: every angle 0, offset 0.
        const auto centre = grid.sample(grid.index(10, 10, 5, 2, false));
        QCOMPARE(centre.leftRightDeg, 0.0);
        QCOMPARE(centre.anteriorPosteriorDeg, 0.0);
        QCOMPARE(centre.cranioCaudalDeg, 0.0);
        QCOMPARE(centre.offsetMm, 0.0);
    }

    void indexRoundTripsOverTheWholeDefaultSet()
    {
        const AugmentationGrid grid;
        std::vector<bool> seen(grid.count(), false);
        for (std::size_t i = 0; i < grid.count(); ++i) {
            const auto s = grid.sample(i);
            const auto back = grid.index(s);
            if (back != i)
                QFAIL(qPrintable(QStringLiteral("index %1 came back as %2").arg(i).arg(back)));
            seen[back] = true;
        }
        QVERIFY(std::all_of(seen.begin(), seen.end(), [](bool b) { return b; }));
    }

    void indexRoundTripsWithoutFlipAndOddGrid()
    {
        AugmentationGrid grid;
        grid.leftRight = {-3, 3, 1.5};
        grid.anteriorPosterior = {0, 0, 1};
        grid.cranioCaudal = {-2, 2, 2};
        grid.offsetsMm = {-1, 1, 3};
        grid.flip = false;
        QVERIFY(grid.valid());
        QCOMPARE(grid.count(), std::size_t{5 * 1 * 3 * 3});
        for (std::size_t i = 0; i < grid.count(); ++i) {
            QCOMPARE(grid.index(grid.sample(i)), i);
            QVERIFY(!grid.sample(i).flipped);
        }
        QCOMPARE(grid.sample(grid.count() - 1).leftRightDeg, 3.0);
    }

    void textRoundTrip()
    {
        const AugmentationGrid grid;
        QCOMPARE(QString::fromStdString(grid.toString()),
            QStringLiteral("lr=-10:10:1 ap=-10:10:1 cc=-5:5:1 offsets=-4,-2,0,2,4 flip=1 matrix=256 fov=240"));
        AugmentationGrid other;
        other.leftRight = {-2.5, 2.5, 0.5};
        other.offsetsMm = {0};
        other.flip = false;
        other.matrix = 64;
        other.fieldOfViewMm = 220;
        const auto parsed = AugmentationGrid::fromString(other.toString());
        QVERIFY(parsed.ok());
        QVERIFY(*parsed == other);
        // Keys left out keep the paper's defaults.
        const auto partial = AugmentationGrid::fromString("matrix=128");
        QVERIFY(partial.ok());
        QCOMPARE(partial->matrix, 128);
        QCOMPARE(partial->count(), std::size_t{48510});
    }

    void badTextNamesTheField_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field");
        QTest::newRow("reversed range") << "lr=10:-10:1" << "lr";
        QTest::newRow("zero step") << "cc=-5:5:0" << "cc";
        QTest::newRow("uneven step") << "ap=-10:10:3" << "ap";
        QTest::newRow("not a range") << "ap=-10..10" << "ap";
        QTest::newRow("beyond 90 degrees") << "lr=-120:120:1" << "lr";
        QTest::newRow("no offsets") << "offsets=" << "offsets";
        QTest::newRow("offset text") << "offsets=0,two" << "offsets";
        QTest::newRow("flip word") << "flip=yes" << "flip";
        QTest::newRow("matrix word") << "matrix=big" << "matrix";
        QTest::newRow("matrix too small") << "matrix=4" << "matrix";
        QTest::newRow("fov zero") << "fov=0" << "fov";
        QTest::newRow("unknown key") << "angles=3" << "angles";
        QTest::newRow("no equals") << "matrix" << "matrix";
    }
    void badTextNamesTheField()
    {
        QFETCH(QString, text);
        QFETCH(QString, field);
        const auto parsed = AugmentationGrid::fromString(text.toStdString());
        QVERIFY(!parsed.ok());
        const auto message = QString::fromStdString(parsed.error().toString());
        QVERIFY2(message.contains(field), qPrintable(message));
        QCOMPARE(parsed.error().code, ErrorCode::InvalidArgument);
    }
};

QTEST_APPLESS_MAIN(TestAugmentationGrid)
#include "tst_augmentationgrid.moc"
