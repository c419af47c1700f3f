#include "studies/coordinatoraccess.h"

#include "studies/readersession.h"
#include "studies/sealedsources.h"

#include "studies/truthkey.h"

#include <QFileInfo>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <openssl/evp.h>

#include <optional>

namespace tr::studies {

namespace {

// OWASP's 2023 figure for PBKDF2-HMAC-SHA256. It happens once per sitting,
// twice with the truth key's unwrapping (truthkey.h): libcrypto's PBKDF2.
constexpr int kIterations = 600000;
constexpr int kSaltBytes = 16;
constexpr int kKeyBytes = 32;
constexpr const char* kKey = "coordinator_passphrase";

core::Error passphraseError(core::ErrorCode code, const std::string& message)
{
    return core::Error{code, "passphrase", message, {}};
}

std::optional<QString> storedHash(ProjectDatabase& db)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT value FROM setting WHERE key = ?"));
    query.addBindValue(QString::fromLatin1(kKey));
    if (query.exec() && query.next())
        return query.value(0).toString();
    return std::nullopt;
}

// "pbkdf2-sha256$ITERATIONS$SALT$HASH", base64, as passlib and Django write it.
QString encode(int iterations, const QByteArray& salt, const QByteArray& hash)
{
    return QStringLiteral("pbkdf2-sha256$%1$%2$%3")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(hash.toBase64()));
}

bool equalInConstantTime(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

bool matches(const QString& stored, const QString& passphrase)
{
    const QStringList parts = stored.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts[0] != QLatin1String("pbkdf2-sha256"))
        return false;
    bool ok = false;
    const int iterations = parts[1].toInt(&ok);
    if (!ok || iterations < 1)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts[2].toLatin1());
    const QByteArray hash = QByteArray::fromBase64(parts[3].toLatin1());
    return equalInConstantTime(pbkdf2Sha256(passphrase.toUtf8(), salt, iterations, int(hash.size())), hash);
}

} // namespace

QByteArray pbkdf2Sha256(const QByteArray& password, const QByteArray& salt, int iterations, int length)
{
    QByteArray out(length, '\0');
    if (PKCS5_PBKDF2_HMAC(password.constData(), int(password.size()), reinterpret_cast<const unsigned char*>(salt.constData()),
            int(salt.size()), iterations, EVP_sha256(), length, reinterpret_cast<unsigned char*>(out.data()))
        != 1)
        return {};
    return out;
}

core::Result<void> CoordinatorAccess::check(const ProjectDatabase& db) const
{
    // A server project is its URL (without password); a file, its canonical path.
    if (db.onServer() ? db.path() == m_projectPath
                      : QFileInfo(db.path()).canonicalFilePath() == QFileInfo(m_projectPath).canonicalFilePath())
        return {};
    return passphraseError(core::ErrorCode::PermissionDenied,
        "The coordinator unlocked " + m_projectPath.toStdString() + ", not " + db.path().toStdString()
            + "; unlock this project with its own passphrase.");
}

namespace {

// A reader's server login never holds the passphrase's hash (readeraccess.h).
core::Error readerLoginError(const ProjectDatabase& db)
{
    if (db.readingPackage())
        return core::Error{core::ErrorCode::PermissionDenied, db.path().toStdString(),
            "This is a reader's reading package: it holds no project and no coordinator passphrase. Coordinator work "
            "is done on the project it came from.",
            {}};
    return core::Error{core::ErrorCode::PermissionDenied, db.path().toStdString(),
        "This is a reader's login: this role may not do it. Connect as the study's coordinator role for "
        "coordinator work.",
        {}};
}

// The coordinator's program holds the key from now on (sealedsources.h): what a
// project file still has open is sealed, and every reader's session that is
// not drawn yet is drawn, so that readers find it without the passphrase.
core::Result<void> holdTruthKey(ProjectDatabase& db, const QByteArray& key)
{
    if (auto held = db.setTruthKey(key); !held)
        return held.error();
    if (auto sealed = sealOpenSources(db); !sealed)
        return sealed.error();
    return drawPendingSessions(db);
}

} // namespace

bool hasCoordinatorPassphrase(ProjectDatabase& db) { return storedHash(db).has_value(); }

bool constantTimeEqual(const QByteArray& a, const QByteArray& b) { return equalInConstantTime(a, b); }

core::Result<CoordinatorAccess> setCoordinatorPassphrase(
    ProjectDatabase& db, const QString& passphrase, const QString& current)
{
    if (db.readerLogin())
        return readerLoginError(db);
    if (passphrase.size() < kMinimumPassphraseLength)
        return passphraseError(core::ErrorCode::InvalidArgument,
            "is too short: use at least " + std::to_string(kMinimumPassphraseLength) + " characters.");
    const bool first = !storedHash(db).has_value();
    if (const auto stored = storedHash(db); stored && !matches(*stored, current))
        return passphraseError(core::ErrorCode::PermissionDenied,
            "This project has a coordinator passphrase already, and the current one given does not match it.");
    // The truth key stays the same under the new passphrase: unwrapped with
    // the current one (made now when there is none), wrapped anew.
    auto truthKey = unwrapTruthKey(db, storedHash(db) ? current : passphrase);
    if (!truthKey)
        return truthKey.error();
    QByteArray salt(kSaltBytes, '\0');
    QRandomGenerator::system()->generate(salt.begin(), salt.end());
    const QString value = encode(kIterations, salt, pbkdf2Sha256(passphrase.toUtf8(), salt, kIterations, kKeyBytes));
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    query.addBindValue(QString::fromLatin1(kKey));
    query.addBindValue(value);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Storing the coordinator passphrase"), query.lastError());
    if (auto stored = storeTruthKey(db, *truthKey, passphrase); !stored)
        return stored.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Storing the coordinator passphrase"), db.db().lastError());
    if (auto held = holdTruthKey(db, *truthKey); !held)
        return held.error();
    CoordinatorAccess access(db.path(), *truthKey);
    // A project file seals its image sources from its first passphrase on, so
    // that the file alone never gives the answer key (sealedsources.h); a
    // server keeps the truth with its roles instead.
    if (first && db.backend() == ProjectDatabase::Backend::File)
        if (auto sealed = enableSealing(db, access); !sealed)
            return sealed.error();
    return access;
}

core::Result<void> openSealedSourcesWith(ProjectDatabase& db, const QString& passphrase)
{
    if (db.readerLogin())
        return readerLoginError(db);
    const auto stored = storedHash(db);
    if (!stored || !matches(*stored, passphrase))
        return passphraseError(core::ErrorCode::PermissionDenied,
            "The coordinator passphrase given does not open " + db.path().toStdString()
                + "; its image sources are sealed under that project's own.");
    auto truthKey = unwrapTruthKey(db, passphrase);
    if (!truthKey)
        return truthKey.error();
    return db.setTruthKey(*truthKey);
}

core::Result<CoordinatorAccess> unlockCoordinator(ProjectDatabase& db, const QString& passphrase)
{
    if (db.readerLogin())
        return readerLoginError(db);
    const auto stored = storedHash(db);
    if (!stored)
        return passphraseError(core::ErrorCode::NotFound,
            "This project has no coordinator passphrase yet. Set one first ('turing-reader-cli passphrase "
                + db.path().toStdString() + "').");
    if (!matches(*stored, passphrase))
        return passphraseError(core::ErrorCode::PermissionDenied,
            "The coordinator passphrase is wrong. The answer key and the results stay locked.");
    auto truthKey = unwrapTruthKey(db, passphrase);
    if (!truthKey)
        return truthKey.error();
    if (auto held = holdTruthKey(db, *truthKey); !held)
        return held.error();
    return CoordinatorAccess(db.path(), *truthKey);
}

} // namespace tr::studies
