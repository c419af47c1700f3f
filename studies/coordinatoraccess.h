#pragma once
// The coordinator role. The answer key and the results are for the coordinator
// alone: reading them needs the passphrase set for the project, which is stored
// only as a salted PBKDF2-HMAC-SHA256 hash (RFC 8018), so a copied project file
// does not give the passphrase away and a reader at the quiz cannot unlock it.
//
// Functions that reveal the truth take a CoordinatorAccess, which only
// unlockCoordinator() makes: the type system keeps reader-mode code paths from
// reaching the key by accident.

#include "core/result.h"
#include "studies/projectdatabase.h"

#include <QByteArray>
#include <QString>

#include <utility>

namespace tr::studies {

class CoordinatorAccess {
public:
    const QString& projectPath() const { return m_projectPath; }
    // Access unlocks the project it was unlocked for, no other: an error naming
    // the project otherwise.
    core::Result<void> check(const ProjectDatabase& db) const;
    // The project's truth key (truthkey.h), unwrapped with the passphrase.
    const QByteArray& truthKey() const { return m_truthKey; }

private:
    CoordinatorAccess(QString projectPath, QByteArray truthKey)
        : m_projectPath(std::move(projectPath)), m_truthKey(std::move(truthKey))
    {
    }
    friend core::Result<CoordinatorAccess> unlockCoordinator(ProjectDatabase&, const QString&);
    friend core::Result<CoordinatorAccess> setCoordinatorPassphrase(ProjectDatabase&, const QString&, const QString&);
    QString m_projectPath;
    QByteArray m_truthKey;
};

// At least this many characters; a reading room is not a bank, but "1234" is no lock.
inline constexpr int kMinimumPassphraseLength = 8;

// PBKDF2-HMAC-SHA256 (RFC 8018, section 5.2), `length` bytes of derived key.
QByteArray pbkdf2Sha256(const QByteArray& password, const QByteArray& salt, int iterations, int length);

bool hasCoordinatorPassphrase(ProjectDatabase& db);

// Compares without stopping at the first difference (a passphrase hash, a seal).
bool constantTimeEqual(const QByteArray& a, const QByteArray& b);

// Sets the passphrase; when one is set already, `current` must match it.
// Fails naming "passphrase" when the new one is too short.
core::Result<CoordinatorAccess> setCoordinatorPassphrase(
    ProjectDatabase& db, const QString& passphrase, const QString& current = {});

// Checks the passphrase against the stored hash (in constant time).
core::Result<CoordinatorAccess> unlockCoordinator(ProjectDatabase& db, const QString& passphrase);

// Only reads a sealed project through the passphrase (sealedsources.h), for a
// copy that must leave its source as it was: no sealing, no draws, no access.
core::Result<void> openSealedSourcesWith(ProjectDatabase& db, const QString& passphrase);

} // namespace tr::studies
