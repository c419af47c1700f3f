#include "gui/selftest.h"

#include "gui/volumewindow.h"
#include "gui/sliceview.h"

#include <QApplication>
#include <QImage>

#include <cmath>

namespace tr::gui {

int runSelfTest(const QString& volumePath, std::ostream& out, std::ostream& err)
{
    VolumeWindow window;
    if (auto opened = window.openVolume(volumePath); !opened) {
        err << "self-test: FAILED to load: " << opened.error().toString() << '\n';
        return 1;
    }
    const auto& v = *window.volume();
    out << "self-test: loaded " << volumePath.toStdString() << " (" << v.size[0] << "x" << v.size[1] << "x"
        << v.size[2] << "), centre axial index " << *window.currentSlice() << "\n";

    window.show();
    QApplication::processEvents();
    const QImage frame = window.grab().toImage();
    const QRectF drawn = window.sliceView()->imageRect();
    if (frame.isNull() || drawn.isEmpty()) {
        err << "self-test: FAILED: nothing was rendered\n";
        return 1;
    }
    // Aspect ratio on screen must match the physical one of the slice.
    const double physical = (v.size[0] * v.spacing[0]) / (v.size[1] * v.spacing[1]);
    const double onScreen = drawn.width() / drawn.height();
    if (std::abs(onScreen / physical - 1.0) > 0.01) {
        err << "self-test: FAILED: aspect ratio " << onScreen << " on screen, " << physical << " physically\n";
        return 1;
    }
    // A brain slice lights up a good part of its square; a blank or black frame
    // (a broken reader or painter) does not.
    const QImage view = window.sliceView()->grab().toImage().convertToFormat(QImage::Format_Grayscale8);
    const QRect area = drawn.toAlignedRect().intersected(view.rect());
    long long lit = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            lit += view.constScanLine(y)[x] > 40 ? 1 : 0;
    const double litShare = static_cast<double>(lit) / (static_cast<double>(area.width()) * area.height());
    out << "self-test: rendered " << frame.width() << "x" << frame.height() << " frame, image "
        << area.width() << "x" << area.height() << " px, " << static_cast<int>(litShare * 100) << "% lit\n";
    if (litShare < 0.15) {
        err << "self-test: FAILED: the slice area is almost black\n";
        return 1;
    }
    out << "self-test: OK\n";
    return 0;
}

} // namespace tr::gui
