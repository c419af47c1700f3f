// The Figure 1B grid on a real study: half real, half created, drawn by seed
// (the same seed, the same figure), each letter's truth in the caption agrees
// with the pool the image came from, and the PNG and PDF are real files.
#include "studyfixture.h"

#include "studies/figuregrid.h"
#include "studies/imagepool.h"

#include <QRegularExpression>
#include <QtTest>

using namespace tr;
using namespace tr::studies;
using namespace tr::studies::testing;

class TestFigureGrid : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;

private Q_SLOTS:
    void initTestCase()
    {
        m_path = buildStudyProject(m_dir, {}, 40, 40);
        QVERIFY(!m_path.isEmpty());
    }

    void halfAndHalfWithTheKeyInTheCaption()
    {
        auto project = Project::open(m_path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        const auto grid = figureGrid(db, *access, QStringLiteral("s"), 12, 4, 3);
        QVERIFY2(grid.ok(), grid.ok() ? "" : grid.error().toString().c_str());
        QCOMPARE(grid->images.size(), std::size_t{12});
        int created = 0;
        QStringList realLetters, createdLetters;
        const auto realIds = poolImageIds(db, pool(db, QStringLiteral("real"))->id);
        const auto createdIds = poolImageIds(db, pool(db, QStringLiteral("created"))->id);
        for (std::size_t i = 0; i < grid->images.size(); ++i) {
            const FigureImage& f = grid->images[i];
            QCOMPARE(f.label, QString(QChar(u'a' + char16_t(i))));
            QCOMPARE(f.pool, f.created ? QStringLiteral("created") : QStringLiteral("real"));
            // The pixels are the stored image's, from the pool the caption names.
            const auto& ids = f.created ? *createdIds : *realIds;
            const QImage stored = QImage::fromData(*imagePng(db, ids[std::size_t(f.poolPosition)]), "PNG")
                                      .convertToFormat(QImage::Format_Grayscale8);
            QCOMPARE(f.image, stored);
            created += f.created;
            (f.created ? createdLetters : realLetters) << f.label;
        }
        QCOMPARE(created, 6);
        QVERIFY2(grid->caption.contains(QStringLiteral("Real (acquired): %1.").arg(realLetters.join(QStringLiteral(", ")))),
            qPrintable(grid->caption));
        QVERIFY(grid->caption.contains(QStringLiteral("Created by the generator: %1.").arg(createdLetters.join(QStringLiteral(", ")))));
        QVERIFY(grid->caption.contains(QStringLiteral("seed 3")));
        QVERIFY(grid->caption.contains(QStringLiteral("not chosen by hand")));

        // The same seed, the same figure; another seed, another.
        const auto again = figureGrid(db, *access, QStringLiteral("s"), 12, 4, 3);
        QCOMPARE(again->caption, grid->caption);
        QVERIFY(figureGrid(db, *access, QStringLiteral("s"), 12, 4, 4)->caption != grid->caption);
        // An odd count: one side gets the extra image.
        const auto odd = figureGrid(db, *access, QStringLiteral("s"), 9, 3, 5);
        const auto oddCreated = std::count_if(odd->images.begin(), odd->images.end(), [](const FigureImage& f) { return f.created; });
        QVERIFY(oddCreated == 4 || oddCreated == 5);

        // On paper: 64 px images at x4 in a 4 x 3 grid, the caption under it.
        const QImage png = renderFigure(*grid, 256);
        const int gap = 8;
        QCOMPARE(png.width(), 4 * 256 + 5 * gap);
        QVERIFY(png.height() > 3 * 256 + 4 * gap);
        QCOMPARE(qGray(png.pixel(png.width() / 2, png.height() - 5)), 255); // the caption's white band
        // The band is as tall as its text: the last inked row is at most a
        // margin and a line's descent above the bottom, not a blank band.
        const int gridBottom = 3 * 256 + 4 * gap;
        int lastInk = -1;
        for (int y = gridBottom; y < png.height(); ++y)
            for (int x = 0; x < png.width(); ++x)
                if (qGray(png.pixel(x, y)) < 128)
                    lastInk = y;
        QVERIFY2(lastInk > gridBottom, "the caption is drawn");
        QVERIFY2(png.height() - 1 - lastInk <= 3 * gap,
            qPrintable(QStringLiteral("%1 blank rows under the caption").arg(png.height() - 1 - lastInk)));
        const QByteArray pdf = figurePdf(*grid);
        QVERIFY(pdf.startsWith("%PDF-"));
    }

    void badRequestsAreNamed()
    {
        auto project = Project::open(m_path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        QCOMPARE(figureGrid(db, *access, QStringLiteral("s"), 27, 4, 1).error().subject, std::string("count"));
        QCOMPARE(figureGrid(db, *access, QStringLiteral("s"), 1, 1, 1).error().subject, std::string("count"));
        QCOMPARE(figureGrid(db, *access, QStringLiteral("s"), 12, 13, 1).error().subject, std::string("columns"));
        QCOMPARE(figureGrid(db, *access, QStringLiteral("nope"), 12, 4, 1).error().code, core::ErrorCode::NotFound);
        // Access to another project opens nothing here.
        QTemporaryDir other;
        const QString otherPath = buildStudyProject(other, {}, 40, 40);
        auto otherProject = Project::open(otherPath);
        QVERIFY2(otherProject.ok(), otherProject.ok() ? "" : otherProject.error().toString().c_str());
        auto otherAccess = unlockCoordinator(otherProject->database(), QString::fromLatin1(kPassphrase));
        QCOMPARE(figureGrid(db, *otherAccess, QStringLiteral("s"), 12, 4, 1).error().code, core::ErrorCode::PermissionDenied);
    }
};

QTEST_MAIN(TestFigureGrid)
#include "tst_figuregrid.moc"
