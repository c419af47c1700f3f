// The coordinator's Studies page on a project server (the postgres fixture's
// cluster): while readers sit at workstations of their own, each reader's
// progress shows live, and whether they are reading now.
#include "../studies/studyfixture.h"

#include "gui/darktheme.h"
#include "gui/openproject.h"
#include "gui/studiespage.h"
#include "studies/readersession.h"

#include <QApplication>
#include <QTableWidget>
#include <QtTest>

using namespace tr;
using namespace tr::gui;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

QString cell(StudiesPage& page, const QString& reader, int column)
{
    QTableWidget* t = page.readerTable();
    for (int row = 0; row < t->rowCount(); ++row)
        if (t->item(row, 0)->text() == reader)
            return t->item(row, column)->text();
    return {};
}

} // namespace

class TestStudiesPageServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(onProjectServer(), "runs against the postgres fixture's cluster only");
        applyDarkTheme(*qApp);
    }

    void progressIsLive()
    {
        QTemporaryDir dir;
        const QString url = buildStudyProject(dir);
        QVERIFY(!url.isEmpty());
        OpenProject open;
        auto project = Project::open(url);
        QVERIFY(project);
        open.project = std::make_unique<Project>(std::move(*project));
        auto access = unlockCoordinator(open.db(), QString::fromLatin1(kPassphrase));
        QVERIFY(access);
        open.access = *access;
        for (const char* code : {"NR1", "NR2"})
            QVERIFY(addReader(open.db(), {0, QString::fromLatin1(code), {}, QStringLiteral("neuroradiologist"), 5}));

        StudiesPage page;
        page.resize(1100, 520);
        page.setProject(&open);
        page.setCurrentStudy(QStringLiteral("s"));
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(cell(page, QStringLiteral("NR1"), 4), QStringLiteral("0 / 10"));

        // NR1 at another workstation: another program's connection.
        auto elsewhere = Project::open(url);
        QVERIFY(elsewhere);
        {
            auto sitting = ReaderSession::open(elsewhere->database(), QStringLiteral("s"), QStringLiteral("NR1"));
            QVERIFY(sitting);
            for (int i = 0; i < 3; ++i) {
                Answer a;
                a.call = Call::Real;
                a.onsetMs = i * 12000;
                a.responseMs = 1800;
                QVERIFY(sitting->answer(a));
            }
            QTRY_COMPARE_WITH_TIMEOUT(cell(page, QStringLiteral("NR1"), 4), QStringLiteral("3 / 10"), 3 * StudiesPage::kLiveRefreshMs);
            QVERIFY2(cell(page, QStringLiteral("NR1"), 3).contains(QStringLiteral("reading now")),
                qPrintable(cell(page, QStringLiteral("NR1"), 3)));
            QVERIFY(!cell(page, QStringLiteral("NR2"), 3).contains(QStringLiteral("reading now")));
            page.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-studies-live.png"));
        }
        // The sitting ends: no longer reading, its answers stay counted.
        QTRY_VERIFY_WITH_TIMEOUT(!cell(page, QStringLiteral("NR1"), 3).contains(QStringLiteral("reading now")),
            3 * StudiesPage::kLiveRefreshMs);
        QCOMPARE(cell(page, QStringLiteral("NR1"), 4), QStringLiteral("3 / 10"));
        page.setProject(nullptr);
    }
};

QTEST_MAIN(TestStudiesPageServer)
#include "tst_studiespageserver.moc"
