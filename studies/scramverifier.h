#pragma once
// A PostgreSQL SCRAM-SHA-256 password verifier, made on the coordinator's
// computer so that a reader's password never travels to the server, nor lands
// in its log: CREATE ROLE ... PASSWORD takes a verifier as it is (PostgreSQL's
// scram_build_secret, RFC 5802 and 7677). The server keeps only StoredKey and
// ServerKey; a client signs in with the password as usual.
#include <QByteArray>
#include <QString>

namespace tr::studies {

// "SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>" (base64) for `password`
// (normalised NFKC, as PostgreSQL's SASLprep does for what it accepts) with a
// fresh 16-byte salt; `salt` given, for tests, makes it reproducible.
QString scramSha256Verifier(const QString& password, const QByteArray& salt = {});

} // namespace tr::studies
