// model/computedevice.cpp: the device is checked once, with the choices named;
// a missing GPU is said as such (it was "the model file is damaged"), and a
// misspelt name is refused (it silently meant the CPU).
#include "model/computedevice.h"
#include "model/defaultmodel.h"
#include "model/modelfile.h"
#include "model/runtimeinfo.h"

#include <QtTest>

using namespace tr::model;

class TestComputeDevice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void choices()
    {
        QCOMPARE(*resolveDevice("cpu"), std::string("cpu"));
        const bool cuda = runtimeInfo().cudaAvailable;
        QCOMPARE(*resolveDevice("auto"), std::string(cuda ? "cuda:0" : "cpu"));
        for (const char* wrong : {"gpu", "CPU", "cuda:", "cuda:x", "cuda:-1", "", "cuda0"}) {
            const auto refused = resolveDevice(wrong);
            QVERIFY2(!refused.ok(), wrong);
            QCOMPARE(refused.error().subject, std::string("device"));
            QVERIFY2(refused.error().message.find("choose cpu, cuda, cuda:N or auto") != std::string::npos,
                refused.error().message.c_str());
        }
        if (cuda) {
            QCOMPARE(*resolveDevice("cuda"), std::string("cuda:0"));
            QVERIFY(!resolveDevice("cuda:" + std::to_string(runtimeInfo().cudaDeviceCount)).ok());
        } else {
            for (const char* gpu : {"cuda", "cuda:0", "cuda:3"}) {
                const auto refused = resolveDevice(gpu);
                QVERIFY(!refused.ok());
                QVERIFY2(refused.error().message.find("this LibTorch has no CUDA device") != std::string::npos,
                    refused.error().message.c_str());
            }
        }
    }

    // Loading on a device that is not there names the device, not the file.
    void loadingSaysWhatIsWrong()
    {
        const auto path = defaultModelPath();
        QVERIFY(!path.empty());
        const auto wrong = GeneratorModel::load(path, "gpu");
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().subject, std::string("device"));
        if (!runtimeInfo().cudaAvailable) {
            const auto cuda = GeneratorModel::load(path, "cuda");
            QVERIFY(!cuda.ok());
            QCOMPARE(cuda.error().subject, std::string("device"));
            QVERIFY(cuda.error().message.find("damaged") == std::string::npos);
        }
        QVERIFY(GeneratorModel::load(path, "cpu").ok());
    }
};

QTEST_APPLESS_MAIN(TestComputeDevice)
#include "tst_computedevice.moc"
