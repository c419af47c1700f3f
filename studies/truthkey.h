#pragma once
// The project's truth key (issue 16, part 2): a random 256-bit key that
// encrypts what links an image to its source, so that a project file read
// without the passphrase does not give the answer key away. It is stored only
// wrapped — AES-256-GCM under a key derived from the coordinator passphrase
// with PBKDF2-HMAC-SHA256 and a salt of its own — in the setting `truth_key`,
// so a new passphrase rewraps the same key and nothing sealed under it has to
// be encrypted again. unlockCoordinator() unwraps it into the
// CoordinatorAccess it returns; nothing else ever holds it.
//
// The cipher is OpenSSL's (libcrypto's EVP interface): AES-256-GCM with a
// random 96-bit nonce per message, so every sealed value is authenticated,
// and one changed byte is refused rather than read as something else.

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace tr::studies {

class ProjectDatabase;

inline constexpr int kTruthKeyBytes = 32;

// nonce (12 bytes) || ciphertext || tag (16 bytes). `context` is bound to the
// message (GCM's additional data): a value sealed for one row or column does
// not open as another's.
QByteArray sealWithKey(const QByteArray& key, const QByteArray& plaintext, const QByteArray& context = {});
// Fails (naming `what`) when the key is not the one it was sealed with, or
// when a byte of it or of its context was changed.
core::Result<QByteArray> openWithKey(
    const QByteArray& key, const QByteArray& sealed, const QByteArray& context, const std::string& what);

// The truth key unwrapped with the passphrase; made and stored, wrapped, the
// first time (a project made before truth keys existed gets one then).
// The caller has checked the passphrase. Errors name the setting.
core::Result<QByteArray> unwrapTruthKey(ProjectDatabase& db, const QString& passphrase);
// Wraps `key` anew under `passphrase` and stores it (a new passphrase).
core::Result<void> storeTruthKey(ProjectDatabase& db, const QByteArray& key, const QString& passphrase);

} // namespace tr::studies
