// The main window on the real demo volume (Colin27 from mricron-data).
#include "core/demodata.h"
#include "gui/volumewindow.h"
#include "gui/sliceview.h"

#include <QAction>
#include <QMenuBar>
#include <QtTest>

using namespace tr;

namespace {
QAction* findAction(QWidget* window, const QString& textPrefix)
{
    for (QAction* a : window->findChildren<QAction*>())
        if (a->text().remove('&').startsWith(textPrefix))
            return a;
    return nullptr;
}

// Mean grey of the left and right thirds of the drawn slice.
std::pair<double, double> leftRightMeans(gui::SliceView* view)
{
    const QImage shot = view->grab().toImage().convertToFormat(QImage::Format_Grayscale8);
    const QRect r = view->imageRect().toAlignedRect().intersected(shot.rect());
    double left = 0, right = 0;
    long n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int dx = 0; dx < r.width() / 3; ++dx) {
            left += shot.constScanLine(y)[r.left() + dx];
            right += shot.constScanLine(y)[r.right() - dx];
            ++n;
        }
    }
    return {left / n, right / n};
}
} // namespace

class TestVolumeWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void opensColin27AtTheCentreSlice()
    {
        gui::VolumeWindow w;
        const auto opened = w.openVolume(QString::fromLatin1(core::kColin27Path));
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().toString().c_str());
        QCOMPARE(w.currentSlice().value(), std::size_t{90});
        QVERIFY(w.windowTitle().contains(QStringLiteral("ch2.nii.gz")));
        w.resize(900, 960);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // 181 x 217 mm: taller than wide on screen too.
        const QRectF r = w.sliceView()->imageRect();
        QVERIFY(qAbs(r.width() / r.height() - 181.0 / 217.0) < 0.01);
    }

    void conventionMirrorsTheImage()
    {
        gui::VolumeWindow w;
        QVERIFY(w.openVolume(QString::fromLatin1(core::kColin27Path)).ok());
        w.resize(900, 960);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QImage radiological = w.sliceView()->image();
        QAction* neuro = findAction(&w, QStringLiteral("Neurological"));
        QVERIFY(neuro);
        neuro->trigger();
        QCOMPARE(w.sliceView()->convention(), core::DisplayConvention::Neurological);
        QCOMPARE(w.sliceView()->image(), radiological.mirrored(true, false));
        QCOMPARE(w.currentSlice().value(), std::size_t{90});
    }

    void strokeSideFollowsTheConvention()
    {
        // The stroke scan has a chronic LEFT-hemisphere lesion that removed tissue:
        // the patient's left half is darker. Radiological view puts it on the
        // right of the screen, neurological on the left.
        gui::VolumeWindow w;
        const auto opened = w.openVolume(QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz"));
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().toString().c_str());
        w.resize(900, 960);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const auto [radLeft, radRight] = leftRightMeans(w.sliceView());
        QVERIFY2(radRight < radLeft, qPrintable(QStringLiteral("%1 %2").arg(radLeft).arg(radRight)));
        w.setConvention(core::DisplayConvention::Neurological);
        const auto [neuroLeft, neuroRight] = leftRightMeans(w.sliceView());
        QVERIFY(neuroLeft < neuroRight);
    }

    void keysMoveThroughSlicesWithinBounds()
    {
        gui::VolumeWindow w;
        QVERIFY(w.openVolume(QString::fromLatin1(core::kColin27Path)).ok());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.sliceView()->setFocus();
        QTest::keyClick(w.sliceView(), Qt::Key_Up);
        QCOMPARE(w.currentSlice().value(), std::size_t{91});
        for (int i = 0; i < 12; ++i)
            QTest::keyClick(w.sliceView(), Qt::Key_PageUp);
        QCOMPARE(w.currentSlice().value(), std::size_t{180});
        QTest::keyClick(&w, Qt::Key_Home);
        QCOMPARE(w.currentSlice().value(), std::size_t{90});
    }

    void failedOpenKeepsTheVolumeShown()
    {
        gui::VolumeWindow w;
        QVERIFY(w.openVolume(QString::fromLatin1(core::kColin27Path)).ok());
        const auto failed = w.openVolume(QStringLiteral("/nonexistent/other.nii.gz"));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, core::ErrorCode::NotFound);
        QVERIFY(w.volume());
        QVERIFY(w.volumePath().endsWith(QStringLiteral("ch2.nii.gz")));
        QVERIFY(!w.sliceView()->image().isNull());
    }
};

QTEST_MAIN(TestVolumeWindow)
#include "tst_volumewindow.moc"
