#include "gui/sliceview.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>

namespace tr::gui {

namespace {
// Room around the image for the orientation letters, and below it for the
// convention line.
constexpr int kMargin = 36;
constexpr int kFooter = 28;
} // namespace

SliceView::SliceView(QWidget* parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setAutoFillBackground(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(240, 240);
}

QSize SliceView::sizeHint() const
{
    return {720, 780};
}

void SliceView::setSlice(const core::SliceImage& slice, core::IntensityWindow window,
    core::DisplayConvention convention)
{
    const auto gray = core::toGray8(slice.pixels, window);
    QImage image(slice.width, slice.height, QImage::Format_Grayscale8);
    for (int row = 0; row < slice.height; ++row)
        std::copy_n(gray.data() + static_cast<std::size_t>(row) * static_cast<std::size_t>(slice.width),
            slice.width, image.scanLine(row));
    m_image = std::move(image);
    m_physicalSize = QSizeF(slice.width * slice.pixelWidthMm, slice.height * slice.pixelHeightMm);
    m_convention = convention;
    m_message.clear();
    update();
}

void SliceView::setOrientation(core::OrientationLabels labels, const QString& footer)
{
    m_labels = labels;
    m_footer = footer;
    update();
}

void SliceView::setMarkers(std::vector<Marker> markers)
{
    m_markers = std::move(markers);
    update();
}

QPointF SliceView::widgetPoint(QPointF pixel) const
{
    const QRectF target = imageRect();
    if (target.isEmpty())
        return {};
    return {target.left() + (pixel.x() + 0.5) * target.width() / m_image.width(),
        target.top() + (pixel.y() + 0.5) * target.height() / m_image.height()};
}

std::optional<QPointF> SliceView::imagePixel(QPointF widget) const
{
    const QRectF target = imageRect();
    if (target.isEmpty() || !target.contains(widget))
        return std::nullopt;
    return QPointF((widget.x() - target.left()) * m_image.width() / target.width() - 0.5,
        (widget.y() - target.top()) * m_image.height() / target.height() - 0.5);
}

void SliceView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        if (const auto pixel = imagePixel(event->position())) {
            Q_EMIT pixelClicked(*pixel);
            event->accept();
            return;
        }
    QWidget::mousePressEvent(event);
}

void SliceView::clear(const QString& message)
{
    m_image = QImage();
    m_message = message;
    update();
}

QRectF SliceView::imageRect() const
{
    if (m_image.isNull() || m_physicalSize.isEmpty())
        return {};
    const QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -(kMargin + kFooter));
    if (area.width() <= 0 || area.height() <= 0)
        return {};
    const QSizeF fitted = m_physicalSize.scaled(area.size(), Qt::KeepAspectRatio);
    QRectF target(QPointF(), fitted);
    target.moveCenter(area.center());
    return target;
}

void SliceView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black);
    const QColor labelColour(230, 200, 90); // amber: readable on black, unlike anatomy
    painter.setPen(labelColour);

    if (m_image.isNull()) {
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const QRectF target = imageRect();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(target, m_image);

    QFont font = painter.font();
    font.setPixelSize(18);
    font.setBold(true);
    painter.setFont(font);
    const auto labels = m_labels.value_or(core::axialLabels(m_convention));
    const qreal gap = 6;
    const QRectF leftBox(target.left() - kMargin, target.top(), kMargin - gap, target.height());
    const QRectF rightBox(target.right() + gap, target.top(), kMargin - gap, target.height());
    const QRectF topBox(target.left(), target.top() - kMargin, target.width(), kMargin - gap);
    const QRectF bottomBox(target.left(), target.bottom() + gap, target.width(), kMargin - gap);
    painter.drawText(leftBox, Qt::AlignRight | Qt::AlignVCenter, QString(QChar(labels.left)));
    painter.drawText(rightBox, Qt::AlignLeft | Qt::AlignVCenter, QString(QChar(labels.right)));
    painter.drawText(topBox, Qt::AlignHCenter | Qt::AlignBottom, QString(QChar(labels.top)));
    painter.drawText(bottomBox, Qt::AlignHCenter | Qt::AlignTop, QString(QChar(labels.bottom)));

    font.setPixelSize(13);
    font.setBold(false);
    painter.setFont(font);
    const QString convention = !m_footer.isEmpty() ? m_footer
        : m_convention == core::DisplayConvention::Radiological
        ? tr("Radiological convention: patient's right on the left of the screen")
        : tr("Neurological convention: patient's right on the right of the screen");
    painter.drawText(QRectF(0, height() - kFooter, width(), kFooter), Qt::AlignCenter, convention);

    // Landmarks: a ring with a centre dot where the point lies in this
    // section, a dashed ring where it lies off it (its projection).
    painter.setRenderHint(QPainter::Antialiasing, true);
    font.setPixelSize(12);
    font.setBold(true);
    painter.setFont(font);
    for (const Marker& m : m_markers) {
        const QPointF at = widgetPoint(m.pixel);
        QPen pen(m.colour, 2, m.onPlane ? Qt::SolidLine : Qt::DashLine);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(at, 7, 7);
        if (m.onPlane) {
            painter.setBrush(m.colour);
            painter.drawEllipse(at, 1.5, 1.5);
        }
        painter.drawText(at + QPointF(10, -8), m.text);
    }
}

void SliceView::wheelEvent(QWheelEvent* event)
{
    const int steps = event->angleDelta().y() / 120;
    if (steps != 0)
        Q_EMIT sliceStepRequested(steps);
    event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Up: Q_EMIT sliceStepRequested(1); break;
    case Qt::Key_Down: Q_EMIT sliceStepRequested(-1); break;
    case Qt::Key_PageUp: Q_EMIT sliceStepRequested(10); break;
    case Qt::Key_PageDown: Q_EMIT sliceStepRequested(-10); break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

} // namespace tr::gui
