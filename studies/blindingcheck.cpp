#include "studies/blindingcheck.h"

#include "studies/readersession.h"
#include "studies/sealedsources.h"

#include "core/singlecueobservers.h"
#include "core/splitmix64.h"
#include "core/subjectsplit.h"
#include "studies/grayimage.h"
#include "studies/imagepool.h"
#include "studies/sqltext.h"
#include "studies/study.h"
#include "studies/timestamp.h"

#include <QCryptographicHash>
#include <QImage>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <map>
#include <set>

namespace tr::studies {
namespace {

constexpr int kMostChecked = 1000;

struct PoolPixels {
    std::vector<core::RealismImage> images;
    std::vector<QByteArray> hashes; // of the decoded pixels
    int side = 0;
    int groups = 0;
};

// A pool's images a study can draw: decoded, with the stored PNG's size and
// the volume each real slice came from (its subject).
core::Result<PoolPixels> readPool(ProjectDatabase& db, const QString& name, quint64 seed)
{
    auto p = pool(db, name);
    if (!p)
        return p.error();
    QSqlQuery q(db.db());
    // The subject: the volume a slice was drawn from, or the one an imported slice's manifest names.
    q.prepare(QStringLiteral("SELECT id, coalesce(CAST(volume_id AS TEXT), subject) FROM image WHERE pool_id = ? AND id NOT IN "
                             "(SELECT image_id FROM image_discard) ORDER BY position"));
    q.addBindValue(p->id);
    if (!q.exec())
        return db.sqlError(QStringLiteral("Reading pool %1 for the blinding check").arg(name), q.lastError());
    std::vector<std::pair<qint64, QVariant>> rows;
    while (q.next())
        rows.emplace_back(q.value(0).toLongLong(), q.value(1));
    // At most kMostChecked, drawn with the seed (the check stays quick on big
    // pools); only their PNGs are read.
    const auto keep = core::distinctBelow(rows.size(), std::min<std::uint64_t>(rows.size(), kMostChecked), seed);
    PoolPixels out;
    out.side = p->resolution;
    std::map<QString, int> groups;
    for (const std::uint64_t i : keep) {
        auto png = imagePng(db, rows[i].first);
        if (!png)
            return png.error();
        const QImage image = QImage::fromData(*png, "PNG");
        if (image.isNull() || image.width() != p->resolution || image.height() != p->resolution)
            return core::Error{core::ErrorCode::Corrupt, name.toStdString(),
                "An image of this pool cannot be read back; the project file is damaged.", {}};
        core::RealismImage r;
        r.pixels = greyPixels(image);
        r.pngBytes = std::size_t(png->size());
        if (!rows[i].second.isNull())
            r.group = groups.emplace(rows[i].second.toString(), int(groups.size())).first->second;
        out.hashes.push_back(QCryptographicHash::hash(
            QByteArrayView(reinterpret_cast<const char*>(r.pixels.data()), qsizetype(r.pixels.size())),
            QCryptographicHash::Sha256));
        out.images.push_back(std::move(r));
    }
    out.groups = int(groups.size());
    return out;
}

QString percent(const core::HeldOutAccuracy& a)
{
    return QStringLiteral("%1 (95 % CI %2-%3)")
        .arg(a.accuracy, 0, 'f', 3)
        .arg(a.interval.lower, 0, 'f', 3)
        .arg(a.interval.upper, 0, 'f', 3);
}

StoredBlindingCheck fromRow(const QSqlQuery& q)
{
    StoredBlindingCheck s;
    s.madeAt = q.value(0).toString();
    s.summary = q.value(1).toString();
    s.raised = q.value(2).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    s.acknowledgedAt = q.value(3).toString();
    s.acknowledgement = q.value(4).toString();
    return s;
}

} // namespace

core::Result<BlindingCheck> checkBlinding(ProjectDatabase& db, const QString& realPool, const QString& createdPool, quint64 seed)
{
    if (auto open = needOpenSources(db, QStringLiteral("The blinding check")); !open)
        return open.error();
    auto real = readPool(db, realPool, seed);
    if (!real)
        return real.error();
    auto created = readPool(db, createdPool, seed + 1);
    if (!created)
        return created.error();
    BlindingCheck check;
    check.realPool = realPool;
    check.createdPool = createdPool;
    check.realImages = int(real->images.size());
    check.createdImages = int(created->images.size());

    // Duplicates: the same picture twice in a pool, or a created image that is a real one.
    std::set<QByteArray> realSeen, createdSeen;
    for (const auto& h : real->hashes)
        check.duplicatesWithin += realSeen.insert(h).second ? 0 : 1;
    for (const auto& h : created->hashes) {
        check.duplicatesWithin += createdSeen.insert(h).second ? 0 : 1;
        check.duplicatesAcross += realSeen.count(h) ? 1 : 0;
    }
    if (check.duplicatesWithin > 0)
        check.raised << QStringLiteral("exact duplicates: %1 images repeat another of their pool").arg(check.duplicatesWithin);
    if (check.duplicatesAcross > 0)
        check.raised << QStringLiteral("exact duplicates: %1 created images are real ones").arg(check.duplicatesAcross);

    if (real->side != created->side) {
        check.raised << QStringLiteral("image size: %1 px real, %2 px created").arg(real->side).arg(created->side);
        return check;
    }
    // Real slices held out by subject when the pool names at least two
    // (imported pools name none: then image by image, as created ones are).
    check.bySubject = real->groups >= 2;
    if (!check.bySubject)
        for (auto& image : real->images)
            image.group = -1;
    core::SplitMix64 random(seed);
    auto realSplit = core::splitBySubject(real->images, 1.0 / 3.0, 0.0, random);
    auto createdSplit = core::splitBySubject(created->images, 1.0 / 3.0, 0.0, random);
    core::balanceParts(realSplit.train, createdSplit.train);
    core::balanceParts(realSplit.test, createdSplit.test);
    if (realSplit.test.size() < 3 || realSplit.train.size() < 3) {
        check.raised << QStringLiteral("too few images to check: %1 real and %2 created; the cues were not measured")
                            .arg(check.realImages)
                            .arg(check.createdImages);
        return check;
    }
    core::LabelledSet fit, test;
    const auto add = [](core::LabelledSet& set, const PoolPixels& from, const std::vector<std::size_t>& which, bool isCreated) {
        for (const std::size_t i : which) {
            set.images.push_back(&from.images[i]);
            set.created.push_back(isCreated);
        }
    };
    add(fit, *real, realSplit.train, false);
    add(fit, *created, createdSplit.train, true);
    add(test, *real, realSplit.test, false);
    add(test, *created, createdSplit.test, true);
    check.testImages = int(test.images.size());
    check.cues = core::singleCueObservers(fit, test, real->side);
    for (const auto& cue : check.cues)
        if (cue.accuracy.accuracy > kBlindingCueLimit)
            check.raised << QStringLiteral("%1: held-out accuracy %2").arg(QString::fromStdString(cue.name), percent(cue.accuracy));
    return check;
}

QString formatBlindingCheck(const BlindingCheck& check)
{
    QString text = QStringLiteral("Blinding check of pools %1 (real, %2 images) and %3 (created, %4 images): can a "
                                  "low-level cue alone tell them apart?\n")
                       .arg(check.realPool)
                       .arg(check.realImages)
                       .arg(check.createdPool)
                       .arg(check.createdImages);
    if (!check.cues.empty())
        text += QStringLiteral("Single-cue observers fitted on two thirds, scored on %1 held-out images%2; above %3 "
                               "is raised:\n")
                    .arg(check.testImages)
                    .arg(check.bySubject ? QStringLiteral(" (real slices held out by subject)")
                                         : QStringLiteral(" (the real pool names no subjects: held out by image)"))
                    .arg(kBlindingCueLimit, 0, 'f', 2);
    for (const auto& cue : check.cues)
        text += QStringLiteral("  %1 %2%3\n")
                    .arg(QString::fromStdString(cue.name).leftJustified(36))
                    .arg(percent(cue.accuracy))
                    .arg(cue.accuracy.accuracy > kBlindingCueLimit ? QStringLiteral("  RAISED") : QString());
    text += QStringLiteral("Exact duplicates: %1 within a pool, %2 created images identical to a real one.\n")
                .arg(check.duplicatesWithin)
                .arg(check.duplicatesAcross);
    text += check.passed()
        ? QStringLiteral("Passed: no low-level cue alone separates the pools.\n")
        : QStringLiteral("Raised (%1 marked above): readers could answer from this rather than from anatomy. The "
                         "coordinator must acknowledge it before the first session ('study check PROJECT --study S "
                         "--acknowledge \"why\"', or the Studies page).\n")
              .arg(check.raised.size());
    return text;
}

core::Result<StoredBlindingCheck> recordBlindingCheck(ProjectDatabase& db, qint64 studyId)
{
    QSqlQuery q(db.db());
    q.prepare(QStringLiteral("SELECT r.name, c.name, s.name, s.seed FROM study s JOIN image_pool r ON r.id = s.real_pool_id "
                             "JOIN image_pool c ON c.id = s.created_pool_id WHERE s.id = ?"));
    q.addBindValue(studyId);
    if (!q.exec() || !q.next())
        return db.sqlError(QStringLiteral("Reading the study for its blinding check"), q.lastError());
    const QString realPool = q.value(0).toString(), createdPool = q.value(1).toString(), name = q.value(2).toString();
    auto seed = seedFrom(db, q.value(3).toString(), studySeedContext(name));
    if (!seed)
        return seed.error();
    if (!*seed)
        return core::Error{core::ErrorCode::PermissionDenied, name.toStdString(),
            "The blinding check draws from the study's seed, which is sealed: it needs the coordinator passphrase.", {}};
    auto check = checkBlinding(db, realPool, createdPool, **seed);
    if (!check)
        return check.error();
    StoredBlindingCheck stored;
    stored.madeAt = utcTimestamp();
    stored.summary = formatBlindingCheck(*check);
    stored.raised = check->raised;
    q.prepare(QStringLiteral("INSERT INTO blinding_check (study_id, made_at, summary, raised) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT (study_id) DO UPDATE SET made_at = excluded.made_at, summary = excluded.summary, "
                             "raised = excluded.raised, acknowledged_at = NULL, acknowledgement = NULL"));
    for (const QVariant& v : {QVariant(studyId), QVariant(stored.madeAt), QVariant(stored.summary),
             QVariant(sqlText(stored.raised.join(QLatin1Char('\n'))))})
        q.addBindValue(v);
    if (!q.exec())
        return db.sqlError(QStringLiteral("Storing the blinding check"), q.lastError());
    if (auto logged = logEvent(db, QStringLiteral("blinding check"),
            check->passed() ? QStringLiteral("passed") : QStringLiteral("raised: %1").arg(check->raised.join(QStringLiteral("; "))),
            studyId);
        !logged)
        return logged.error();
    return stored;
}

core::Result<std::optional<StoredBlindingCheck>> blindingCheck(ProjectDatabase& db, const QString& studyName)
{
    auto s = study(db, studyName);
    if (!s)
        return s.error();
    QSqlQuery q(db.db());
    q.prepare(QStringLiteral("SELECT made_at, summary, raised, coalesce(acknowledged_at, ''), coalesce(acknowledgement, '') "
                             "FROM blinding_check WHERE study_id = ?"));
    q.addBindValue(s->id);
    if (!q.exec())
        return db.sqlError(QStringLiteral("Reading the blinding check of study %1").arg(studyName), q.lastError());
    if (!q.next())
        return std::optional<StoredBlindingCheck>();
    return std::optional<StoredBlindingCheck>(fromRow(q));
}

core::Result<StoredBlindingCheck> acknowledgeBlindingCheck(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& studyName, const QString& note)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    if (note.trimmed().isEmpty())
        return core::Error{core::ErrorCode::InvalidArgument, "acknowledge",
            "Say why the study may go ahead despite the check (kept and printed in every report of the study).", {}};
    auto s = study(db, studyName);
    if (!s)
        return s.error();
    auto existing = blindingCheck(db, studyName);
    if (!existing)
        return existing.error();
    if (!*existing) {
        auto made = recordBlindingCheck(db, s->id);
        if (!made)
            return made.error();
    }
    const QString at = utcTimestamp();
    QSqlQuery q(db.db());
    q.prepare(QStringLiteral("UPDATE blinding_check SET acknowledged_at = ?, acknowledgement = ? WHERE study_id = ?"));
    for (const QVariant& v : {QVariant(at), QVariant(note.trimmed()), QVariant(s->id)})
        q.addBindValue(v);
    if (!q.exec())
        return db.sqlError(QStringLiteral("Storing the acknowledgement of the blinding check"), q.lastError());
    if (auto logged = logEvent(db, QStringLiteral("blinding acknowledged"), note.trimmed(), s->id); !logged)
        return logged.error();
    // Readers' sessions can be drawn from now on (readersession.h).
    if (auto drawn = drawPendingSessions(db); !drawn)
        return drawn.error();
    auto now = blindingCheck(db, studyName);
    if (!now)
        return now.error();
    return **now;
}

QString blindingSentence(const StoredBlindingCheck& stored)
{
    if (stored.raised.isEmpty())
        return QStringLiteral("Blinding check (%1): passed; no low-level cue alone told the pools apart (held-out "
                              "accuracy at most %2), and no image is an exact duplicate.")
            .arg(stored.madeAt)
            .arg(kBlindingCueLimit, 0, 'f', 2);
    QString text = QStringLiteral("Blinding check (%1): raised: %2.").arg(stored.madeAt, stored.raised.join(QStringLiteral("; ")));
    text += stored.acknowledgedAt.isEmpty()
        ? QStringLiteral(" Not acknowledged: no session can start.")
        : QStringLiteral(" Acknowledged by the coordinator (%1): \u201c%2\u201d").arg(stored.acknowledgedAt, stored.acknowledgement);
    return text;
}

} // namespace tr::studies
