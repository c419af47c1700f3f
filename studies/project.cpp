#include "studies/project.h"

#include "studies/study.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <cstring>

namespace tr::studies {

namespace {

QVariant optionalValue(const std::optional<double>& v) { return v ? QVariant(*v) : QVariant(); }
std::optional<double> optionalDouble(const QVariant& v)
{
    return v.isNull() ? std::nullopt : std::optional<double>(v.toDouble());
}
QVariant textOrNull(const std::string& s)
{
    return s.empty() ? QVariant() : QVariant(QString::fromStdString(s));
}

QString joinNumbers(const double* values, int count)
{
    QStringList parts;
    for (int i = 0; i < count; ++i)
        parts << QString::number(values[i], 'g', 17);
    return parts.join(QLatin1Char(' '));
}

bool splitNumbers(const QString& text, double* values, int count)
{
    const auto parts = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() != count)
        return false;
    for (int i = 0; i < count; ++i) {
        bool ok = false;
        values[i] = parts[i].toDouble(&ok);
        if (!ok)
            return false;
    }
    return true;
}

QByteArray voxelBytes(const core::Volume& volume)
{
    return QByteArray(reinterpret_cast<const char*>(volume.voxels.data()),
        static_cast<qsizetype>(volume.voxels.size() * sizeof(float)));
}

const char* sourceKey(LandmarkSource s) { return s == LandmarkSource::Manual ? "manual" : "auto"; }

constexpr const char* kVolumeColumns
    = "id, pseudonym, source_format, size_i, size_j, size_k, spacing_i, spacing_j, spacing_k, "
      "acquired_orientation, manufacturer, model, field_strength_t, sequence, repetition_time_ms, "
      "echo_time_ms, flip_angle_deg, bias_corrected";

VolumeRecord recordFrom(const QSqlQuery& q)
{
    VolumeRecord r;
    r.id = q.value(0).toLongLong();
    r.pseudonym = q.value(1).toString();
    r.sourceFormat = q.value(2).toString();
    for (int d = 0; d < 3; ++d) {
        r.size[std::size_t(d)] = q.value(3 + d).toULongLong();
        r.spacing[std::size_t(d)] = q.value(6 + d).toDouble();
    }
    r.acquiredOrientation = q.value(9).toString();
    r.facts.manufacturer = q.value(10).toString().toStdString();
    r.facts.model = q.value(11).toString().toStdString();
    r.facts.fieldStrengthT = optionalDouble(q.value(12));
    r.facts.sequence = q.value(13).toString().toStdString();
    r.facts.repetitionTimeMs = optionalDouble(q.value(14));
    r.facts.echoTimeMs = optionalDouble(q.value(15));
    r.facts.flipAngleDeg = optionalDouble(q.value(16));
    r.biasCorrected = q.value(17).toInt() != 0;
    return r;
}

} // namespace

QString VolumeRecord::status() const
{
    QStringList missing;
    for (auto l : core::kAllLandmarks)
        if (!landmarks[l])
            missing << QString::fromUtf8(core::landmarkKey(l).data(), qsizetype(core::landmarkKey(l).size()));
    return missing.isEmpty() ? QStringLiteral("ready") : QStringLiteral("needs ") + missing.join(QLatin1Char(','));
}

core::Result<Project> Project::create(const QString& path)
{
    auto db = ProjectDatabase::create(path);
    if (!db)
        return db.error();
    return Project(std::move(*db));
}

core::Result<Project> Project::open(const QString& path)
{
    auto db = ProjectDatabase::open(path);
    if (!db)
        return db.error();
    return Project(std::move(*db));
}

core::Result<Project> Project::openSecondConnection(const QString& path)
{
    auto db = ProjectDatabase::openSecondConnection(path);
    if (!db)
        return db.error();
    return Project(std::move(*db));
}

core::Result<Project> Project::openOrCreate(const QString& path)
{
    return QFileInfo::exists(path) ? open(path) : create(path);
}

core::Error Project::notFound(const QString& pseudonym) const
{
    return core::Error{core::ErrorCode::NotFound, pseudonym.toStdString(),
        "No volume of this name in " + path().toStdString() + ". 'volumes' lists the names.", {}};
}

core::Result<VolumeRecord> Project::addVolume(
    const core::Volume& volume, const QString& sourceFormat, const core::AcquisitionFacts& facts, bool biasCorrected)
{
    const QByteArray raw = voxelBytes(volume);
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex());
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT pseudonym FROM volume WHERE voxel_sha256 = ?"));
    q.addBindValue(hash);
    if (!q.exec())
        return m_db.sqlError(QStringLiteral("Checking for duplicates"), q.lastError());
    if (q.next())
        return core::Error{core::ErrorCode::AlreadyExists, q.value(0).toString().toStdString(),
            "This scan is in the project already under this name; it was not imported twice.", {}};

    Transaction transaction(m_db.db());
    if (!transaction.begun())
        return m_db.sqlError(QStringLiteral("Starting the import"), m_db.db().lastError());
    // Next pseudonym: one more than the highest so far, so names are never reused.
    q.exec(QStringLiteral("SELECT COALESCE(MAX(CAST(SUBSTR(pseudonym, 2) AS INTEGER)), 0) FROM volume"));
    const int number = q.next() ? q.value(0).toInt() + 1 : 1;
    const QString pseudonym = QStringLiteral("V%1").arg(number, 3, 10, QLatin1Char('0'));

    q.prepare(QStringLiteral(
        "INSERT INTO volume (pseudonym, source_format, size_i, size_j, size_k, spacing_i, spacing_j, spacing_k, "
        "origin, direction, acquired_orientation, manufacturer, model, field_strength_t, sequence, "
        "repetition_time_ms, echo_time_ms, flip_angle_deg, bias_corrected, voxel_sha256, voxels) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(pseudonym);
    q.addBindValue(sourceFormat);
    for (auto n : volume.size)
        q.addBindValue(qulonglong(n));
    for (auto s : volume.spacing)
        q.addBindValue(s);
    q.addBindValue(joinNumbers(volume.origin.data(), 3));
    q.addBindValue(joinNumbers(volume.direction.data(), 9));
    q.addBindValue(QString::fromStdString(volume.acquiredOrientation));
    q.addBindValue(textOrNull(facts.manufacturer));
    q.addBindValue(textOrNull(facts.model));
    q.addBindValue(optionalValue(facts.fieldStrengthT));
    q.addBindValue(textOrNull(facts.sequence));
    q.addBindValue(optionalValue(facts.repetitionTimeMs));
    q.addBindValue(optionalValue(facts.echoTimeMs));
    q.addBindValue(optionalValue(facts.flipAngleDeg));
    q.addBindValue(biasCorrected ? 1 : 0);
    q.addBindValue(hash);
    q.addBindValue(qCompress(raw, 6));
    if (!q.exec())
        return m_db.sqlError(QStringLiteral("Storing volume %1").arg(pseudonym), q.lastError());
    if (!transaction.commit())
        return m_db.sqlError(QStringLiteral("Storing volume %1").arg(pseudonym), m_db.db().lastError());
    return this->volume(pseudonym);
}

core::Result<std::vector<VolumeRecord>> Project::volumes()
{
    QSqlQuery q(m_db.db());
    if (!q.exec(QStringLiteral("SELECT %1 FROM volume ORDER BY id").arg(QLatin1String(kVolumeColumns))))
        return m_db.sqlError(QStringLiteral("Listing volumes"), q.lastError());
    std::vector<VolumeRecord> out;
    while (q.next())
        out.push_back(recordFrom(q));
    QSqlQuery l(m_db.db());
    if (!l.exec(QStringLiteral("SELECT volume_id, name, x, y, z, source FROM landmark")))
        return m_db.sqlError(QStringLiteral("Reading landmarks"), l.lastError());
    while (l.next()) {
        const auto which = core::landmarkFromKey(l.value(1).toString().toStdString());
        for (auto& r : out)
            if (r.id == l.value(0).toLongLong() && which) {
                r.landmarks[*which] = core::Vec3{l.value(2).toDouble(), l.value(3).toDouble(), l.value(4).toDouble()};
                r.landmarkSources[std::size_t(*which)]
                    = l.value(5).toString() == QLatin1String("manual") ? LandmarkSource::Manual : LandmarkSource::Auto;
            }
    }
    return out;
}

core::Result<VolumeRecord> Project::volume(const QString& pseudonym)
{
    auto all = volumes();
    if (!all)
        return all.error();
    for (auto& r : *all)
        if (r.pseudonym.compare(pseudonym, Qt::CaseInsensitive) == 0)
            return r;
    return notFound(pseudonym);
}

core::Result<core::Volume> Project::loadVolume(const QString& pseudonym)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT size_i, size_j, size_k, spacing_i, spacing_j, spacing_k, origin, direction, "
                             "acquired_orientation, voxels FROM volume WHERE upper(pseudonym) = upper(?)"));
    q.addBindValue(pseudonym);
    if (!q.exec())
        return m_db.sqlError(QStringLiteral("Reading volume %1").arg(pseudonym), q.lastError());
    if (!q.next())
        return notFound(pseudonym);
    core::Volume v;
    for (int d = 0; d < 3; ++d) {
        v.size[std::size_t(d)] = q.value(d).toULongLong();
        v.spacing[std::size_t(d)] = q.value(3 + d).toDouble();
    }
    v.acquiredOrientation = q.value(8).toString().toStdString();
    const QByteArray raw = qUncompress(q.value(9).toByteArray());
    if (!splitNumbers(q.value(6).toString(), v.origin.data(), 3)
        || !splitNumbers(q.value(7).toString(), v.direction.data(), 9)
        || raw.size() != qsizetype(v.voxelCount() * sizeof(float)))
        return core::Error{core::ErrorCode::Corrupt, path().toStdString(),
            "The stored data of volume " + pseudonym.toStdString()
                + " is damaged. Restore the project file from a backup, or import the scan again.",
            {}};
    v.voxels.resize(v.voxelCount());
    std::memcpy(v.voxels.data(), raw.constData(), std::size_t(raw.size()));
    return v;
}

core::Result<void> Project::setLandmarks(const QString& pseudonym, const core::Landmarks& points, LandmarkSource source)
{
    auto record = volume(pseudonym);
    if (!record)
        return record.error();
    Transaction transaction(m_db.db());
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO landmark (volume_id, name, x, y, z, source) VALUES (?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (volume_id, name) DO UPDATE SET x = excluded.x, y = excluded.y, z = excluded.z, "
                             "source = excluded.source"));
    for (auto l : core::kAllLandmarks) {
        if (!points[l])
            continue;
        q.addBindValue(record->id);
        q.addBindValue(QString::fromUtf8(core::landmarkKey(l).data(), qsizetype(core::landmarkKey(l).size())));
        for (double c : *points[l])
            q.addBindValue(c);
        q.addBindValue(QLatin1String(sourceKey(source)));
        if (!q.exec())
            return m_db.sqlError(QStringLiteral("Saving landmarks of %1").arg(pseudonym), q.lastError());
    }
    QStringList set;
    for (auto l : core::kAllLandmarks)
        if (points[l])
            set << QString::fromUtf8(core::landmarkKey(l).data(), qsizetype(core::landmarkKey(l).size()));
    if (auto logged = logEvent(m_db, QStringLiteral("landmarks set"),
            QStringLiteral("%1: %2 (%3)")
                .arg(pseudonym, set.join(QLatin1String(", ")),
                    source == LandmarkSource::Manual ? QStringLiteral("placed by hand") : QStringLiteral("suggested")));
        !logged)
        return logged.error();
    if (!transaction.commit())
        return m_db.sqlError(QStringLiteral("Saving landmarks of %1").arg(pseudonym), m_db.db().lastError());
    return {};
}

} // namespace tr::studies
