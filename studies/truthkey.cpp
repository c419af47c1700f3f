#include "studies/truthkey.h"

#include "studies/coordinatoraccess.h"
#include "studies/projectdatabase.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <openssl/evp.h>

#include <memory>

namespace tr::studies {

namespace {

constexpr const char* kSetting = "truth_key";
constexpr const char* kFormat = "aes256gcm-pbkdf2-sha256";
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
constexpr int kSaltBytes = 16;
constexpr int kIterations = 600000; // as the passphrase's hash (coordinatoraccess.cpp)

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

QByteArray randomBytes(int n)
{
    QByteArray bytes(n, '\0');
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes;
}

const unsigned char* u(const QByteArray& b) { return reinterpret_cast<const unsigned char*>(b.constData()); }
unsigned char* u(QByteArray& b) { return reinterpret_cast<unsigned char*>(b.data()); }

core::Error settingError(const std::string& message)
{
    return core::Error{core::ErrorCode::Corrupt, kSetting, message, {}};
}

} // namespace

QByteArray sealWithKey(const QByteArray& key, const QByteArray& plaintext, const QByteArray& context)
{
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    QByteArray nonce = randomBytes(kNonceBytes);
    QByteArray out(plaintext.size() + kTagBytes, '\0');
    int n = 0, tail = 0;
    if (!ctx || key.size() != kTruthKeyBytes
        || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(key), u(nonce)) != 1
        || (!context.isEmpty() && EVP_EncryptUpdate(ctx.get(), nullptr, &n, u(context), int(context.size())) != 1)
        || EVP_EncryptUpdate(ctx.get(), u(out), &n, u(plaintext), int(plaintext.size())) != 1
        || EVP_EncryptFinal_ex(ctx.get(), u(out) + n, &tail) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, u(out) + n + tail) != 1)
        return {}; // only a wrong key length or an exhausted library gets here
    return nonce + out;
}

core::Result<QByteArray> openWithKey(
    const QByteArray& key, const QByteArray& sealed, const QByteArray& context, const std::string& what)
{
    const auto refused = [&] {
        return core::Error{core::ErrorCode::Corrupt, what,
            "It does not open with this project's key: it was changed, or belongs to another project.", {}};
    };
    if (key.size() != kTruthKeyBytes || sealed.size() < kNonceBytes + kTagBytes)
        return refused();
    const QByteArray nonce = sealed.left(kNonceBytes);
    const QByteArray body = sealed.mid(kNonceBytes, sealed.size() - kNonceBytes - kTagBytes);
    QByteArray tag = sealed.right(kTagBytes);
    QByteArray out(body.size(), '\0');
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    int n = 0, tail = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(key), u(nonce)) != 1
        || (!context.isEmpty() && EVP_DecryptUpdate(ctx.get(), nullptr, &n, u(context), int(context.size())) != 1)
        || EVP_DecryptUpdate(ctx.get(), u(out), &n, u(body), int(body.size())) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, u(tag)) != 1
        || EVP_DecryptFinal_ex(ctx.get(), u(out) + n, &tail) != 1)
        return refused();
    return out;
}

core::Result<void> storeTruthKey(ProjectDatabase& db, const QByteArray& key, const QString& passphrase)
{
    const QByteArray salt = randomBytes(kSaltBytes);
    const QByteArray wrapping = pbkdf2Sha256(passphrase.toUtf8(), salt, kIterations, kTruthKeyBytes);
    const QString value = QStringLiteral("%1$%2$%3$%4")
                              .arg(QLatin1String(kFormat))
                              .arg(kIterations)
                              .arg(QString::fromLatin1(salt.toBase64()),
                                  QString::fromLatin1(sealWithKey(wrapping, key, kFormat).toBase64()));
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral(
        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    query.addBindValue(QString::fromLatin1(kSetting));
    query.addBindValue(value);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Storing the project's truth key"), query.lastError());
    return {};
}

core::Result<QByteArray> unwrapTruthKey(ProjectDatabase& db, const QString& passphrase)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT value FROM setting WHERE key = ?"));
    query.addBindValue(QString::fromLatin1(kSetting));
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the project's truth key"), query.lastError());
    if (!query.next()) {
        const QByteArray key = randomBytes(kTruthKeyBytes);
        if (auto stored = storeTruthKey(db, key, passphrase); !stored)
            return stored.error();
        return key;
    }
    const QStringList parts = query.value(0).toString().split(QLatin1Char('$'));
    bool ok = false;
    const int iterations = parts.size() == 4 ? parts[1].toInt(&ok) : 0;
    if (parts.size() != 4 || parts[0] != QLatin1String(kFormat) || !ok || iterations < 1)
        return settingError("The project's truth key is stored in a form this Turing Reader does not know; the "
                            "project was edited by hand or is damaged. Restore it from a backup.");
    const QByteArray wrapping
        = pbkdf2Sha256(passphrase.toUtf8(), QByteArray::fromBase64(parts[2].toLatin1()), iterations, kTruthKeyBytes);
    auto key = openWithKey(wrapping, QByteArray::fromBase64(parts[3].toLatin1()), kFormat, kSetting);
    if (!key || key->size() != kTruthKeyBytes)
        return settingError("The project's truth key does not open with the coordinator passphrase, although the "
                            "passphrase is right: the setting was changed or damaged. Restore the project from a backup.");
    return *key;
}

} // namespace tr::studies
