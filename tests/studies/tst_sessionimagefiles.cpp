// studies/sessionimagefiles.cpp: the files a reader receives for a reading on
// paper carry nothing of the source. The fixture's created images are
// patterned and compress far better than real slices, so their stored PNGs
// differ in size; the files written for a reader must not: a size threshold
// may classify no better than always saying the larger class (at most 60 %
// with the paper's 40-60 % created), names are positions, and pixels survive.
#include "studyfixture.h"

#include "studies/readersession.h"
#include "studies/sessionimagefiles.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QtTest>

#include <algorithm>

using namespace tr;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

// The best accuracy any threshold on file size reaches (either direction).
double bestThresholdAccuracy(const std::vector<std::pair<qint64, bool>>& sizeCreated)
{
    double best = 0;
    for (const auto& [threshold, unused] : sizeCreated) {
        (void)unused;
        for (bool largerIsCreated : {true, false}) {
            int right = 0;
            for (const auto& [size, created] : sizeCreated)
                right += ((size >= threshold) == largerIsCreated) == created;
            best = std::max(best, double(right) / double(sizeCreated.size()));
        }
    }
    return best;
}

} // namespace

class TestSessionImageFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filesCarryNoSource()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir, {}, 80, 80);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        QVERIFY(holdCoordinatorKey(db));
        QVERIFY(addReader(db, {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), {}}).ok());
        auto session = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
        QVERIFY(session.ok());
        const QString folder = dir.filePath(QStringLiteral("paper"));
        const auto written = writeSessionImages(*session, folder);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().toString().c_str());
        QCOMPARE(written->size(), std::size_t{60});
        QCOMPARE(written->front(), QStringLiteral("T1.png"));
        QCOMPARE(written->back(), QStringLiteral("50.png"));

        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        QVERIFY(access.ok());
        const auto key = answerKey(db, *access, QStringLiteral("s"), QStringLiteral("NR1"));
        QVERIFY(key.ok());
        std::vector<std::pair<qint64, bool>> files, stored;
        const auto presentations = session->presentations();
        for (std::size_t i = 0; i < presentations.size(); ++i) {
            const QString file = QDir(folder).filePath(written->at(i));
            files.emplace_back(QFileInfo(file).size(), key->at(i).created);
            const auto png = session->png(presentations[i]);
            QVERIFY(png.ok());
            stored.emplace_back(png->size(), key->at(i).created);
            // The same pixels as stored.
            QCOMPARE(QImage(file).convertToFormat(QImage::Format_Grayscale8),
                QImage::fromData(*png, "PNG").convertToFormat(QImage::Format_Grayscale8));
        }
        // The stored PNGs do give the source away (what the files must not do) ...
        QVERIFY2(bestThresholdAccuracy(stored) > 0.9, qPrintable(QString::number(bestThresholdAccuracy(stored))));
        // ... the written files do not: one size for all, so no threshold beats the larger class.
        QVERIFY(std::all_of(files.begin(), files.end(), [&](const auto& f) { return f.first == files.front().first; }));
        QVERIFY2(bestThresholdAccuracy(files) <= 0.6, qPrintable(QString::number(bestThresholdAccuracy(files))));
    }
};

QTEST_MAIN(TestSessionImageFiles)
#include "tst_sessionimagefiles.moc"
