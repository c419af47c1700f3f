#include "core/sha256.h"

#include <QCryptographicHash>
#include <QtTest>

using namespace tr::core;

class TestSha256 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownDigests_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("digest");
        // FIPS 180-4 examples.
        QTest::newRow("empty") << QByteArray() << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        QTest::newRow("abc") << QByteArray("abc") << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        QTest::newRow("two blocks") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                    << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    }
    void knownDigests()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, digest);
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(input.constData());
        QCOMPARE(QString::fromStdString(sha256Hex({bytes, std::size_t(input.size())})), digest);
    }

    // Lengths around the 64-byte block and the 56-byte padding boundary, against Qt's.
    void agreesWithQtAtEveryLength()
    {
        for (int n = 0; n < 200; ++n) {
            QByteArray input(n, '\0');
            for (int i = 0; i < n; ++i)
                input[i] = char((i * 31 + n) & 0xff);
            const auto* bytes = reinterpret_cast<const std::uint8_t*>(input.constData());
            QCOMPARE(QString::fromStdString(sha256Hex({bytes, std::size_t(n)})),
                QString::fromLatin1(QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex()));
        }
    }
};

QTEST_APPLESS_MAIN(TestSha256)
#include "tst_sha256.moc"
