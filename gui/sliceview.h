#pragma once
// Shows one 2D slice on black, scaled to fit while keeping its physical aspect
// ratio (pixel spacing), with the orientation letters at its edges and the
// display convention written underneath, as radiology viewers do.

#include "core/axialslice.h"
#include "core/intensitywindow.h"
#include "core/sliceimage.h"

#include <QImage>
#include <QRectF>
#include <QWidget>

namespace tr::gui {

class SliceView : public QWidget {
    Q_OBJECT
public:
    explicit SliceView(QWidget* parent = nullptr);

    void setSlice(const core::SliceImage& slice, core::IntensityWindow window,
        core::DisplayConvention convention);
    void clear(const QString& message);

    // Where the image is drawn, in widget coordinates (empty when none).
    QRectF imageRect() const;
    const QImage& image() const { return m_image; }
    core::DisplayConvention convention() const { return m_convention; }

    QSize sizeHint() const override;

Q_SIGNALS:
    // Mouse wheel or arrow keys: move through the slices by this many steps.
    void sliceStepRequested(int steps);

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QImage m_image;
    QSizeF m_physicalSize; // mm
    core::DisplayConvention m_convention = core::DisplayConvention::Radiological;
    QString m_message;
};

} // namespace tr::gui
