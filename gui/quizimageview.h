#pragma once
// The quiz's image on black: every image, real or created, goes through the
// same steps (PNG bytes -> 8-bit grey QImage -> one integer scale for the
// whole session, bilinear) so that nothing but its content differs.
// No annotation, no window/level, no file name.
//
// Emits framePresented() once the frame that first shows a new image has been
// handed to the display: the quiz takes that moment as the image's onset.
// On graphics hardware with OpenGL the image is drawn on an OpenGL surface and
// the moment is QOpenGLWidget::frameSwapped, after the window's buffer swap
// (with the default swap interval of 1 the swap waits for the display's
// refresh, as psychophysics software times its stimuli). Elsewhere (software
// OpenGL, the offscreen platform, a remote X display) it is the return to the
// event loop after the paint, once the backing store has been flushed to the
// window system.
// TURING_READER_SURFACE=raster or =opengl overrides the choice (a reading
// station whose OpenGL driver misbehaves).

#include <QImage>
#include <QWidget>

namespace tr::gui {

// The quiz's decoding of a stored image: 8-bit grey, or null when the bytes are
// not an image. Public so a test can check that every image ends up alike.
QImage decodeQuizImage(const QByteArray& png);

class QuizImageView : public QWidget {
    Q_OBJECT
public:
    enum class Surface { Raster, OpenGL };

    explicit QuizImageView(QWidget* parent = nullptr);

    // The surface chosen at construction: OpenGL where a context can be made.
    Surface surface() const { return m_gl ? Surface::OpenGL : Surface::Raster; }
    // The side of the images (all images of a study share it) fixes the scale.
    void setImage(const QImage& image);
    void clearImage();
    const QImage& image() const { return m_image; }
    // The integer magnification in use (at least 1).
    int scale() const;
    QRect imageRect() const;

Q_SIGNALS:
    void framePresented();

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    friend class QuizGlSurface;
    void paintImage(class QPainter& painter, const QRect& area); // both surfaces
    void repaintImage();

    QImage m_image;
    bool m_awaitingFrame = false; // a new image not painted yet
    bool m_awaitingSwap = false;  // painted on the OpenGL surface, its frame not swapped yet
    QWidget* m_gl = nullptr;      // the OpenGL surface, if any
};

} // namespace tr::gui
