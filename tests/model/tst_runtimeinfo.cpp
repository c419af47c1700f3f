#include "model/runtimeinfo.h"

#include <QRegularExpression>
#include <QtTest>

#include <thread>

using namespace tr::model;

class TestRuntimeInfo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reportsTheLinkedLibTorch()
    {
        const auto info = runtimeInfo();
        QVERIFY2(QRegularExpression("^\\d+\\.\\d+\\.\\d+$").match(QString::fromStdString(info.torchVersion)).hasMatch(),
            info.torchVersion.c_str());
        QCOMPARE(info.cudaDeviceCount > 0, info.cudaAvailable);
    }

    void setsThreadsExplicitly()
    {
        QCOMPARE(configureCpuThreads(1), 1);
        QCOMPARE(runtimeInfo().cpuThreads, 1);
        const int all = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        QCOMPARE(configureCpuThreads(), all);
        QCOMPARE(runtimeInfo().cpuThreads, all);
    }
};

QTEST_APPLESS_MAIN(TestRuntimeInfo)
#include "tst_runtimeinfo.moc"
