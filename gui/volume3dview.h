#pragma once
// The chosen scan in 3D, rendered by VTK offscreen and shown as an image in
// this Qt 6 widget (Debian's VTK Qt module is built for Qt 5): the head's
// surface, half transparent, the four landmarks, and the section planes of
// the training set (AC-PC aligned, at the grid's offsets from the centre; the
// centre plane stronger). Dragging turns the view, the wheel zooms, a double
// click resets it. VTK's X11 window needs a display: without one (a headless
// server) the widget says so instead of rendering.

#include "core/augmentationgrid.h"
#include "core/landmarks.h"
#include "core/volume.h"

#include <QImage>
#include <QWidget>

#include <memory>

namespace tr::gui {

class Volume3DView : public QWidget {
    Q_OBJECT
public:
    explicit Volume3DView(QWidget* parent = nullptr);
    ~Volume3DView() override;

    // Whether VTK can render here (an X display is there).
    static bool renderingAvailable();

    void setVolume(const core::Volume& volume, const core::Landmarks& landmarks, const core::AugmentationGrid& grid = {});
    void setLandmarks(const core::Landmarks& landmarks); // the planes follow the landmarks
    void clear(const QString& message);
    void resetCamera();
    void turn(double azimuthDeg, double elevationDeg);
    void zoom(double factor);

    const QImage& frame() const { return m_frame; } // the last rendered image
    int sectionPlanes() const;                       // planes drawn (0 without complete landmarks)

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void render();

    struct Scene;
    std::unique_ptr<Scene> m;
    QImage m_frame;
    QString m_message;
    QPoint m_lastMouse;
};

} // namespace tr::gui
