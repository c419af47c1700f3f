#include "gui/quizimageview.h"

#include <QGuiApplication>
#include <QHBoxLayout>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QOpenGLWidget>
#include <QPainter>
#include <QTimer>

#include <algorithm>

namespace tr::gui {

QImage decodeQuizImage(const QByteArray& png)
{
    QImage image = QImage::fromData(png, "PNG");
    return image.isNull() ? image : image.convertToFormat(QImage::Format_Grayscale8);
}

// The OpenGL surface: paints through the view's own painting code, and tells
// the view when the window's frame has been swapped.
class QuizGlSurface : public QOpenGLWidget {
public:
    explicit QuizGlSurface(QuizImageView* view) : QOpenGLWidget(view), m_view(view)
    {
        setFocusPolicy(Qt::NoFocus);
        connect(this, &QOpenGLWidget::frameSwapped, view, [view] {
            if (view->m_awaitingSwap) {
                view->m_awaitingSwap = false;
                Q_EMIT view->framePresented();
            }
        });
    }

protected:
    void paintGL() override
    {
        QPainter painter(this);
        m_view->paintImage(painter, rect());
    }

private:
    QuizImageView* m_view;
};

namespace {

// OpenGL on graphics hardware only: a software rasteriser (Mesa's llvmpipe on
// a server or under Xvfb) composes a full-screen frame in tens of
// milliseconds and has no display refresh to wait for, so there the raster
// path is both faster and no less true.
// What the renderer calls itself, empty when no OpenGL context can be made.
QString openGlRenderer()
{
    // Platforms whose windows cannot hold an OpenGL widget (QOpenGLWidget
    // needs QPlatformIntegration::RasterGLSurface, which they lack).
    const QString platform = QGuiApplication::platformName();
    if (platform == QLatin1String("offscreen") || platform == QLatin1String("minimal")
        || platform == QLatin1String("linuxfb") || platform == QLatin1String("vnc"))
        return {};
    QOpenGLContext context;
    QOffscreenSurface surface;
    surface.create();
    if (!context.create() || !surface.isValid() || !context.makeCurrent(&surface))
        return {};
    const auto* name = reinterpret_cast<const char*>(context.functions()->glGetString(GL_RENDERER));
    QString renderer = name ? QString::fromLatin1(name) : QStringLiteral("unknown");
    context.doneCurrent();
    return renderer;
}

// OpenGL on graphics hardware only: a software rasteriser (Mesa's llvmpipe on
// a server or under Xvfb) composes a full-screen frame in tens of
// milliseconds and has no display refresh to wait for, so there the raster
// path is both faster and no less true. TURING_READER_SURFACE=opengl takes
// any OpenGL (for tests under Xvfb).
bool openGlWanted()
{
    static const QString renderer = openGlRenderer(); // once per process
    const QByteArray forced = qgetenv("TURING_READER_SURFACE");
    if (forced == "raster" || renderer.isEmpty())
        return false;
    if (forced == "opengl")
        return true;
    const QString r = renderer.toLower();
    return !r.contains(QLatin1String("llvmpipe")) && !r.contains(QLatin1String("softpipe"))
        && !r.contains(QLatin1String("software"));
}

} // namespace

QuizImageView::QuizImageView(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::NoFocus);
    if (openGlWanted()) {
        m_gl = new QuizGlSurface(this);
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_gl);
    }
}

void QuizImageView::repaintImage()
{
    if (m_gl)
        m_gl->update();
    else
        update();
}

void QuizImageView::setImage(const QImage& image)
{
    m_image = image;
    m_awaitingFrame = true;
    repaintImage();
}

void QuizImageView::clearImage()
{
    m_image = QImage();
    m_awaitingFrame = false;
    m_awaitingSwap = false;
    repaintImage();
}

int QuizImageView::scale() const
{
    if (m_image.isNull())
        return 1;
    // The largest whole multiple that fits: every image pixel the same size on
    // screen, one scale for the whole session.
    return std::max(1, std::min(width() / m_image.width(), height() / m_image.height()));
}

QRect QuizImageView::imageRect() const
{
    if (m_image.isNull())
        return {};
    const QSize size = m_image.size() * scale();
    return QRect(QPoint((width() - size.width()) / 2, (height() - size.height()) / 2), size);
}

void QuizImageView::paintImage(QPainter& painter, const QRect& area)
{
    painter.fillRect(area, Qt::black);
    if (m_image.isNull())
        return;
    // Bilinear, as reading stations interpolate; the same for every image.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(imageRect(), m_image);
    if (!m_awaitingFrame)
        return;
    m_awaitingFrame = false;
    if (m_gl) {
        m_awaitingSwap = true; // framePresented comes with the swap
        return;
    }
    // After this paint the backing store is flushed to the window system; the
    // queued call runs once that has happened.
    QTimer::singleShot(0, this, &QuizImageView::framePresented);
}

void QuizImageView::paintEvent(QPaintEvent*)
{
    if (m_gl)
        return; // the surface covers the whole view
    QPainter painter(this);
    paintImage(painter, rect());
}

} // namespace tr::gui
