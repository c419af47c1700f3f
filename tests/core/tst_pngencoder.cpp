#include "core/pngencoder.h"

#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace tr::core;

// Our PNGs must decode, pixel for pixel, in an independent decoder (Qt's libpng).
class TestPngEncoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decodesExactly_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("64 x 64") << 64 << 64;
        QTest::newRow("odd 37 x 5") << 37 << 5;
        QTest::newRow("more than one stored block (1024 x 300)") << 1024 << 300;
        QTest::newRow("one pixel") << 1 << 1;
    }
    void decodesExactly()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        std::vector<std::uint8_t> pixels(std::size_t(width) * std::size_t(height));
        for (std::size_t i = 0; i < pixels.size(); ++i)
            pixels[i] = std::uint8_t((i * 7 + i / std::size_t(width)) & 0xff);
        const auto png = encodeGrayPng(pixels, width, height);
        QImage image;
        QVERIFY(image.loadFromData(png.data(), int(png.size()), "PNG"));
        QCOMPARE(image.width(), width);
        QCOMPARE(image.height(), height);
        QCOMPARE(image.format(), QImage::Format_Grayscale8);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                if (image.constScanLine(y)[x] != pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)])
                    QFAIL(qPrintable(QStringLiteral("pixel %1,%2 differs").arg(x).arg(y)));
    }

    void writesAtomically()
    {
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath(QStringLiteral("a.png")).toStdString();
        const std::vector<std::uint8_t> pixels(16, 200);
        QVERIFY(writeGrayPng(path, pixels, 4, 4).ok());
        QVERIFY(!std::filesystem::exists(path.string() + ".part"));
        QCOMPARE(QImage(QString::fromStdString(path.string())).pixelColor(3, 3).red(), 200);
        const auto bad = writeGrayPng("/nonexistent-dir/a.png", pixels, 4, 4);
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().subject.find("/nonexistent-dir/a.png") == 0);
        // The message says why (no such folder), not "is the disk full?".
        QVERIFY2(bad.error().toString().find("the folder /nonexistent-dir does not exist") != std::string::npos,
            bad.error().toString().c_str());
    }
};

QTEST_GUILESS_MAIN(TestPngEncoder)
#include "tst_pngencoder.moc"
