// Sealed reading packages (issue 16, part 5) against a real project (a file,
// or the test server in the _postgres variant): the package holds no truth;
// the study engine runs the sitting from it, resumes it, and the answers merge
// back once, exactly as given; a tampered, foreign, replaced or merged package
// is refused with nothing written; while a package is out the project does
// not run the same sitting.
#include "studyfixture.h"

#include <QtTest>

#include "studies/readersession.h"
#include "studies/readingpackage.h"
#include "studies/studyresults.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <functional>

using namespace tr;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

const QString kStudy = QStringLiteral("s");
const QString kReader = QStringLiteral("NR1");

int countRows(ProjectDatabase& db, const QString& sql)
{
    QSqlQuery q(db.db());
    return q.exec(sql) && q.next() ? q.value(0).toInt() : -1;
}

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Changes a copy of a package the way someone with sqlite3 would: the
// package's triggers dropped first, since they are in the file too.
bool tamper(const QString& path, const QStringList& statements)
{
    const QString name = QUuid::createUuid().toString();
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        QStringList triggers;
        if (ok && q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            while (q.next())
                triggers << q.value(0).toString();
        for (const QString& t : triggers)
            ok = ok && q.exec(QStringLiteral("DROP TRIGGER ") + t);
        for (const QString& s : statements)
            if (ok && !q.exec(s)) {
                qWarning("%s: %s", qPrintable(s), qPrintable(q.lastError().text()));
                ok = false;
            }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

// Answers a package's whole sitting through the study engine: training cases
// alternating real/created, main images real on odd positions.
std::vector<Call> answerPackage(const QString& package, int mainToAnswer = 50)
{
    std::vector<Call> given;
    auto db = ProjectDatabase::open(package);
    if (!db || !db->readingPackage())
        return given;
    auto session = ReaderSession::open(*db, kStudy, kReader);
    if (!session)
        return given;
    while (const auto current = session->current()) {
        if (current->block == Block::Main && session->answered(Block::Main) >= mainToAnswer)
            break;
        const Call call = current->position % 2 ? Call::Real : Call::Created;
        if (!session->answer(called(call)))
            return {};
        given.push_back(call);
    }
    return given;
}

} // namespace

class TestReadingPackage : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_project;
    int m_packages = 0;

    QString packagePath() { return m_dir.filePath(QStringLiteral("NR1-%1.trpackage").arg(++m_packages)); }

    // A project with one reader; `fresh` gives a project of its own.
    QString project(const QString& name)
    {
        QTemporaryDir* dir = new QTemporaryDir; // lives as long as the test program
        const QString path = buildStudyProject(*dir);
        if (path.isEmpty())
            return {};
        auto opened = Project::open(path);
        if (!opened || !addReader(opened->database(), {0, kReader, name, QStringLiteral("neuroradiologist"), 12}))
            return {};
        return path;
    }

    // Runs `work` as the coordinator of the project at `projectPath`.
    template <typename T>
    static core::Result<T> asCoordinator(const QString& projectPath,
        const std::function<core::Result<T>(ProjectDatabase&, const CoordinatorAccess&)>& work)
    {
        auto p = Project::open(projectPath);
        if (!p)
            return p.error();
        auto access = unlockCoordinator(p->database(), QString::fromLatin1(kPassphrase));
        if (!access)
            return access.error();
        return work(p->database(), *access);
    }

    core::Result<PackageMade> make(const QString& projectPath, const QString& out, bool replace = false)
    {
        return asCoordinator<PackageMade>(projectPath, [&](ProjectDatabase& db, const CoordinatorAccess& access) {
            return makeReadingPackage(db, access, kStudy, kReader, out, replace);
        });
    }

    core::Result<PackageMerged> merge(const QString& projectPath, const QString& package)
    {
        return asCoordinator<PackageMerged>(projectPath, [&](ProjectDatabase& db, const CoordinatorAccess& access) {
            return mergeReadingPackage(db, access, package);
        });
    }

    int verdicts(const QString& projectPath)
    {
        auto p = Project::open(projectPath);
        return p ? countRows(p->database(), QStringLiteral("SELECT count(*) FROM verdict")) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_project = project(QStringLiteral("Reader One"));
        QVERIFY(!m_project.isEmpty());
    }

    // The package has the design and the pixels; nothing that names a pool,
    // an image's source, a seed or the key; practice cases carry the feedback.
    void packageHoldsNoTruth()
    {
        const QString package = packagePath();
        auto made = make(m_project, package);
        QVERIFY2(made.ok(), made.ok() ? "" : made.error().toString().c_str());
        QCOMPARE(made->trainingCount, 10);
        QCOMPARE(made->mainCount, 50);
        QVERIFY(isReadingPackage(package));
        QVERIFY(!isReadingPackage(m_project));
        QVERIFY(!QFile::exists(package + QStringLiteral(".part")));

        // What the project knows and the package must not say.
        QStringList secrets;
        {
            auto p = Project::open(m_project);
            QVERIFY(p.ok());
            QSqlQuery q(p->database().db());
            QVERIFY(q.exec(QStringLiteral("SELECT seed FROM session")));
            QVERIFY(q.next());
            secrets << q.value(0).toString(); // the study's seed (42) is too short to look for
            QVERIFY(q.exec(QStringLiteral("SELECT weights_sha256 FROM model")) && q.next());
            secrets << q.value(0).toString();
            QVERIFY(q.exec(QStringLiteral("SELECT recipe FROM image_pool")));
            while (q.next())
                secrets << q.value(0).toString();
            QVERIFY(q.exec(QStringLiteral("SELECT value FROM setting WHERE key = 'package_seal_key'")) && q.next());
            secrets << q.value(0).toString();
            QVERIFY(q.exec(QStringLiteral("SELECT value FROM setting WHERE key = 'coordinator_passphrase'")) && q.next());
            secrets << q.value(0).toString().section(QLatin1Char('$'), 3); // the hash
            QCOMPARE(secrets.size(), 6);
        }
        const QByteArray bytes = fileBytes(package);
        QVERIFY(bytes.size() > 50 * 100);
        for (const QString& secret : secrets) {
            QVERIFY(secret.size() >= 6);
            QVERIFY2(!bytes.contains(secret.toUtf8()), qPrintable(secret));
        }
        // Its tables and columns: presentations and pixels, the design; no image id, pool or source.
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        raw.setDatabaseName(package);
        QVERIFY(raw.open());
        {
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")));
            QStringList tables;
            while (q.next())
                tables << q.value(0).toString();
            QCOMPARE(tables, (QStringList{QStringLiteral("answer"), QStringLiteral("event"), QStringLiteral("item"),
                                 QStringLiteral("package"), QStringLiteral("sitting")}));
            for (const QString& table : tables)
                for (const QString& forbidden : {QStringLiteral("pool"), QStringLiteral("seed"), QStringLiteral("image_id"),
                         QStringLiteral("volume"), QStringLiteral("latent"), QStringLiteral("created_count")}) {
                    QSqlQuery columns(raw);
                    QVERIFY(columns.exec(QStringLiteral("SELECT count(*) FROM pragma_table_info('%1') WHERE name LIKE '%%2%'")
                                             .arg(table, forbidden)));
                    QVERIFY(columns.next());
                    QVERIFY2(columns.value(0).toInt() == 0, qPrintable(table + QLatin1Char('.') + forbidden));
                }
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM item WHERE block = 'main' AND practice_kind IS NOT NULL")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM item WHERE block = 'training' AND practice_kind IS NOT NULL")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 10);
        }
        raw.close();
        raw = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));

        // Opened as a project would be: a reader's view, no coordinator.
        auto db = ProjectDatabase::open(package);
        QVERIFY2(db.ok(), db.ok() ? "" : db.error().toString().c_str());
        QVERIFY(db->readingPackage());
        QVERIFY(db->readerLogin());
        const auto locked = unlockCoordinator(*db, QString::fromLatin1(kPassphrase));
        QVERIFY(!locked.ok());
        QVERIFY(QString::fromStdString(locked.error().message).contains(QStringLiteral("reading package")));
        // A second program on the same package is refused, naming the first.
        auto second = ProjectDatabase::open(package);
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, core::ErrorCode::Busy);
        QVERIFY(QString::fromStdString(second.error().message).contains(QStringLiteral("reading package is open")));

        // The package made here is the one out: recall it for the next test.
        auto p = Project::open(m_project);
        QVERIFY(p.ok());
        auto access = unlockCoordinator(p->database(), QString::fromLatin1(kPassphrase));
        QVERIFY(access.ok());
        QVERIFY(recallReadingPackage(p->database(), *access, kStudy, kReader, QStringLiteral("test")).ok());
    }

    // The sitting runs from the package: feedback as the key says, a resume
    // after the program closes, the state moving on; then the merge records
    // every answer once, as given, with the package's log, and a second merge
    // is refused.
    void sittingRunsFromThePackageAndMergesOnce()
    {
        const QString package = packagePath();
        auto made = make(m_project, package);
        QVERIFY2(made.ok(), made.ok() ? "" : made.error().toString().c_str());
        std::vector<KeyEntry> key;
        {
            auto p = Project::open(m_project);
            QVERIFY(p.ok());
            auto access = unlockCoordinator(p->database(), QString::fromLatin1(kPassphrase));
            QVERIFY(access.ok());
            auto k = answerKey(p->database(), *access, kStudy, kReader);
            QVERIFY(k.ok());
            key = *k;
            // While the package is out, the sitting does not run here too.
            auto here = ReaderSession::open(p->database(), kStudy, kReader);
            QVERIFY(!here.ok());
            QCOMPARE(here.error().code, core::ErrorCode::Busy);
            QVERIFY(QString::fromStdString(here.error().message).contains(QFileInfo(package).fileName()));
            // Nor is a second package made unless the first is replaced.
            auto twice = makeReadingPackage(p->database(), *access, kStudy, kReader, package + QStringLiteral("2"));
            QVERIFY(!twice.ok());
            QVERIFY(QString::fromStdString(twice.error().message).contains(QStringLiteral("--replace")));
        }
        std::vector<Call> given;
        {
            auto db = ProjectDatabase::open(package);
            QVERIFY(db.ok());
            auto session = ReaderSession::open(*db, kStudy, kReader);
            QVERIFY2(session.ok(), session.ok() ? "" : session.error().toString().c_str());
            QCOMPARE(session->count(Block::Training), 10);
            QCOMPARE(session->count(Block::Main), 50);
            QCOMPARE(session->study().design.timeLimitSeconds, 10);
            for (int i = 0; i < 30; ++i) {
                const Call call = i % 3 ? Call::Real : Call::Created;
                auto recorded = session->answer(called(call));
                QVERIFY2(recorded.ok(), recorded.ok() ? "" : recorded.error().toString().c_str());
                if (i < 10)
                    QCOMPARE(*recorded->trainingTruthIsCreated, key[std::size_t(i)].created);
                given.push_back(call);
            }
            // The design holds at the workstation as in the project.
            auto late = session->answer(called(Call::Real, 12000));
            QVERIFY(!late.ok());
        }
        {
            auto db = ProjectDatabase::open(package);
            QVERIFY(db.ok());
            auto session = ReaderSession::open(*db, kStudy, kReader);
            QVERIFY(session.ok());
            QCOMPARE(session->state(), SessionState::Main);
            QCOMPARE(session->answered(Block::Main), 20);
            while (session->current()) {
                const Call call = session->current()->position % 4 ? Call::Created : Call::Real;
                QVERIFY(session->answer(called(call)).ok());
                given.push_back(call);
            }
            QCOMPARE(session->state(), SessionState::Completed);
        }
        const auto info = readingPackageInfo(package);
        QVERIFY(info.ok());
        QCOMPARE(info->study, kStudy);
        QCOMPARE(info->readerCode, kReader);
        QCOMPARE(info->mainAnswered, 50);
        QCOMPARE(info->state, SessionState::Completed);

        QCOMPARE(verdicts(m_project), 0);
        auto merged = merge(m_project, package);
        QVERIFY2(merged.ok(), merged.ok() ? "" : merged.error().toString().c_str());
        QCOMPARE(merged->trainingAnswered, 10);
        QCOMPARE(merged->mainAnswered, 50);
        QCOMPARE(merged->state, SessionState::Completed);
        QVERIFY(merged->events >= 6); // opened, training, main, closed, opened, completed, closed
        {
            auto p = Project::open(m_project);
            QVERIFY(p.ok());
            auto& db = p->database();
            QSqlQuery q(db.db());
            QVERIFY(q.exec(QStringLiteral("SELECT v.verdict, v.response_ms FROM verdict v JOIN presentation pr ON "
                                          "pr.id = v.presentation_id ORDER BY pr.block = 'main', pr.position")));
            std::size_t i = 0;
            while (q.next()) {
                QVERIFY(i < given.size());
                QCOMPARE(q.value(0).toString(), callKey(given[i++]));
                QCOMPARE(q.value(1).toInt(), 2000);
            }
            QCOMPARE(i, std::size_t{60});
            QCOMPARE(countRows(db, QStringLiteral("SELECT count(*) FROM event WHERE detail LIKE '%[reading package]'")),
                merged->events);
            QCOMPARE(countRows(db, QStringLiteral("SELECT count(*) FROM session WHERE state = 'completed'")), 1);
            // The results count the merged sitting like any other.
            auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
            QVERIFY(access.ok());
            auto results = studyResults(db, *access, kStudy);
            QVERIFY2(results.ok(), results.ok() ? "" : results.error().toString().c_str());
            QCOMPARE(results->sessionsCompleted, 1);
            QVERIFY(!results->excluded.rows.empty());
            const auto& row = results->excluded.rows.front();
            QCOMPARE(row.label, kReader);
            QCOMPARE(row.tp + row.fn + row.fp + row.tn, 50);
        }
        auto again = merge(m_project, package);
        QVERIFY(!again.ok());
        QVERIFY(QString::fromStdString(again.error().message).contains(QStringLiteral("merged already")));
        QCOMPARE(verdicts(m_project), 60);
    }

    // Each change someone with sqlite3 could make is found; nothing is
    // written; the untouched package merges afterwards.
    void tamperedForeignAndReplacedPackagesAreRefused()
    {
        const QString projectPath = project(QStringLiteral("Reader Two"));
        QVERIFY(!projectPath.isEmpty());
        const QString package = packagePath();
        QVERIFY(make(projectPath, package).ok());
        QCOMPARE(answerPackage(package, 20).size(), std::size_t{30});

        struct Case {
            const char* what;
            QStringList statements;
            const char* says;
        };
        const Case cases[] = {
            {"another image, its hash made to fit",
                {QStringLiteral("UPDATE item SET png = (SELECT png FROM item WHERE position = 2 AND block = 'main'), "
                                "png_sha256 = (SELECT png_sha256 FROM item WHERE position = 2 AND block = 'main') "
                                "WHERE block = 'main' AND position = 40")},
                "seal does not match"},
            {"another image's pixels", {QStringLiteral("UPDATE item SET png = x'89504e47' WHERE block = 'main' AND position = 41")},
                "pixels of main image 41"},
            {"two images swapped",
                {QStringLiteral("UPDATE item SET position = 1000 WHERE block = 'main' AND position = 45"),
                    QStringLiteral("UPDATE item SET position = 45 WHERE block = 'main' AND position = 46"),
                    QStringLiteral("UPDATE item SET position = 46 WHERE block = 'main' AND position = 1000")},
                "seal does not match"},
            {"a longer time limit", {QStringLiteral("UPDATE sitting SET time_limit_s = 60")}, "seal does not match"},
            {"an answer changed",
                {QStringLiteral("UPDATE answer SET verdict = CASE verdict WHEN 'real' THEN 'created' ELSE 'real' END WHERE seq = 15")},
                "Answer 15 was changed"},
            {"an answer removed", {QStringLiteral("DELETE FROM answer WHERE seq = 12")}, "Answer 12 was changed"},
            {"another package id", {QStringLiteral("UPDATE package SET value = '%1' WHERE key = 'package_id'")
                                           .arg(QUuid::createUuid().toString(QUuid::WithoutBraces))},
                "never issued"},
        };
        for (const Case& c : cases) {
            const QString copy = m_dir.filePath(QStringLiteral("tampered-%1.trpackage").arg(QString::fromLatin1(c.what).left(12)));
            QFile::remove(copy);
            QVERIFY(QFile::copy(package, copy));
            QVERIFY2(tamper(copy, c.statements), c.what);
            auto refused = merge(projectPath, copy);
            QVERIFY2(!refused.ok(), c.what);
            const QString message = QString::fromStdString(refused.error().message);
            QVERIFY2(message.contains(QLatin1String(c.says)), qPrintable(QString::fromLatin1(c.what) + QStringLiteral(": ") + message));
            QVERIFY2(message.contains(QStringLiteral("nothing was merged")), qPrintable(message));
            QCOMPARE(verdicts(projectPath), 0);
        }
        // Not a package at all.
        auto notOne = merge(projectPath, projectPath.startsWith(QLatin1String("postgresql:")) ? package + QStringLiteral(".none")
                                                                                              : projectPath);
        QVERIFY(!notOne.ok());
        // A package of the same study and reader code from another project.
        const QString other = project(QStringLiteral("Someone else"));
        QVERIFY(!other.isEmpty());
        const QString foreign = packagePath();
        QVERIFY(make(other, foreign).ok());
        QCOMPARE(answerPackage(foreign).size(), std::size_t{60});
        auto fromElsewhere = merge(projectPath, foreign);
        QVERIFY(!fromElsewhere.ok());
        QVERIFY(QString::fromStdString(fromElsewhere.error().message).contains(QStringLiteral("another project")));
        QCOMPARE(verdicts(projectPath), 0);

        // Replaced: a new package for a lost one; the old one no longer merges.
        const QString replacement = packagePath();
        auto replaced = make(projectPath, replacement, true);
        QVERIFY2(replaced.ok(), replaced.ok() ? "" : replaced.error().toString().c_str());
        QVERIFY(!replaced->replacedMadeAt.isEmpty());
        auto old = merge(projectPath, package);
        QVERIFY(!old.ok());
        QVERIFY(QString::fromStdString(old.error().message).contains(QStringLiteral("replaced or recalled")));
        QCOMPARE(verdicts(projectPath), 0);
        // A partly answered package merges; the sitting then goes on in the project.
        QCOMPARE(answerPackage(replacement, 5).size(), std::size_t{15});
        auto merged = merge(projectPath, replacement);
        QVERIFY2(merged.ok(), merged.ok() ? "" : merged.error().toString().c_str());
        QCOMPARE(merged->state, SessionState::Main);
        QCOMPARE(verdicts(projectPath), 15);
        auto p = Project::open(projectPath);
        QVERIFY(p.ok());
        auto session = ReaderSession::open(p->database(), kStudy, kReader);
        QVERIFY2(session.ok(), session.ok() ? "" : session.error().toString().c_str());
        QCOMPARE(session->current()->position, 6);
        QCOMPARE(session->current()->block, Block::Main);
        // A begun session is not packaged.
        auto access = unlockCoordinator(p->database(), QString::fromLatin1(kPassphrase));
        QVERIFY(access.ok());
        auto begun = makeReadingPackage(p->database(), *access, kStudy, kReader, packagePath());
        QVERIFY(!begun.ok());
        QVERIFY(QString::fromStdString(begun.error().message).contains(QStringLiteral("has begun here")));
    }
};

QTEST_GUILESS_MAIN(TestReadingPackage)
#include "tst_readingpackage.moc"
