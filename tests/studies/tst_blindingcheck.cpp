// The blinding check (studies/blindingcheck.h): made with every study, it
// raises on pools that differ only in their air and on duplicates, passes on
// two draws of real slices, stops new sessions until the coordinator
// acknowledges it, and is printed with the acknowledgement in the study's
// report and the event log.
#include "studyfixture.h"

#include "studies/blindingcheck.h"
#include "studies/grayimage.h"
#include "studies/imagepool.h"
#include "studies/project.h"
#include "studies/readersession.h"
#include "studies/resultsexport.h"
#include "studies/study.h"
#include "studies/studyresults.h"

#include <QImage>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace tr;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

// The images of a pool as a created batch, each changed by `change`.
GeneratedBatch batchOf(ProjectDatabase& db, const QString& pool, const std::function<void(std::vector<std::uint8_t>&)>& change,
    const QString& leaveOutThoseOf = {})
{
    std::set<QByteArray> leaveOut;
    if (!leaveOutThoseOf.isEmpty())
        if (const auto others = poolImages(db, leaveOutThoseOf))
            for (const auto& image : *others)
                leaveOut.insert(image.png);
    GeneratedBatch batch;
    batch.modelSha256 = QString(64, QLatin1Char('a'));
    batch.modelDescription = QStringLiteral("the pool's own slices, changed");
    const auto images = poolImages(db, pool);
    if (!images)
        return batch;
    for (const auto& image : *images) {
        if (leaveOut.count(image.png))
            continue;
        const QImage decoded = QImage::fromData(image.png, "PNG");
        batch.resolution = decoded.width();
        core::CreatedImage c;
        c.pixels = greyPixels(decoded);
        change(c.pixels);
        c.seed = std::uint64_t(image.position);
        batch.images.push_back(std::move(c));
    }
    return batch;
}

// A study of 20 images (2 practice) of the real pool and `created`, and the
// blinding check made with it.
core::Result<std::optional<StoredBlindingCheck>> smallStudy(
    ProjectDatabase& db, const CoordinatorAccess& access, const QString& name, const QString& created)
{
    StudyDesign design;
    design.draw.imagesPerReader = 20;
    design.draw.trainingCases = 2;
    if (auto made = createStudy(db, access, name, QStringLiteral("real"), created, 5, design); !made)
        return made.error();
    return blindingCheck(db, name);
}

} // namespace

class TestBlindingCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_path = buildStudyProject(m_dir, {}, 200, 80);
        QVERIFY(!m_path.isEmpty());
        auto project = Project::open(m_path);
        QVERIFY(project);
        QVERIFY(holdCoordinatorKey(project->database()));
        RealPoolRequest other;
        other.name = QStringLiteral("real-again");
        other.count = 200;
        other.seed = 77;
        other.grid.matrix = 64;
        QVERIFY(addRealPool(*project, other));
        auto& db = project->database();
        // Only the air differs: every black pixel made grey 3 (faint, as a
        // generator's noise is), the head untouched.
        QVERIFY(addCreatedPool(*project, QStringLiteral("airy"), 1, batchOf(db, QStringLiteral("real-again"), [](auto& px) {
            for (auto& p : px)
                if (p == 0)
                    p = 3;
        })));
        // Two draws of one grid can share a slice (2 of 200 here): those are
        // left out, or the check would rightly raise them as duplicates.
        QVERIFY(addCreatedPool(*project, QStringLiteral("lookalike"), 1,
            batchOf(db, QStringLiteral("real-again"), [](auto&) {}, QStringLiteral("real"))));
        QVERIFY(addCreatedPool(*project, QStringLiteral("copies"), 1, batchOf(db, QStringLiteral("real"), [](auto&) {})));
    }

    void poolsThatDifferOnlyInTheirAirAreRaised()
    {
        auto project = Project::open(m_path);
        QVERIFY(project);
        QVERIFY(holdCoordinatorKey(project->database()));
        auto check = checkBlinding(project->database(), QStringLiteral("real"), QStringLiteral("airy"), 1);
        QVERIFY2(check, check ? "" : check.error().toString().c_str());
        QVERIFY(!check->passed());
        QVERIFY2(check->raised.join(QLatin1Char('\n')).contains(QStringLiteral("air: fraction above 0")),
            qPrintable(formatBlindingCheck(*check)));
        QCOMPARE(check->duplicatesAcross, 0);
        QCOMPARE(check->realImages, 200);
        QCOMPARE(check->createdImages, 200);
        QVERIFY(formatBlindingCheck(*check).contains(QStringLiteral("RAISED")));
    }

    void twoDrawsOfRealSlicesPass()
    {
        auto project = Project::open(m_path);
        QVERIFY(project);
        QVERIFY(holdCoordinatorKey(project->database()));
        auto check = checkBlinding(project->database(), QStringLiteral("real"), QStringLiteral("lookalike"), 1);
        QVERIFY2(check, check ? "" : check.error().toString().c_str());
        QVERIFY2(check->passed(), qPrintable(formatBlindingCheck(*check)));
        QVERIFY(check->cues.size() >= 5); // histogram, air x 2, texture, symmetry, PNG size
        for (const auto& cue : check->cues)
            QVERIFY2(cue.accuracy.accuracy <= kBlindingCueLimit, cue.name.c_str());
    }

    void copiesOfRealSlicesAreRaisedAsDuplicates()
    {
        auto project = Project::open(m_path);
        QVERIFY(project);
        QVERIFY(holdCoordinatorKey(project->database()));
        auto check = checkBlinding(project->database(), QStringLiteral("real"), QStringLiteral("copies"), 1);
        QVERIFY(check);
        QCOMPARE(check->duplicatesAcross, 200);
        QVERIFY(check->raised.front().contains(QStringLiteral("200 created images are real ones")));
    }

    // A big pool is checked on 1,000 of its images, drawn with the seed: the
    // same ones each time.
    void aBigPoolIsCheckedOnASeededThousand()
    {
        auto project = Project::open(m_path);
        QVERIFY(project);
        QVERIFY(holdCoordinatorKey(project->database()));
        QVERIFY(addCreatedPool(*project, QStringLiteral("big"), 1, patternedBatch(1100, 64)));
        auto first = checkBlinding(project->database(), QStringLiteral("real"), QStringLiteral("big"), 4);
        auto again = checkBlinding(project->database(), QStringLiteral("real"), QStringLiteral("big"), 4);
        QVERIFY2(first, first ? "" : first.error().toString().c_str());
        QVERIFY(again);
        QCOMPARE(first->createdImages, 1000);
        QCOMPARE(first->realImages, 200);
        QCOMPARE(formatBlindingCheck(*first), formatBlindingCheck(*again));
    }

    void aRaisedCheckStopsSessionsUntilAcknowledged()
    {
        auto project = Project::open(m_path);
        QVERIFY(project);
        auto& db = project->database();
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        QVERIFY(access);
        const auto stored = smallStudy(db, *access, QStringLiteral("air"), QStringLiteral("airy"));
        QVERIFY(stored && *stored);
        QVERIFY((*stored)->blocksSessions());
        QVERIFY(addReader(db, {0, QStringLiteral("B1"), {}, QStringLiteral("neuroradiologist"), 3}));
        auto refused = ReaderSession::open(db, QStringLiteral("air"), QStringLiteral("B1"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().subject, std::string("air"));
        QVERIFY2(refused.error().message.find("acknowledge") != std::string::npos, refused.error().message.c_str());
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM session s JOIN study t ON t.id = s.study_id WHERE t.name = 'air'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0); // nothing stored for the refused session

        auto empty = acknowledgeBlindingCheck(db, *access, QStringLiteral("air"), QStringLiteral("  "));
        QVERIFY(!empty);
        QCOMPARE(empty.error().subject, std::string("acknowledge"));
        auto acknowledged = acknowledgeBlindingCheck(db, *access, QStringLiteral("air"),
            QStringLiteral("a pilot of the protocol; the air is known"));
        QVERIFY2(acknowledged, acknowledged ? "" : acknowledged.error().toString().c_str());
        QVERIFY(!acknowledged->blocksSessions());
        auto session = ReaderSession::open(db, QStringLiteral("air"), QStringLiteral("B1"));
        QVERIFY2(session, session ? "" : session.error().toString().c_str());

        // In the log and in every report of the study.
        bool checked = false, acknowledgedLogged = false;
        const auto events = eventLog(db, QStringLiteral("air"));
        QVERIFY(events);
        for (const auto& e : *events) {
            checked = checked || (e.kind == QStringLiteral("blinding check") && e.detail.startsWith(QStringLiteral("raised")));
            acknowledgedLogged = acknowledgedLogged
                || (e.kind == QStringLiteral("blinding acknowledged") && e.detail.contains(QStringLiteral("pilot")));
        }
        QVERIFY(checked);
        QVERIFY(acknowledgedLogged);
        auto results = studyResults(db, *access, QStringLiteral("air"));
        QVERIFY2(results, results ? "" : results.error().toString().c_str());
        QVERIFY2(results->blinding.contains(QStringLiteral("a pilot of the protocol")), qPrintable(results->blinding));
        QVERIFY(results->blinding.contains(QStringLiteral("air: fraction above 0")));
        for (const auto format : {ResultsFormat::Markdown, ResultsFormat::Json}) {
            const QString text = QString::fromUtf8(renderResults(*results, format));
            QVERIFY2(text.contains(QStringLiteral("a pilot of the protocol")), qPrintable(text.left(3000)));
        }
    }

    void aPassedCheckLetsSessionsStart()
    {
        auto project = Project::open(m_path);
        QVERIFY(project);
        auto& db = project->database();
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        QVERIFY(access);
        const auto stored = smallStudy(db, *access, QStringLiteral("fair"), QStringLiteral("lookalike"));
        QVERIFY(stored && *stored);
        QVERIFY2((*stored)->raised.isEmpty(), qPrintable((*stored)->summary));
        QVERIFY(addReader(db, {0, QStringLiteral("F1"), {}, QStringLiteral("neuroradiologist"), 3}));
        QVERIFY(ReaderSession::open(db, QStringLiteral("fair"), QStringLiteral("F1")));
        QVERIFY(blindingSentence(**stored).contains(QStringLiteral("passed")));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TestBlindingCheck)
#include "tst_blindingcheck.moc"
