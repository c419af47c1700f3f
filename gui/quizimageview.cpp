#include "gui/quizimageview.h"

#include <QPainter>
#include <QTimer>

#include <algorithm>

namespace tr::gui {

QImage decodeQuizImage(const QByteArray& png)
{
    QImage image = QImage::fromData(png, "PNG");
    return image.isNull() ? image : image.convertToFormat(QImage::Format_Grayscale8);
}

QuizImageView::QuizImageView(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::NoFocus);
}

void QuizImageView::setImage(const QImage& image)
{
    m_image = image;
    m_awaitingFrame = true;
    update();
}

void QuizImageView::clearImage()
{
    m_image = QImage();
    m_awaitingFrame = false;
    update();
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

void QuizImageView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black);
    if (m_image.isNull())
        return;
    // Bilinear, as reading stations interpolate; the same for every image.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(imageRect(), m_image);
    if (m_awaitingFrame) {
        m_awaitingFrame = false;
        // After this paint the backing store is flushed to the screen; the
        // queued call runs once that has happened.
        QTimer::singleShot(0, this, &QuizImageView::framePresented);
    }
}

} // namespace tr::gui
