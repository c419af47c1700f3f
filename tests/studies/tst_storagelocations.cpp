#include "studies/storagelocations.h"

#include <QDir>
#include <QStandardPaths>
#include <QtTest>

using namespace tr::studies;

class TestStorageLocations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        setApplicationIdentity();
        QStandardPaths::setTestModeEnabled(true);
    }

    void followsXdgAndTheApplicationName()
    {
        const auto l = storageLocations();
        QVERIFY2(l.dataDir.endsWith(QStringLiteral("/turing-reader")), qPrintable(l.dataDir));
        QVERIFY2(l.configDir.endsWith(QStringLiteral("/turing-reader")), qPrintable(l.configDir));
        QVERIFY(l.projectsDir.endsWith(QStringLiteral("/Turing Reader")));
        // Test mode keeps tests out of the user's real folders.
        QVERIFY2(l.dataDir.contains(QStringLiteral("qttest")), qPrintable(l.dataDir));
        QVERIFY(QDir::isAbsolutePath(l.projectsDir));
    }

    void identityIsSet()
    {
        QCOMPARE(QCoreApplication::applicationName(), QStringLiteral("turing-reader"));
        QVERIFY(!QCoreApplication::applicationVersion().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStorageLocations)
#include "tst_storagelocations.moc"
