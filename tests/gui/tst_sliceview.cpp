#include "gui/sliceview.h"

#include <QSignalSpy>
#include <QtTest>

using namespace tr::core;
using tr::gui::SliceView;

namespace {
// 40 x 20 pixels of 1 x 2 mm: physically square. A bright block marks the
// top-left corner of the image (patient right-anterior in radiological view).
SliceImage markedSlice()
{
    SliceImage s;
    s.width = 40;
    s.height = 20;
    s.pixelWidthMm = 1.0;
    s.pixelHeightMm = 2.0;
    s.pixels.assign(800, 10.0f);
    for (int r = 0; r < 5; ++r)
        for (int c = 0; c < 10; ++c)
            s.pixels[static_cast<std::size_t>(r * 40 + c)] = 250.0f;
    return s;
}
} // namespace

class TestSliceView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsThePhysicalAspectRatio()
    {
        SliceView view;
        view.resize(800, 500);
        view.setSlice(markedSlice(), {0.0f, 255.0f}, DisplayConvention::Radiological);
        const QRectF r = view.imageRect();
        QVERIFY(!r.isEmpty());
        // 40 mm x 40 mm: square on screen, although the pixel grid is 40 x 20.
        QVERIFY2(qAbs(r.width() / r.height() - 1.0) < 0.01, qPrintable(QString::number(r.width() / r.height())));
        QVERIFY(QRectF(view.rect()).contains(r));
        QCOMPARE(view.image().size(), QSize(40, 20));
    }

    void drawsImageWhereItSaysAndBlackAround()
    {
        SliceView view;
        view.resize(600, 600);
        view.setSlice(markedSlice(), {0.0f, 255.0f}, DisplayConvention::Radiological);
        const QImage shot = view.grab().toImage();
        const QRectF r = view.imageRect();
        // Bright block: top-left eighth of the image rect.
        const QPoint block = (r.topLeft() + QPointF(r.width() * 0.1, r.height() * 0.1)).toPoint();
        const QPoint body = (r.topLeft() + QPointF(r.width() * 0.7, r.height() * 0.7)).toPoint();
        QVERIFY2(qGray(shot.pixel(block)) > 200, "marked block not drawn at the top left");
        QVERIFY(qGray(shot.pixel(body)) < 30);
        QCOMPARE(qGray(shot.pixel(2, 2)), 0); // black surround, no theme colour
    }

    void clearShowsNoImage()
    {
        SliceView view;
        view.resize(300, 300);
        view.setSlice(markedSlice(), {0.0f, 255.0f}, DisplayConvention::Neurological);
        QCOMPARE(view.convention(), DisplayConvention::Neurological);
        view.clear(QStringLiteral("No volume"));
        QVERIFY(view.imageRect().isEmpty());
        QVERIFY(view.image().isNull());
    }

    void wheelAndKeysRequestSliceSteps()
    {
        SliceView view;
        view.resize(300, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &SliceView::sliceStepRequested);
        QTest::keyClick(&view, Qt::Key_Up);
        QTest::keyClick(&view, Qt::Key_PageDown);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(0).at(0).toInt(), 1);
        QCOMPARE(spy.at(1).at(0).toInt(), -10);
    }
};

QTEST_MAIN(TestSliceView)
#include "tst_sliceview.moc"
