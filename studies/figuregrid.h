#pragma once
// A figure like the paper's Figure 1B: real and created images of a study,
// mixed, in a grid labelled a, b, c ..., with the answer key in the caption.
// The images are drawn at random (seeded) from the study's two pools, half and
// half, never chosen by hand; the caption says so and gives the seed. It shows
// the truth, so it needs the coordinator.

#include "core/result.h"
#include "studies/coordinatoraccess.h"
#include "studies/projectdatabase.h"

#include <QByteArray>
#include <QImage>
#include <QString>

#include <vector>

namespace tr::studies {

struct FigureImage {
    QImage image; // 8-bit grey, as stored
    bool created = false;
    QString label; // a, b, c ...
    QString pool;
    int poolPosition = 0;
};

struct FigureGrid {
    QString study;
    int columns = 4;
    quint64 seed = 0;
    std::vector<FigureImage> images; // in reading order, left to right, top to bottom
    QString caption;                 // the answer key and how the images were chosen
};

inline constexpr int kMaxFigureImages = 26; // one letter each

// `count` images (2 to 26) in `columns` columns; errors name the field.
core::Result<FigureGrid> figureGrid(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& study,
    int count = 12, int columns = 4, quint64 seed = 1);

// The grid on black with white letters, the caption under it (unless left
// out); each image magnified by the largest whole factor within cellPx.
QImage renderFigure(const FigureGrid& grid, int cellPx = 256, bool withCaption = true);
// The same as one A4 page; empty without a QGuiApplication (fonts).
QByteArray figurePdf(const FigureGrid& grid);

} // namespace tr::studies
