#include "studies/imagepool.h"

#include "studies/sealedsources.h"

#include "core/slicesampler.h"
#include "core/splitmix64.h"
#include "studies/grayimage.h"
#include "studies/sqltext.h"
#include "studies/study.h"
#include "studies/timestamp.h"
#include "studies/trainingdatapreparer.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <set>

namespace tr::studies {

namespace {

core::Error fieldError(const std::string& field, const std::string& message)
{
    return core::Error{core::ErrorCode::InvalidArgument, field, message, {}};
}

// float32 in the machine's order; every platform we build for is little-endian,
// as the schema states.
QByteArray latentBytes(const std::vector<float>& latent)
{
    static_assert(std::endian::native == std::endian::little);
    return QByteArray(reinterpret_cast<const char*>(latent.data()), qsizetype(latent.size() * sizeof(float)));
}

QString sha256Hex(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// `count`: the images the caller inserts next, in the same transaction. The
// pool keeps its count itself, so that it reads without opening the sealed
// image sources (sealedsources.h).
core::Result<qint64> insertPool(ProjectDatabase& db, const QString& name, bool created, const QVariant& modelId,
    int resolution, quint64 seed, const QString& recipe, int count)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("INSERT INTO image_pool (name, kind, model_id, resolution, seed, recipe, created_at, "
                                 "image_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant& v : {QVariant(name), QVariant(created ? "created" : "real"), modelId, QVariant(resolution),
             QVariant(QString::number(seed)), QVariant(recipe), QVariant(utcTimestamp()), QVariant(count)})
        query.addBindValue(v);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Storing image pool %1").arg(name), query.lastError());
    return query.lastInsertId().toLongLong();
}

core::Result<void> checkNewPool(ProjectDatabase& db, const QString& name, int count)
{
    if (const QString problem = poolNameProblem(name); !problem.isEmpty())
        return fieldError("name", problem.toStdString());
    if (count < 1)
        return fieldError("count", "must be at least 1.");
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT 1 FROM image_pool WHERE name = ?"));
    query.addBindValue(name);
    if (query.exec() && query.next())
        return core::Error{core::ErrorCode::AlreadyExists, name.toStdString(),
            "A pool of this name exists in " + db.path().toStdString() + " already; choose another name.", {}};
    return {};
}

constexpr const char* kImageInsert
    = "INSERT INTO %1 (pool_id, position, png, png_sha256, volume_id, grid_index, lr_deg, ap_deg, cc_deg, "
      "offset_mm, flipped, image_seed, latent, source_file, source_sha256, subject) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// A pool written while the coordinator's program holds the truth key is
// sealed before it is committed (sealedsources.h); one written without it is
// sealed when the coordinator next unlocks the project.
core::Result<void> sealIfUnlocked(ProjectDatabase& db)
{
    if (db.truthKey().isEmpty())
        return {};
    auto sealed = sealOpenSources(db, SealTransaction::Callers);
    if (!sealed)
        return sealed.error();
    return {};
}

constexpr const char* kPoolColumns
    = "p.id, p.name, p.kind, p.resolution, p.seed, p.recipe, p.created_at, m.weights_sha256, "
      "p.image_count - p.discarded_count, p.discarded_count";

PoolRecord poolFrom(const QSqlQuery& q)
{
    PoolRecord r;
    r.id = q.value(0).toLongLong();
    r.name = q.value(1).toString();
    r.created = q.value(2).toString() == QLatin1String("created");
    r.resolution = q.value(3).toInt();
    r.seed = q.value(4).toString().toULongLong();
    r.recipe = q.value(5).toString();
    r.createdAt = q.value(6).toString();
    r.modelSha256 = q.value(7).toString();
    r.size = q.value(8).toInt();
    r.discarded = q.value(9).toInt();
    return r;
}

// How a pool's recipe and the event log name a source of this kind.
QString sourceNoun(const QString& kind)
{
    if (kind == QLatin1String("folder"))
        return QStringLiteral("image folder");
    if (kind == QLatin1String("torchscript"))
        return QStringLiteral("TorchScript generator");
    return QStringLiteral("generator");
}

} // namespace

QByteArray poolPng(const QImage& image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

core::Result<GeneratedBatch> createdBatch(
    core::CreatedImageSource& source, int count, quint64 seed, const std::atomic<bool>& stop)
{
    const auto& info = source.info();
    if (info.available >= 0 && count > info.available)
        return core::Error{core::ErrorCode::InvalidArgument, "count",
            "asks for " + std::to_string(count) + " images; the " + sourceNoun(QString::fromStdString(info.kind)).toStdString()
                + " holds " + std::to_string(info.available) + ".", {}};
    auto images = source.create(count, seed, stop);
    if (!images)
        return images.error();
    GeneratedBatch batch;
    batch.modelSha256 = QString::fromStdString(info.sha256);
    batch.kind = QString::fromStdString(info.kind);
    batch.resolution = info.resolution;
    batch.modelDescription = QString::fromStdString(info.description);
    batch.images = std::move(*images);
    return batch;
}

core::Result<qint64> modelRow(ProjectDatabase& db, const GeneratedBatch& batch, const QString& purpose)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("INSERT INTO model (weights_sha256, resolution, description, added_at, kind) "
                                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (weights_sha256) DO NOTHING"));
    for (const QVariant& v : {QVariant(batch.modelSha256), QVariant(batch.resolution), QVariant(sqlText(batch.modelDescription)),
             QVariant(utcTimestamp()), QVariant(batch.kind)})
        query.addBindValue(v);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Storing the generator of %1").arg(purpose), query.lastError());
    query.prepare(QStringLiteral("SELECT id FROM model WHERE weights_sha256 = ?"));
    query.addBindValue(batch.modelSha256);
    if (!query.exec() || !query.next())
        return db.sqlError(QStringLiteral("Storing the generator of %1").arg(purpose), query.lastError());
    return query.value(0).toLongLong();
}

QString poolNameProblem(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return valid.match(name).hasMatch()
        ? QString()
        : QStringLiteral("'%1' is not a pool name: use 1-64 letters, digits, '.', '-' or '_'.").arg(name);
}

core::Result<PoolRecord> addRealPool(Project& project, const RealPoolRequest& request)
{
    ProjectDatabase& db = project.database();
    if (auto fine = checkNewPool(db, request.name, request.count); !fine)
        return fine.error();
    if (const auto problems = request.grid.problems(); !problems.empty())
        return fieldError("grid", problems.front());
    auto records = project.volumes();
    if (!records)
        return records.error();
    QStringList names;
    std::map<QString, qint64> ids;
    for (const auto& r : *records) {
        ids[r.pseudonym] = r.id;
        if (request.volumes.isEmpty() ? r.landmarks.complete() : request.volumes.contains(r.pseudonym))
            names << r.pseudonym;
    }
    for (const QString& asked : request.volumes)
        if (!names.contains(asked))
            return core::Error{core::ErrorCode::NotFound, asked.toStdString(),
                "No volume of this name in " + project.path().toStdString() + "; 'volumes' lists them.", {}};
    if (names.isEmpty())
        return core::Error{core::ErrorCode::InvalidArgument, project.path().toStdString(),
            "No volume has all four landmarks yet; place them ('landmarks PROJECT V --auto') first.", {}};
    const std::uint64_t perVolume = request.grid.count();
    const std::uint64_t total = perVolume * std::uint64_t(names.size());
    if (std::uint64_t(request.count) > total)
        return fieldError("count", "asks for " + std::to_string(request.count) + " images; the grid over "
                + std::to_string(names.size()) + " volume(s) has " + std::to_string(total) + ".");

    const auto drawn = core::distinctBelow(total, std::uint64_t(request.count), request.seed);
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    auto poolId = insertPool(db, request.name, false, QVariant(), request.grid.matrix, request.seed,
        QStringLiteral("grid %1; volumes %2").arg(QString::fromStdString(request.grid.toString()), names.join(' ')),
        int(drawn.size()));
    if (!poolId)
        return poolId.error();
    QSqlQuery insert(db.db());
    insert.prepare(QString::fromLatin1(kImageInsert).arg(imageTableForWriting(db)));
    std::vector<float> pixels(std::size_t(request.grid.matrix) * std::size_t(request.grid.matrix));
    // The draw is sorted, so each volume is loaded (and normalised) once.
    int position = 0;
    for (std::size_t next = 0; next < drawn.size();) {
        const auto volumeIndex = drawn[next] / perVolume;
        const QString& pseudonym = names[qsizetype(volumeIndex)];
        auto data = prepareTrainingData(project, {pseudonym}, request.grid);
        if (!data)
            return data.error();
        const core::PreparedVolume& prepared = data->volumes.front();
        const core::SliceSampler sampler(prepared.volume, prepared.frame, request.grid);
        for (; next < drawn.size() && drawn[next] / perVolume == volumeIndex; ++next) {
            const std::size_t index = std::size_t(drawn[next] % perVolume);
            sampler.sample(index, pixels);
            const auto s = request.grid.sample(index);
            const QByteArray png = poolPng(toGrayImage(pixels, request.grid.matrix));
            for (const QVariant& v : {QVariant(*poolId), QVariant(position++), QVariant(png), QVariant(sha256Hex(png)),
                     QVariant(ids[pseudonym]), QVariant(qint64(index)), QVariant(s.leftRightDeg),
                     QVariant(s.anteriorPosteriorDeg), QVariant(s.cranioCaudalDeg), QVariant(s.offsetMm),
                     QVariant(s.flipped ? 1 : 0), QVariant(), QVariant(), QVariant(), QVariant(), QVariant()})
                insert.addBindValue(v);
            if (!insert.exec())
                return db.sqlError(QStringLiteral("Storing the images of pool %1").arg(request.name), insert.lastError());
        }
    }
    if (auto logged = logEvent(db, QStringLiteral("pool made"),
            QStringLiteral("%1: %2 real slices of %3 px, seed %4").arg(request.name).arg(request.count).arg(request.grid.matrix).arg(request.seed));
        !logged)
        return logged.error();
    if (auto sealed = sealIfUnlocked(db); !sealed)
        return sealed.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Storing pool %1").arg(request.name), db.db().lastError());
    return pool(db, request.name);
}

core::Result<PoolRecord> addCreatedPool(Project& project, const QString& name, quint64 seed, const GeneratedBatch& batch)
{
    ProjectDatabase& db = project.database();
    if (auto fine = checkNewPool(db, name, int(batch.images.size())); !fine)
        return fine.error();
    const std::size_t side = std::size_t(batch.resolution);
    for (const auto& image : batch.images)
        if (batch.resolution < 1 || image.pixels.size() != side * side)
            return core::Error{core::ErrorCode::Internal, name.toStdString(),
                "A generated image does not have the model's resolution; this is a bug, please report it.", {}};
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    const auto modelId = modelRow(db, batch, QStringLiteral("pool %1").arg(name));
    if (!modelId)
        return modelId.error();
    QSqlQuery query(db.db());
    auto poolId = insertPool(db, name, true, *modelId, batch.resolution, seed,
        QStringLiteral("%1 images of %2 %3, seed %4")
            .arg(batch.images.size())
            .arg(sourceNoun(batch.kind), batch.modelSha256)
            .arg(seed),
        int(batch.images.size()));
    if (!poolId)
        return poolId.error();
    query.prepare(QString::fromLatin1(kImageInsert).arg(imageTableForWriting(db)));
    int position = 0;
    for (const auto& image : batch.images) {
        QImage grey(image.pixels.data(), batch.resolution, batch.resolution, batch.resolution, QImage::Format_Grayscale8);
        const QByteArray png = poolPng(grey);
        // A folder's image has no seed or latent, a generator's no file.
        const bool fromFile = !image.fileSha256.empty();
        for (const QVariant& v : {QVariant(*poolId), QVariant(position++), QVariant(png), QVariant(sha256Hex(png)),
                 QVariant(), QVariant(), QVariant(), QVariant(), QVariant(), QVariant(), QVariant(),
                 fromFile ? QVariant() : QVariant(QString::number(image.seed)),
                 fromFile ? QVariant() : QVariant(latentBytes(image.latent)),
                 fromFile ? QVariant(QString::fromStdString(image.fileName)) : QVariant(),
                 fromFile ? QVariant(QString::fromStdString(image.fileSha256)) : QVariant(), QVariant()})
            query.addBindValue(v);
        if (!query.exec())
            return db.sqlError(QStringLiteral("Storing the images of pool %1").arg(name), query.lastError());
    }
    if (auto logged = logEvent(db, QStringLiteral("pool made"),
            QStringLiteral("%1: %2 created images of %3 px from %4 %5, seed %6")
                .arg(name)
                .arg(batch.images.size())
                .arg(batch.resolution)
                .arg(sourceNoun(batch.kind), batch.modelSha256.left(12))
                .arg(seed));
        !logged)
        return logged.error();
    if (auto sealed = sealIfUnlocked(db); !sealed)
        return sealed.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Storing pool %1").arg(name), db.db().lastError());
    return pool(db, name);
}

core::Result<std::vector<PoolRecord>> pools(ProjectDatabase& db)
{
    QSqlQuery query(db.db());
    if (!query.exec(QStringLiteral("SELECT %1 FROM image_pool p LEFT JOIN model m ON m.id = p.model_id ORDER BY p.id")
                        .arg(QLatin1String(kPoolColumns))))
        return db.sqlError(QStringLiteral("Reading the image pools"), query.lastError());
    std::vector<PoolRecord> out;
    while (query.next())
        out.push_back(poolFrom(query));
    return out;
}

core::Result<PoolRecord> pool(ProjectDatabase& db, const QString& name)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT %1 FROM image_pool p LEFT JOIN model m ON m.id = p.model_id WHERE p.name = ?")
                      .arg(QLatin1String(kPoolColumns)));
    query.addBindValue(name);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading image pool %1").arg(name), query.lastError());
    if (!query.next())
        return core::Error{core::ErrorCode::NotFound, name.toStdString(),
            "No image pool of this name in " + db.path().toStdString() + "; 'pool list' shows them.", {}};
    return poolFrom(query);
}

core::Result<QByteArray> imagePng(ProjectDatabase& db, qint64 imageId)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT png FROM image WHERE id = ?"));
    query.addBindValue(imageId);
    if (!query.exec() || !query.next())
        return db.sqlError(QStringLiteral("Reading image %1").arg(imageId), query.lastError());
    return query.value(0).toByteArray();
}

core::Result<std::vector<qint64>> poolImageIds(ProjectDatabase& db, qint64 poolId)
{
    if (auto open = needOpenSources(db, QStringLiteral("Reading a pool's images")); !open)
        return open.error();
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT id FROM image WHERE pool_id = ? AND id NOT IN (SELECT image_id FROM "
                                 "image_discard) ORDER BY position"));
    query.addBindValue(poolId);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading image pool %1").arg(poolId), query.lastError());
    std::vector<qint64> ids;
    while (query.next())
        ids.push_back(query.value(0).toLongLong());
    return ids;
}

core::Result<std::vector<PoolImage>> poolImages(ProjectDatabase& db, const QString& poolName)
{
    auto p = pool(db, poolName);
    if (!p)
        return p.error();
    if (auto open = needOpenSources(db, QStringLiteral("Showing the images of pool %1").arg(poolName)); !open)
        return open.error();
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT i.id, i.position, i.png, coalesce(d.reason, ''), coalesce(d.discarded_at, ''), "
                                 "d.image_id IS NOT NULL FROM image i LEFT JOIN image_discard d ON d.image_id = i.id "
                                 "WHERE i.pool_id = ? ORDER BY i.position"));
    query.addBindValue(p->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading image pool %1").arg(poolName), query.lastError());
    std::vector<PoolImage> out;
    while (query.next())
        out.push_back({query.value(0).toLongLong(), query.value(1).toInt(), query.value(2).toByteArray(),
            query.value(5).toBool(), query.value(3).toString(), query.value(4).toString()});
    return out;
}

core::Result<void> discardImage(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& poolName,
    int position, const QString& reason)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    if (reason.trimmed().isEmpty())
        return core::Error{core::ErrorCode::InvalidArgument, "reason",
            "Say why the image is discarded; the reason is kept and reported with the pool.", {}};
    auto p = pool(db, poolName);
    if (!p)
        return p.error();
    QSqlQuery query(db.db());
    // Once a study draws from the pool, taking an image out would change the
    // draws of readers yet to come: the pool is fixed from then on.
    query.prepare(QStringLiteral("SELECT name FROM study WHERE real_pool_id = ? OR created_pool_id = ? ORDER BY id"));
    query.addBindValue(p->id);
    query.addBindValue(p->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the studies of pool %1").arg(poolName), query.lastError());
    if (query.next())
        return core::Error{core::ErrorCode::InvalidArgument, poolName.toStdString(),
            "Study '" + query.value(0).toString().toStdString()
                + "' draws from this pool already, so its images can no longer be discarded; make a new pool "
                  "instead.",
            {}};
    query.prepare(QStringLiteral("SELECT i.id, d.image_id IS NOT NULL FROM image i LEFT JOIN image_discard d ON "
                                 "d.image_id = i.id WHERE i.pool_id = ? AND i.position = ?"));
    query.addBindValue(p->id);
    query.addBindValue(position);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading image pool %1").arg(poolName), query.lastError());
    if (!query.next())
        return core::Error{core::ErrorCode::NotFound, "position",
            "Pool '" + poolName.toStdString() + "' has no image at position " + std::to_string(position)
                + " (positions run from 0 to " + std::to_string(p->size + p->discarded - 1) + ").",
            {}};
    if (query.value(1).toBool())
        return core::Error{core::ErrorCode::AlreadyExists, "position",
            "Image " + std::to_string(position) + " of pool '" + poolName.toStdString() + "' is discarded already.", {}};
    const qint64 imageId = query.value(0).toLongLong();
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    query.prepare(QStringLiteral("INSERT INTO image_discard (image_id, reason, discarded_at) VALUES (?, ?, ?)"));
    query.addBindValue(imageId);
    query.addBindValue(sqlText(reason.trimmed()));
    query.addBindValue(utcTimestamp());
    if (!query.exec())
        return db.sqlError(QStringLiteral("Discarding an image of pool %1").arg(poolName), query.lastError());
    query.prepare(QStringLiteral("UPDATE image_pool SET discarded_count = discarded_count + 1 WHERE id = ?"));
    query.addBindValue(p->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Discarding an image of pool %1").arg(poolName), query.lastError());
    if (auto logged = logEvent(db, QStringLiteral("image discarded"),
            QStringLiteral("pool %1, image %2: %3").arg(poolName).arg(position).arg(reason.trimmed()));
        !logged)
        return logged.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Discarding an image of pool %1").arg(poolName), db.db().lastError());
    return {};
}

} // namespace tr::studies

namespace tr::studies {

namespace {

constexpr const char* kManifestHeader = "file,position,volume,grid_index,lr_deg,ap_deg,cc_deg,offset_mm,flipped,png_sha256";

core::Error folderError(const QString& file, const QString& message)
{
    return core::Error{core::ErrorCode::InvalidArgument, file.toStdString(), message.toStdString(), {}};
}

} // namespace

core::Result<int> exportRealPool(ProjectDatabase& db, const QString& poolName, const QString& folder)
{
    auto p = pool(db, poolName);
    if (!p)
        return p.error();
    if (p->created)
        return fieldError("pool", "'" + poolName.toStdString()
                + "' is a pool of created images; only real pools are exported as a folder (a generator's images: "
                  "'generate').");
    if (auto open = needOpenSources(db, QStringLiteral("Exporting pool %1").arg(poolName)); !open)
        return open.error();
    if (!QDir().mkpath(folder))
        return core::Error{core::ErrorCode::PermissionDenied, folder.toStdString(),
            "The folder cannot be created; check the path and its permissions.", {}};
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral(
        "SELECT i.position, i.png, i.png_sha256, coalesce(v.pseudonym, i.subject, ''), i.grid_index, i.lr_deg, i.ap_deg, "
        "i.cc_deg, i.offset_mm, i.flipped FROM image i LEFT JOIN volume v ON v.id = i.volume_id "
        "WHERE i.pool_id = ? AND i.id NOT IN (SELECT image_id FROM image_discard) ORDER BY i.position"));
    query.addBindValue(p->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading image pool %1").arg(poolName), query.lastError());
    QString manifest = QString::fromLatin1(kManifestHeader) + QLatin1Char('\n');
    int written = 0;
    while (query.next()) {
        const QString file = QStringLiteral("%1.png").arg(query.value(0).toInt(), 4, 10, QLatin1Char('0'));
        QSaveFile out(QDir(folder).filePath(file));
        const QByteArray png = query.value(1).toByteArray();
        if (!out.open(QIODevice::WriteOnly) || out.write(png) != png.size() || !out.commit())
            return core::Error{core::ErrorCode::Io, QDir(folder).filePath(file).toStdString(),
                "The image cannot be written: " + out.errorString().toStdString(), {}};
        QStringList row{file, query.value(0).toString(), query.value(3).toString()};
        for (int column = 4; column <= 9; ++column)
            row << query.value(column).toString();
        row << query.value(2).toString();
        manifest += row.join(QLatin1Char(',')) + QLatin1Char('\n');
        ++written;
    }
    QSaveFile out(QDir(folder).filePath(QStringLiteral("manifest.csv")));
    if (!out.open(QIODevice::WriteOnly) || out.write(manifest.toUtf8()) < 0 || !out.commit())
        return core::Error{core::ErrorCode::Io, QDir(folder).filePath(QStringLiteral("manifest.csv")).toStdString(),
            "The manifest cannot be written: " + out.errorString().toStdString(), {}};
    return written;
}

core::Result<PoolRecord> addRealPoolFromFolder(
    Project& project, const QString& name, const QString& folder, const QString& source)
{
    ProjectDatabase& db = project.database();
    const QString manifestPath = QDir(folder).filePath(QStringLiteral("manifest.csv"));
    QFile manifest(manifestPath);
    if (!manifest.open(QIODevice::ReadOnly))
        return core::Error{core::ErrorCode::NotFound, manifestPath.toStdString(),
            "No manifest here: a pool folder holds manifest.csv beside its PNG files ('pool export' writes both).", {}};
    QTextStream in(&manifest);
    if (in.readLine().trimmed() != QLatin1String(kManifestHeader))
        return folderError(manifestPath, QStringLiteral("line 1: the header must be '%1'.").arg(QLatin1String(kManifestHeader)));
    struct Row {
        QByteArray png;
        QString volume;
        QVariant gridIndex, lr, ap, cc, offset, flipped;
    };
    std::vector<Row> rows;
    std::set<QString> volumes, files;
    int side = 0;
    for (int line = 2; !in.atEnd(); ++line) {
        const QString text = in.readLine();
        if (text.trimmed().isEmpty())
            continue;
        const QStringList f = text.split(QLatin1Char(','));
        const QString where = QStringLiteral("line %1").arg(line);
        if (f.size() != 10)
            return folderError(manifestPath, QStringLiteral("%1: %2 fields where the header has 10.").arg(where).arg(f.size()));
        static const QRegularExpression plainName(QStringLiteral("^[A-Za-z0-9._-]+\\.png$"));
        if (!plainName.match(f[0]).hasMatch())
            return folderError(manifestPath, QStringLiteral("%1, field 'file': '%2' is not a PNG file name in this folder.").arg(where, f[0]));
        if (!files.insert(f[0]).second)
            return folderError(manifestPath, QStringLiteral("%1, field 'file': '%2' is listed twice.").arg(where, f[0]));
        const QString path = QDir(folder).filePath(f[0]);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return core::Error{core::ErrorCode::NotFound, path.toStdString(), "The manifest names this file but it cannot be read.", {}};
        Row row;
        row.png = file.readAll();
        if (sha256Hex(row.png) != f[9].trimmed())
            return folderError(path, QStringLiteral("its SHA-256 is not the manifest's (%1, field 'png_sha256'): the file was changed or damaged.").arg(where));
        QImage image;
        if (!image.loadFromData(row.png, "PNG") || image.format() != QImage::Format_Grayscale8 || image.width() != image.height())
            return folderError(path, QStringLiteral("not an 8-bit grey square PNG; a pool holds only such images."));
        if (side == 0)
            side = image.width();
        else if (image.width() != side)
            return folderError(path, QStringLiteral("%1 x %1 pixels where the pool's first image has %2 x %2.").arg(image.width()).arg(side));
        row.volume = f[2];
        // An empty field is NULL (a slice made elsewhere may not know its grid index).
        auto number = [](const QString& value, bool whole, bool& fine) -> QVariant {
            fine = true;
            if (value.isEmpty())
                return QVariant();
            const double v = value.toDouble(&fine);
            fine = fine && std::isfinite(v) && (!whole || v == std::floor(v));
            return whole ? QVariant(qint64(v)) : QVariant(v);
        };
        const std::pair<const char*, QVariant*> fields[] = {{"grid_index", &row.gridIndex}, {"lr_deg", &row.lr},
            {"ap_deg", &row.ap}, {"cc_deg", &row.cc}, {"offset_mm", &row.offset}, {"flipped", &row.flipped}};
        for (int k = 0; k < 6; ++k) {
            const bool whole = k == 0 || k == 5;
            bool fine = false;
            *fields[k].second = number(f[3 + k], whole, fine);
            if (!fine)
                return folderError(manifestPath, QStringLiteral("%1, field '%2': '%3' is not a %4.")
                        .arg(where, QLatin1String(fields[k].first), f[3 + k],
                            whole ? QStringLiteral("whole number") : QStringLiteral("number")));
        }
        if (!row.volume.isEmpty())
            volumes.insert(row.volume);
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        return folderError(manifestPath, QStringLiteral("lists no images."));
    if (auto fine = checkNewPool(db, name, int(rows.size())); !fine)
        return fine.error();

    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    QStringList names(volumes.begin(), volumes.end());
    auto poolId = insertPool(db, name, false, QVariant(), side, 0,
        QStringLiteral("%1 slices from %2 (%3); volumes %4").arg(rows.size()).arg(folder, source, names.join(' ')),
        int(rows.size()));
    if (!poolId)
        return poolId.error();
    QSqlQuery insert(db.db());
    insert.prepare(QString::fromLatin1(kImageInsert).arg(imageTableForWriting(db)));
    int position = 0;
    for (const Row& r : rows) {
        for (const QVariant& v : {QVariant(*poolId), QVariant(position++), QVariant(r.png), QVariant(sha256Hex(r.png)),
                 QVariant(), r.gridIndex, r.lr, r.ap, r.cc, r.offset, r.flipped, QVariant(), QVariant(), QVariant(), QVariant(),
                 r.volume.isEmpty() ? QVariant() : QVariant(r.volume)})
            insert.addBindValue(v);
        if (!insert.exec())
            return db.sqlError(QStringLiteral("Storing the images of pool %1").arg(name), insert.lastError());
    }
    if (auto logged = logEvent(db, QStringLiteral("pool made"),
            QStringLiteral("%1: %2 real slices of %3 px from %4").arg(name).arg(rows.size()).arg(side).arg(folder));
        !logged)
        return logged.error();
    if (auto sealed = sealIfUnlocked(db); !sealed)
        return sealed.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Storing pool %1").arg(name), db.db().lastError());
    return pool(db, name);
}

} // namespace tr::studies
