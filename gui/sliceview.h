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

#include <optional>
#include <vector>

namespace tr::gui {

class SliceView : public QWidget {
    Q_OBJECT
public:
    // A point drawn over the image (a landmark): where, its letters, its
    // colour, and whether it lies in the shown section (else drawn hollow).
    struct Marker {
        QPointF pixel; // image pixel coordinates, pixel centres at integers
        QString text;
        QColor colour;
        bool onPlane = true;
    };

    explicit SliceView(QWidget* parent = nullptr);

    void setSlice(const core::SliceImage& slice, core::IntensityWindow window,
        core::DisplayConvention convention);
    void clear(const QString& message);
    // The letters at the edges (default: the axial view's for the convention)
    // and the line under the image (default: the convention).
    void setOrientation(core::OrientationLabels labels, const QString& footer);
    void setMarkers(std::vector<Marker> markers);
    const std::vector<Marker>& markers() const { return m_markers; }

    // Image pixel <-> widget point, for clicks and tests.
    QPointF widgetPoint(QPointF pixel) const;
    std::optional<QPointF> imagePixel(QPointF widget) const;

    // Where the image is drawn, in widget coordinates (empty when none).
    QRectF imageRect() const;
    const QImage& image() const { return m_image; }
    core::DisplayConvention convention() const { return m_convention; }

    QSize sizeHint() const override;

Q_SIGNALS:
    // Mouse wheel or arrow keys: move through the slices by this many steps.
    void sliceStepRequested(int steps);
    // A left click on the image, in image pixel coordinates.
    void pixelClicked(QPointF pixel);

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QImage m_image;
    QSizeF m_physicalSize; // mm
    core::DisplayConvention m_convention = core::DisplayConvention::Radiological;
    QString m_message;
    std::optional<core::OrientationLabels> m_labels;
    QString m_footer;
    std::vector<Marker> m_markers;
};

} // namespace tr::gui
