#pragma once
// The images a study shows, stored inside the project file (8-bit grey PNG) so
// that a project copies as one file: pools of real slices drawn from the
// project's volumes on the paper's grid, and pools of created images from a
// generator. Every image keeps what made it: volume, angles, offset and flip,
// or the generator's weights hash and the image's own seed (from which the
// generator makes it again).

#include "core/augmentationgrid.h"
#include "core/createdimagesource.h"
#include "core/result.h"
#include "studies/coordinatoraccess.h"
#include "studies/project.h"

#include <QByteArray>
#include <QImage>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tr::studies {

struct PoolRecord {
    qint64 id = 0;
    QString name;
    bool created = false;
    int resolution = 0;
    int size = 0;      // images a study can draw (discarded ones left out)
    int discarded = 0; // taken out by the coordinator before any study, with a reason
    quint64 seed = 0;
    QString recipe;      // grid and volumes, or the generator
    QString modelSha256; // created pools
    QString createdAt;
};

struct RealPoolRequest {
    QString name;
    int count = 0;
    quint64 seed = 1;
    core::AugmentationGrid grid; // its matrix is the pool's resolution
    QStringList volumes;         // pseudonyms; empty: every volume with complete landmarks
};

// Draws `count` distinct images of the grid over the volumes (uniformly, seeded),
// samples them and stores them in one transaction. Errors name the field.
core::Result<PoolRecord> addRealPool(Project& project, const RealPoolRequest& request);

// What a source of created images made (core/createdimagesource.h), as a
// created pool stores it: the source's identity and description, and each
// image with its provenance (seed and latent, or file SHA-256 and name).
using GeneratedImage = core::CreatedImage;
struct GeneratedBatch {
    QString modelSha256;      // the source's identity (weights, module file or folder)
    QString kind = QStringLiteral("dcgan"); // "dcgan", "torchscript" or "folder"
    int resolution = 0;
    QString modelDescription; // training data, epochs, seed, device, libraries; or module; or folder
    std::vector<GeneratedImage> images;
};

// `count` images of `source` drawn with `seed`, with the source's identity.
// Errors name the source; a stop returns Error "stopped".
core::Result<GeneratedBatch> createdBatch(
    core::CreatedImageSource& source, int count, quint64 seed, const std::atomic<bool>& stop);

// The PNG file a pool stores for an 8-bit image (Qt's writer, its defaults):
// real and created images alike, so that the file says nothing of the source.
QByteArray poolPng(const QImage& image);

// The generator's row in the project (added when new), by its weights' hash;
// `purpose` names what needs it in an error ("pool P", "realism report").
core::Result<qint64> modelRow(ProjectDatabase& db, const GeneratedBatch& batch, const QString& purpose);

core::Result<PoolRecord> addCreatedPool(Project& project, const QString& name, quint64 seed, const GeneratedBatch& batch);

core::Result<std::vector<PoolRecord>> pools(ProjectDatabase& db);
core::Result<PoolRecord> pool(ProjectDatabase& db, const QString& name);
core::Result<QByteArray> imagePng(ProjectDatabase& db, qint64 imageId);
// The image ids of a pool that a study can draw, in pool order (discarded
// images left out).
core::Result<std::vector<qint64>> poolImageIds(ProjectDatabase& db, qint64 poolId);

// Every image of a pool in order, discarded ones with their reason.
struct PoolImage {
    qint64 id = 0;
    int position = 0;
    QByteArray png;
    bool discarded = false;
    QString reason, discardedAt;
};
core::Result<std::vector<PoolImage>> poolImages(ProjectDatabase& db, const QString& pool);

// Takes one image out of a pool for good, with the reason (logged, kept, and
// counted in the report of every study of the pool). Only before any study
// draws from the pool. Coordinator only; errors name the field.
core::Result<void> discardImage(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& pool,
    int position, const QString& reason);

// A real pool as a folder: one PNG per image (NNNN.png, by position; discarded
// images left out) and manifest.csv with what made each (volume pseudonym,
// grid index, angles, offset, flip, the PNG's SHA-256). For the demo's shipped
// slices (resources/models/demo-real-*) and for handing a pool's images to other
// software. Returns the images written. Real pools only.
core::Result<int> exportRealPool(ProjectDatabase& db, const QString& pool, const QString& folder);

// A pool of real slices made elsewhere, from such a folder: every file the
// manifest names must be an 8-bit grey square PNG of one size whose SHA-256 is
// the manifest's; the images are stored as they are (no volume of this
// project made them, so none is linked; the manifest's volume names go into
// the pool's recipe with `source`). Errors name the file, line and field;
// nothing is stored unless every image is fine.
core::Result<PoolRecord> addRealPoolFromFolder(
    Project& project, const QString& name, const QString& folder, const QString& source);

// A pool name: letters, digits, '-', '_' and '.', 1-64 characters. Empty when fine.
QString poolNameProblem(const QString& name);

} // namespace tr::studies
