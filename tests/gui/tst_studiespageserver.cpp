// The coordinator's Studies page on a project server (the postgres fixture's
// cluster): while readers sit at workstations of their own, each reader's
// progress shows live, and whether they are reading now.
#include "../studies/studyfixture.h"

#include "gui/darktheme.h"
#include "gui/openproject.h"
#include "gui/readerlogindialog.h"
#include "gui/studiespage.h"
#include "studies/readersession.h"

#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
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

// The coordinator's workspace on a server study (studyfixture.h), unlocked,
// with `readers` added.
bool openUnlocked(const QString& url, OpenProject& open, std::initializer_list<const char*> readers)
{
    auto project = Project::open(url);
    if (!project)
        return false;
    open.project = std::make_unique<Project>(std::move(*project));
    auto access = unlockCoordinator(open.db(), QString::fromLatin1(kPassphrase));
    if (!access)
        return false;
    open.access = *access;
    for (const char* code : readers)
        if (!addReader(open.db(), {0, QString::fromLatin1(code), {}, QStringLiteral("neuroradiologist"), 5}))
            return false;
    return true;
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
        QVERIFY(openUnlocked(url, open, {"NR1", "NR2"}));

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

    // Server login…: the selected reader's own login, made from the page
    // (password twice), their session drawn; the reader's workstation then
    // signs in with it and reads, and a wrong password is refused.
    void aReadersLoginFromThePage()
    {
        QTemporaryDir dir;
        const QString url = buildStudyProject(dir);
        QVERIFY(!url.isEmpty());
        OpenProject open;
        QVERIFY(openUnlocked(url, open, {"NR3"}));

        StudiesPage page;
        page.resize(1100, 520);
        page.setProject(&open);
        page.setCurrentStudy(QStringLiteral("s"));
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto* button = page.findChild<QPushButton*>(QStringLiteral("login"));
        QVERIFY(button && button->isVisible() && !button->isEnabled()); // no reader selected
        QVERIFY(!page.loginDialog());
        page.selectReader(QStringLiteral("NR3"));
        QVERIFY(button->isEnabled());

        ReaderLoginDialog* dialog = page.loginDialog();
        QVERIFY(dialog && dialog->isVisible());
        QTest::keyClicks(dialog->passwordField(), QStringLiteral("reader three's password"));
        QTest::keyClicks(dialog->repeatField(), QStringLiteral("reader three's passw0rd"));
        dialog->accept();
        QCOMPARE(dialog->problem(), QStringLiteral("The two entries differ."));
        QTest::keyClicks(dialog->passwordField(), QStringLiteral("short"));
        QTest::keyClicks(dialog->repeatField(), QStringLiteral("short"));
        dialog->accept();
        QVERIFY2(dialog->problem().contains(QStringLiteral("8 characters")), qPrintable(dialog->problem()));
        QTest::keyClicks(dialog->passwordField(), QStringLiteral("reader three's password"));
        QTest::keyClicks(dialog->repeatField(), QStringLiteral("reader three's password"));
        dialog->accept();
        const QString said = dialog->instructions();
        QVERIFY2(said.contains(QStringLiteral("signs in as tr_")) && said.contains(QStringLiteral("--study s --reader NR3")),
            qPrintable(said));
        QVERIFY(dialog->isVisible()); // until Close, for the command to be copied
        dialog->grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-reader-login.png"));
        const QRegularExpression projectOption(QStringLiteral("--project (\\S+)"));
        const QString readerUrl = projectOption.match(said).captured(1);
        QVERIFY2(readerUrl.startsWith(QStringLiteral("postgresql://tr_")), qPrintable(said));
        dialog->accept();
        QTRY_VERIFY(!dialog->isVisible());

        qputenv("PGPASSWORD", "not the password");
        QVERIFY(!Project::open(readerUrl));
        qputenv("PGPASSWORD", "reader three's password");
        auto workstation = Project::open(readerUrl);
        QVERIFY2(workstation, workstation ? "" : workstation.error().toString().c_str());
        QVERIFY(workstation->database().readerLogin());
        auto sitting = ReaderSession::open(workstation->database(), QStringLiteral("s"), QStringLiteral("NR3"));
        QVERIFY2(sitting, sitting ? "" : sitting.error().toString().c_str());
        QCOMPARE(sitting->count(Block::Main), 50);
        page.setProject(nullptr);
    }
};

QTEST_MAIN(TestStudiesPageServer)
#include "tst_studiespageserver.moc"
