#pragma once
// The quiz's image on black: every image, real or created, goes through the
// same steps (PNG bytes -> 8-bit grey QImage -> one integer scale for the
// whole session, bilinear) so that nothing but its content differs.
// No annotation, no window/level, no file name.
//
// Emits framePresented() once after the paint that first shows a new image:
// the quiz takes that moment as the image's onset.

#include <QImage>
#include <QWidget>

namespace tr::gui {

// The quiz's decoding of a stored image: 8-bit grey, or null when the bytes are
// not an image. Public so a test can check that every image ends up alike.
QImage decodeQuizImage(const QByteArray& png);

class QuizImageView : public QWidget {
    Q_OBJECT
public:
    explicit QuizImageView(QWidget* parent = nullptr);

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
    QImage m_image;
    bool m_awaitingFrame = false;
};

} // namespace tr::gui
