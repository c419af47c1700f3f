#include "studies/sealedsources.h"

#include "studies/coordinatoraccess.h"
#include "studies/projectdatabase.h"
#include "studies/readersession.h"
#include "studies/study.h"
#include "studies/truthkey.h"

#include <QDataStream>
#include <QIODevice>
#include <QMutex>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

#include <functional>
#include <map>
#include <vector>

namespace tr::studies {

namespace {

// The image columns a seal holds, in this order (the field number the SQLite
// function takes is the index here).
constexpr const char* kSealedColumns[] = {"pool_id", "position", "volume_id", "grid_index", "lr_deg", "ap_deg",
    "cc_deg", "offset_mm", "flipped", "image_seed", "latent", "source_file", "source_sha256", "subject"};
constexpr int kSealedCount = int(std::size(kSealedColumns));
constexpr quint8 kSourceFormat = 1;
constexpr const char* kSealedPrefix = "sealed:";
constexpr const char* kSealingSetting = "seal_sources";

enum Tag : quint8 { Null = 0, Integer = 1, Real = 2, Text = 3, Bytes = 4 };

QByteArray sourceContext(qint64 imageId) { return "image source " + QByteArray::number(imageId); }

// Each value with its SQLite storage class, so that it reads back as written.
QByteArray encodeSource(const QVariantList& values)
{
    QByteArray out;
    QDataStream stream(&out, QIODevice::WriteOnly);
    stream.setVersion(QDataStream::Qt_6_0);
    stream << kSourceFormat << quint8(values.size());
    for (const QVariant& v : values) {
        if (v.isNull()) {
            stream << quint8(Null);
            continue;
        }
        switch (v.typeId()) {
        case QMetaType::Int:
        case QMetaType::LongLong:
        case QMetaType::UInt:
        case QMetaType::ULongLong:
        case QMetaType::Bool:
            stream << quint8(Integer) << qint64(v.toLongLong());
            break;
        case QMetaType::Double:
        case QMetaType::Float:
            stream << quint8(Real) << v.toDouble();
            break;
        case QMetaType::QByteArray:
            stream << quint8(Bytes) << v.toByteArray();
            break;
        default:
            stream << quint8(Text) << v.toString();
            break;
        }
    }
    return out;
}

std::optional<QVariantList> decodeSource(const QByteArray& bytes)
{
    QDataStream stream(bytes);
    stream.setVersion(QDataStream::Qt_6_0);
    quint8 format = 0, count = 0;
    stream >> format >> count;
    if (format != kSourceFormat || count != kSealedCount)
        return std::nullopt;
    QVariantList values;
    for (int i = 0; i < count; ++i) {
        quint8 tag = Null;
        stream >> tag;
        switch (tag) {
        case Null:
            values << QVariant();
            break;
        case Integer: {
            qint64 n = 0;
            stream >> n;
            values << QVariant(n);
            break;
        }
        case Real: {
            double d = 0;
            stream >> d;
            values << QVariant(d);
            break;
        }
        case Text: {
            QString t;
            stream >> t;
            values << QVariant(t);
            break;
        }
        case Bytes: {
            QByteArray b;
            stream >> b;
            values << QVariant(b);
            break;
        }
        default:
            return std::nullopt;
        }
    }
    if (stream.status() != QDataStream::Ok || !stream.atEnd())
        return std::nullopt;
    return values;
}

// tr_source(sealed_source, id, field): one column of an image's sealed
// source. A query reads several columns of a row in turn, so the last row
// opened is kept.
struct SourceOpener {
    sqlite3* connection = nullptr;
    QByteArray key;
    qint64 id = -1;
    QByteArray sealed;
    QVariantList values;
};

void trSource(sqlite3_context* context, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    auto* opener = static_cast<SourceOpener*>(sqlite3_user_data(context));
    const auto* blob = static_cast<const char*>(sqlite3_value_blob(argv[0]));
    const QByteArray sealed(blob, sqlite3_value_bytes(argv[0]));
    const qint64 id = sqlite3_value_int64(argv[1]);
    const int field = sqlite3_value_int(argv[2]);
    if (id != opener->id || sealed != opener->sealed) {
        opener->id = -1;
        const std::string what = "image " + std::to_string(id) + "'s sealed source";
        auto opened = openWithKey(opener->key, sealed, sourceContext(id), what);
        std::optional<QVariantList> values;
        if (opened)
            values = decodeSource(*opened);
        if (!values) {
            const std::string message = what + (opened ? " is not in a form this Turing Reader knows."
                                                       : ": " + opened.error().message);
            sqlite3_result_error(context, message.c_str(), -1);
            return;
        }
        opener->id = id;
        opener->sealed = sealed;
        opener->values = std::move(*values);
    }
    if (field < 0 || field >= opener->values.size()) {
        sqlite3_result_error(context, "tr_source: no such field", -1);
        return;
    }
    const QVariant& v = opener->values[field];
    if (v.isNull())
        sqlite3_result_null(context);
    else if (v.typeId() == QMetaType::LongLong)
        sqlite3_result_int64(context, v.toLongLong());
    else if (v.typeId() == QMetaType::Double)
        sqlite3_result_double(context, v.toDouble());
    else if (v.typeId() == QMetaType::QByteArray) {
        const QByteArray b = v.toByteArray();
        sqlite3_result_blob64(context, b.constData(), sqlite3_uint64(b.size()), SQLITE_TRANSIENT);
    } else {
        const QByteArray t = v.toString().toUtf8();
        sqlite3_result_text64(context, t.constData(), sqlite3_uint64(t.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
}

// The function of each connection: registered once (SQLite refuses to
// replace a function while statements are running, and a workspace keeps
// some), its key changed in place on a later unlock.
QMutex g_openersMutex;
std::map<sqlite3*, SourceOpener*>& openers()
{
    static std::map<sqlite3*, SourceOpener*> map;
    return map;
}

// SQLite calls it when the connection closes.
void destroyOpener(void* pointer)
{
    auto* opener = static_cast<SourceOpener*>(pointer);
    {
        QMutexLocker locked(&g_openersMutex);
        if (const auto found = openers().find(opener->connection); found != openers().end() && found->second == opener)
            openers().erase(found);
    }
    delete opener;
}

sqlite3* sqliteHandle(ProjectDatabase& db)
{
    const QVariant handle = db.db().driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.constData());
}

// The view's columns, in main.image's order (projectcopy.cpp reads tables by
// name): each sealed column opened where the row is sealed.
QString viewSql()
{
    const QStringList sealed = sealedImageColumns();
    QStringList columns;
    for (const QString column : {"id", "pool_id", "position", "png", "png_sha256", "volume_id", "grid_index", "lr_deg",
             "ap_deg", "cc_deg", "offset_mm", "flipped", "image_seed", "latent", "source_file", "source_sha256",
             "subject", "sealed_source"}) {
        const qsizetype field = sealed.indexOf(column);
        columns << (field < 0 ? column
                              : QStringLiteral("coalesce(%1, tr_source(sealed_source, id, %2)) AS %1").arg(column).arg(field));
    }
    return QStringLiteral("CREATE TEMP VIEW IF NOT EXISTS image AS SELECT %1 FROM main.image").arg(columns.join(QLatin1String(", ")));
}

core::Error keyMissing(const ProjectDatabase& db)
{
    return core::Error{core::ErrorCode::PermissionDenied, db.path().toStdString(),
        "Sealing the image sources needs the coordinator passphrase; unlock the project first.", {}};
}

// A fresh id for a sealed image: random below 2^53 (exact in a double, so in
// any JSON or chart), above 2^32, never one in use.
qint64 randomImageId()
{
    return qint64(QRandomGenerator::system()->bounded(quint64(1) << 32, quint64(1) << 53));
}

struct OpenImage {
    qint64 id = 0;
    QVariantList values;
    bool discarded = false;
};

core::Result<int> sealImages(ProjectDatabase& db)
{
    QSqlQuery query(db.db());
    const QStringList columns = sealedImageColumns();
    if (!query.exec(QStringLiteral("SELECT i.id, %1, EXISTS (SELECT 1 FROM image_discard d WHERE d.image_id = i.id) "
                                   "FROM main.image i WHERE i.pool_id IS NOT NULL")
                        .arg(columns.join(QLatin1String(", ")))))
        return db.sqlError(QStringLiteral("Reading the image sources to seal"), query.lastError());
    std::vector<OpenImage> open;
    while (query.next()) {
        OpenImage image{query.value(0).toLongLong(), {}, query.value(kSealedCount + 1).toBool()};
        for (int i = 0; i < kSealedCount; ++i)
            image.values << query.value(i + 1);
        open.push_back(std::move(image));
    }
    if (open.empty())
        return 0;
    // A presentation follows its image to the new id; checked at the commit.
    if (!query.exec(QStringLiteral("PRAGMA defer_foreign_keys=ON")))
        return db.sqlError(QStringLiteral("Sealing the image sources"), query.lastError());
    QSqlQuery update(db.db()), follow(db.db());
    QStringList emptied;
    for (const QString& c : columns)
        emptied << c + QStringLiteral(" = NULL");
    update.prepare(QStringLiteral("UPDATE main.image SET id = ?, sealed_source = ?, %1 WHERE id = ?")
                       .arg(emptied.join(QLatin1String(", "))));
    follow.prepare(QStringLiteral("UPDATE presentation SET image_id = ? WHERE image_id = ?"));
    for (const OpenImage& image : open) {
        // A discarded image keeps its id: its discard is final (schema 5),
        // and it is never shown to a reader.
        qint64 id = image.id;
        for (int attempt = 0;; ++attempt) {
            id = image.discarded ? image.id : randomImageId();
            update.addBindValue(id);
            update.addBindValue(sealWithKey(db.truthKey(), encodeSource(image.values), sourceContext(id)));
            update.addBindValue(image.id);
            if (update.exec())
                break;
            // Another image holds that id (rare): draw again.
            if (attempt == 8 || image.discarded)
                return db.sqlError(QStringLiteral("Sealing the source of image %1").arg(image.id), update.lastError());
        }
        if (id == image.id)
            continue;
        follow.addBindValue(id);
        follow.addBindValue(image.id);
        if (!follow.exec())
            return db.sqlError(QStringLiteral("Sealing the source of image %1").arg(image.id), follow.lastError());
    }
    return int(open.size());
}

// The seeds of `table` still open: each row's id, seed, then `contextColumns`,
// from which `context` names the row.
core::Result<void> sealSeeds(ProjectDatabase& db, const QString& table, const QString& contextColumns,
    const std::function<QString(const QSqlQuery&)>& context)
{
    const QString operation = QStringLiteral("Sealing the %1 seeds").arg(table);
    QSqlQuery query(db.db()), update(db.db());
    if (!query.exec(QStringLiteral("SELECT id, seed, %1 FROM %2 WHERE seed NOT LIKE 'sealed:%'").arg(contextColumns, table)))
        return db.sqlError(operation, query.lastError());
    update.prepare(QStringLiteral("UPDATE %1 SET seed = ? WHERE id = ?").arg(table));
    while (query.next()) {
        auto seed = storedSeed(db, query.value(1).toString().toULongLong(), context(query));
        if (!seed)
            return seed.error();
        update.addBindValue(*seed);
        update.addBindValue(query.value(0));
        if (!update.exec())
            return db.sqlError(operation, update.lastError());
    }
    return {};
}

} // namespace

core::Result<bool> sealingEnabled(ProjectDatabase& db)
{
    if (db.backend() != ProjectDatabase::Backend::File)
        return false;
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT value FROM setting WHERE key = ?"));
    query.addBindValue(QString::fromLatin1(kSealingSetting));
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the project's settings"), query.lastError());
    return query.next() && query.value(0).toString() == QLatin1String("1");
}

core::Result<int> enableSealing(ProjectDatabase& db, const CoordinatorAccess& coordinator)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    if (db.backend() != ProjectDatabase::Backend::File)
        return core::Error{core::ErrorCode::InvalidArgument, db.path().toStdString(),
            "A project server keeps the truth from readers with its roles (reader logins); sealing is for project "
            "files.",
            {}};
    if (db.truthKey().isEmpty())
        return keyMissing(db);
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("INSERT INTO setting (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = '1'"));
    query.addBindValue(QString::fromLatin1(kSealingSetting));
    if (!query.exec())
        return db.sqlError(QStringLiteral("Storing the sealing setting"), query.lastError());
    auto sealed = sealOpenSources(db, SealTransaction::Callers);
    if (!sealed)
        return sealed.error();
    if (auto logged = logEvent(db, QStringLiteral("image sources sealed"), QStringLiteral("%1 images").arg(*sealed)); !logged)
        return logged.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Sealing the image sources"), db.db().lastError());
    if (auto opened = openSealedSources(db); !opened)
        return opened.error();
    if (auto drawn = drawPendingSessions(db); !drawn)
        return drawn.error();
    return *sealed;
}

core::Result<void> openSealedSources(ProjectDatabase& db)
{
    auto enabled = sealingEnabled(db);
    if (!enabled)
        return enabled.error();
    if (!*enabled || db.truthKey().isEmpty())
        return {};
    sqlite3* handle = sqliteHandle(db);
    if (!handle)
        return core::Error{core::ErrorCode::Internal, db.path().toStdString(),
            "Qt's SQLite driver gave no SQLite handle, so the sealed image sources cannot be read.", {}};
    bool registered = false;
    {
        QMutexLocker locked(&g_openersMutex);
        if (const auto found = openers().find(handle); found != openers().end()) {
            found->second->key = db.truthKey();
            found->second->id = -1;
            registered = true;
        }
    }
    if (!registered) {
        auto* opener = new SourceOpener{handle, db.truthKey(), -1, {}, {}};
        // Deterministic: the same sealed bytes always open to the same values.
        if (sqlite3_create_function_v2(handle, "tr_source", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, opener, trSource,
                nullptr, nullptr, destroyOpener)
            != SQLITE_OK)
            return core::Error{core::ErrorCode::Internal, db.path().toStdString(),
                std::string("The sealed image sources cannot be opened: ") + sqlite3_errmsg(handle), {}};
        QMutexLocker locked(&g_openersMutex);
        openers()[handle] = opener;
    }
    QSqlQuery query(db.db());
    if (!query.exec(viewSql()))
        return db.sqlError(QStringLiteral("Opening the sealed image sources"), query.lastError());
    // Every seal is opened once now: a query that meets a changed one later
    // would stop early (a loop over its rows cannot tell that from the end).
    if (!query.exec(QStringLiteral("SELECT count(tr_source(sealed_source, id, 0)) FROM main.image")) || !query.next())
        return core::Error{core::ErrorCode::Corrupt, db.path().toStdString(),
            query.lastError().databaseText().toStdString()
                + ". The file was changed outside Turing Reader; restore it from a backup copy.",
            {}};
    return {};
}

core::Result<int> sealOpenSources(ProjectDatabase& db, SealTransaction transaction)
{
    auto enabled = sealingEnabled(db);
    if (!enabled)
        return enabled.error();
    if (!*enabled)
        return 0;
    if (db.truthKey().isEmpty())
        return keyMissing(db);
    // What a sealed row held open before is overwritten, not left in the
    // file's free pages for anyone to read (SQLite's secure_delete).
    QSqlQuery pragma(db.db());
    if (!pragma.exec(QStringLiteral("PRAGMA secure_delete=ON")))
        return db.sqlError(QStringLiteral("Sealing the image sources"), pragma.lastError());
    std::optional<Transaction> own;
    if (transaction == SealTransaction::Own) {
        own.emplace(db.db());
        if (!own->begun())
            return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    }
    auto sealed = sealImages(db);
    if (!sealed)
        return sealed.error();
    // Seeds written before the key was known.
    if (auto seeds = sealSeeds(db, QStringLiteral("study"), QStringLiteral("name"),
            [](const QSqlQuery& q) { return studySeedContext(q.value(2).toString()); });
        !seeds)
        return seeds.error();
    if (auto seeds = sealSeeds(db, QStringLiteral("session"), QStringLiteral("study_id, reader_id"),
            [](const QSqlQuery& q) { return sessionSeedContext(q.value(2).toLongLong(), q.value(3).toLongLong()); });
        !seeds)
        return seeds.error();
    if (own && !own->commit())
        return db.sqlError(QStringLiteral("Sealing the image sources"), db.db().lastError());
    return *sealed;
}

core::Result<bool> hasSealedSources(ProjectDatabase& db)
{
    if (db.backend() != ProjectDatabase::Backend::File)
        return false;
    QSqlQuery query(db.db());
    if (!query.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM main.image WHERE sealed_source IS NOT NULL)")) || !query.next())
        return db.sqlError(QStringLiteral("Reading the images"), query.lastError());
    return query.value(0).toBool();
}

core::Result<void> needOpenSources(ProjectDatabase& db, const QString& what)
{
    if (!db.truthKey().isEmpty())
        return {};
    auto sealed = hasSealedSources(db);
    if (!sealed)
        return sealed.error();
    if (!*sealed)
        return {};
    return core::Error{core::ErrorCode::PermissionDenied, db.path().toStdString(),
        what.toStdString() + " needs the coordinator passphrase: the project's image sources are sealed. Give "
            "--passphrase-file FILE or TURING_READER_PASSPHRASE, or unlock the workspace.",
        {}};
}

QStringList sealedImageColumns()
{
    QStringList columns;
    for (const char* c : kSealedColumns)
        columns << QLatin1String(c);
    return columns;
}

QString imageTableForWriting(const ProjectDatabase& db)
{
    return db.backend() == ProjectDatabase::Backend::File ? QStringLiteral("main.image") : QStringLiteral("image");
}

core::Result<QString> storedSeed(ProjectDatabase& db, quint64 seed, const QString& context)
{
    auto enabled = sealingEnabled(db);
    if (!enabled)
        return enabled.error();
    if (!*enabled)
        return QString::number(seed);
    if (db.truthKey().isEmpty())
        return keyMissing(db);
    return QLatin1String(kSealedPrefix)
        + QString::fromLatin1(sealWithKey(db.truthKey(), QByteArray::number(seed), context.toUtf8()).toBase64());
}

core::Result<std::optional<quint64>> seedFrom(const ProjectDatabase& db, const QString& stored, const QString& context)
{
    if (!stored.startsWith(QLatin1String(kSealedPrefix)))
        return std::optional<quint64>(stored.toULongLong());
    if (db.truthKey().isEmpty())
        return std::optional<quint64>();
    auto opened = openWithKey(db.truthKey(), QByteArray::fromBase64(stored.mid(int(qstrlen(kSealedPrefix))).toLatin1()),
        context.toUtf8(), context.toStdString());
    if (!opened)
        return opened.error();
    bool ok = false;
    const quint64 seed = opened->toULongLong(&ok);
    if (!ok)
        return core::Error{core::ErrorCode::Corrupt, context.toStdString(), "does not hold a seed.", {}};
    return std::optional<quint64>(seed);
}

QString studySeedContext(const QString& studyName) { return QStringLiteral("study seed ") + studyName; }

QString sessionSeedContext(qint64 studyId, qint64 readerId)
{
    return QStringLiteral("session seed %1 %2").arg(studyId).arg(readerId);
}

} // namespace tr::studies
