#include "studies/scramverifier.h"

#include "studies/coordinatoraccess.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace tr::studies {

namespace {

// PostgreSQL's own default (SCRAM_SHA_256_DEFAULT_ITERATIONS).
constexpr int kIterations = 4096;
constexpr int kSaltBytes = 16;
constexpr int kKeyBytes = 32;

QByteArray hmacSha256(const QByteArray& key, const QByteArray& message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

} // namespace

QString scramSha256Verifier(const QString& password, const QByteArray& salt)
{
    QByteArray useSalt = salt;
    if (useSalt.isEmpty()) {
        useSalt.resize(kSaltBytes);
        QRandomGenerator::system()->generate(useSalt.begin(), useSalt.end());
    }
    const QByteArray salted
        = pbkdf2Sha256(password.normalized(QString::NormalizationForm_KC).toUtf8(), useSalt, kIterations, kKeyBytes);
    const QByteArray storedKey
        = QCryptographicHash::hash(hmacSha256(salted, QByteArrayLiteral("Client Key")), QCryptographicHash::Sha256);
    const QByteArray serverKey = hmacSha256(salted, QByteArrayLiteral("Server Key"));
    return QStringLiteral("SCRAM-SHA-256$%1:%2$%3:%4")
        .arg(kIterations)
        .arg(QString::fromLatin1(useSalt.toBase64()), QString::fromLatin1(storedKey.toBase64()),
            QString::fromLatin1(serverKey.toBase64()));
}

} // namespace tr::studies
