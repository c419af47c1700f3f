#include "studies/figuregrid.h"

#include "core/splitmix64.h"
#include "studies/imagepool.h"
#include "studies/study.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>

namespace tr::studies {

namespace {

core::Error fieldError(const std::string& field, const std::string& message)
{
    return core::Error{core::ErrorCode::InvalidArgument, field, message, {}};
}

// `count` distinct positions of [0, size), by a partial Fisher-Yates shuffle.
std::vector<std::size_t> drawPositions(std::size_t size, std::size_t count, core::SplitMix64& random)
{
    std::vector<std::size_t> all(size);
    for (std::size_t i = 0; i < size; ++i)
        all[i] = i;
    for (std::size_t i = 0; i < count; ++i)
        std::swap(all[i], all[i + random.below(size - i)]);
    all.resize(count);
    return all;
}

QString letters(const std::vector<FigureImage>& images, bool created)
{
    QStringList out;
    for (const auto& f : images)
        if (f.created == created)
            out << f.label;
    return out.join(QLatin1String(", "));
}

} // namespace

core::Result<FigureGrid> figureGrid(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& studyName,
    int count, int columns, quint64 seed)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    if (count < 2 || count > kMaxFigureImages)
        return fieldError("count", "must be 2 to " + std::to_string(kMaxFigureImages) + " (one letter each).");
    if (columns < 1 || columns > count)
        return fieldError("columns", "must be 1 to the number of images.");
    auto st = study(db, studyName);
    if (!st)
        return st.error();
    auto realIds = poolImageIds(db, st->realPoolId);
    auto createdIds = poolImageIds(db, st->createdPoolId);
    if (!realIds)
        return realIds.error();
    if (!createdIds)
        return createdIds.error();
    core::SplitMix64 random(seed);
    // Half and half; an odd count gives the extra image to either side at random.
    const std::size_t createdCount = std::size_t(count / 2) + (count % 2 ? random.below(2) : 0);
    const std::size_t realCount = std::size_t(count) - createdCount;
    if (realIds->size() < realCount || createdIds->size() < createdCount)
        return fieldError("count", "the study's pools hold " + std::to_string(realIds->size()) + " real and "
                + std::to_string(createdIds->size()) + " created images; ask for fewer.");
    FigureGrid grid;
    grid.study = studyName;
    grid.columns = columns;
    grid.seed = seed;
    for (const bool created : {false, true}) {
        const auto& ids = created ? *createdIds : *realIds;
        for (std::size_t position : drawPositions(ids.size(), created ? createdCount : realCount, random)) {
            auto png = imagePng(db, ids[position]);
            if (!png)
                return png.error();
            FigureImage f;
            f.image = QImage::fromData(*png, "PNG").convertToFormat(QImage::Format_Grayscale8);
            f.created = created;
            f.pool = created ? st->createdPool : st->realPool;
            f.poolPosition = int(position);
            grid.images.push_back(std::move(f));
        }
    }
    // Mixed: the order says nothing about the truth.
    for (std::size_t i = grid.images.size(); i > 1; --i)
        std::swap(grid.images[i - 1], grid.images[random.below(i)]);
    for (std::size_t i = 0; i < grid.images.size(); ++i)
        grid.images[i].label = QString(QChar(u'a' + char16_t(i)));
    const int side = grid.images.front().image.width();
    grid.caption = QStringLiteral(
        "Real and created %1 \u00d7 %1 px images of study \u201c%2\u201d, drawn at random (seed %3) from its pools, "
        "half of each, not chosen by hand. Real (acquired): %4. Created by the generator: %5. Real images from "
        "pool \u201c%6\u201d, created ones from pool \u201c%7\u201d.")
                       .arg(side)
                       .arg(studyName)
                       .arg(seed)
                       .arg(letters(grid.images, false), letters(grid.images, true), st->realPool, st->createdPool);
    return grid;
}

QImage renderFigure(const FigureGrid& grid, int cellPx, bool withCaption)
{
    if (grid.images.empty())
        return {};
    const int side = grid.images.front().image.width();
    const int scale = std::max(1, cellPx / std::max(1, side));
    const int cell = side * scale, gap = std::max(4, cell / 32);
    const int columns = grid.columns, rows = (int(grid.images.size()) + columns - 1) / columns;
    const int width = columns * cell + (columns + 1) * gap;
    const int gridHeight = rows * cell + (rows + 1) * gap;
    // The caption band is as tall as its wrapped text, no taller: a fixed
    // share of a wide sheet left a blank band under a two-line caption.
    QFont captionFont;
    captionFont.setPixelSize(std::max(11, width / 70));
    const int textWidth = width - 2 * gap;
    const QRect captionText = QFontMetrics(captionFont).boundingRect(
        QRect(0, 0, textWidth, 1 << 20), Qt::TextWordWrap | Qt::AlignTop, grid.caption);
    const int captionHeight = withCaption ? captionText.height() + 2 * gap : 0;
    QImage out(width, gridHeight + captionHeight, QImage::Format_RGB32);
    out.fill(Qt::black);
    QPainter p(&out);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true); // as the quiz shows them
    p.setRenderHint(QPainter::Antialiasing, true);
    QFont font = p.font();
    font.setPixelSize(std::max(12, cell / 8));
    font.setBold(true);
    p.setFont(font);
    for (std::size_t i = 0; i < grid.images.size(); ++i) {
        const int x = gap + int(i % std::size_t(columns)) * (cell + gap);
        const int y = gap + int(i / std::size_t(columns)) * (cell + gap);
        p.drawImage(QRect(x, y, cell, cell), grid.images[i].image);
        QPainterPath letter; // white with a black rim: readable on any grey
        letter.addText(x + cell / 20, y + cell / 20 + font.pixelSize(), font, grid.images[i].label);
        p.strokePath(letter, QPen(Qt::black, std::max(2, font.pixelSize() / 6)));
        p.fillPath(letter, Qt::white);
    }
    if (!withCaption) {
        p.end();
        return out;
    }
    p.fillRect(QRect(0, gridHeight, width, captionHeight), Qt::white);
    p.setFont(captionFont);
    p.setPen(Qt::black);
    p.drawText(QRect(gap, gridHeight + gap, textWidth, captionHeight - 2 * gap), Qt::TextWordWrap | Qt::AlignTop,
        grid.caption);
    p.end();
    return out;
}

QByteArray figurePdf(const FigureGrid& grid)
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return {};
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setTitle(QStringLiteral("Turing Reader figure: %1").arg(grid.study));
    writer.setCreator(QStringLiteral("Turing Reader"));
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
        QPageLayout::Millimeter));
    writer.setResolution(300);
    const QImage image = renderFigure(grid, 256, false); // the caption as text, below
    QTextDocument document;
    QFont font = document.defaultFont();
    font.setPointSizeF(10);
    document.setDefaultFont(font);
    document.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("grid.png")), image);
    // The text width of an A4 page within its margins, in the document's own
    // units (96 per inch): 180 mm.
    document.setHtml(QStringLiteral("<p><img src=\"grid.png\" width=\"640\"></p><p>%1</p>")
                         .arg(grid.caption.toHtmlEscaped()));
    document.print(&writer);
    buffer.close();
    return bytes;
}

} // namespace tr::studies
