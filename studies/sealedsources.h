#pragma once
// Sealed image sources (issue 16, part 2): in a project file, what links an
// image to its source - its pool and position there, and its provenance
// (volume and grid angles of a real slice; seed and latent of a created
// image; the file it was brought from) - is stored only sealed, in
// image.sealed_source, under the project's truth key (truthkey.h); the open
// columns are empty. So is every study's and session's seed, which would
// rebuild the draw. A copy of the file read without the passphrase, with
// sqlite3 or anything else, no longer says which image is created.
//
// What the engine needs without the passphrase keeps working: a session that
// is drawn shows its images in order (the presentation rows, the PNGs) and
// records verdicts, and a practice image's feedback is kept open with its
// presentation (presentation.practice_created). Drawing a session needs the
// pools, so it needs the key: the coordinator's program draws every reader's
// session as soon as it holds the key (drawPendingSessions, readersession.h).
//
// Once the key is at hand (ProjectDatabase::setTruthKey), `image` reads on
// that connection as a temporary view - the connection's own, never written
// to the file - that opens each sealed source through an SQLite function, so
// every query of the study engine reads pools and provenance as before.
// Images are written to main.image (imageTableForWriting) and sealed by
// sealOpenSources, which also gives each sealed image a new random id: ids
// handed out in order would say which pool an image was written with.
//
// A project file seals from the moment its first coordinator passphrase is set
// (setCoordinatorPassphrase calls enableSealing); a file made before that
// stays open until its coordinator runs `seal`. Everything below does nothing
// on a project that is not sealed.
//
// A project server keeps the columns open: there the server's roles keep the
// truth from readers (readeraccess.h).

#include "core/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace tr::studies {

class CoordinatorAccess;
class ProjectDatabase;

// Sealing is stored once, for good (the setting seal_sources); a project file
// without it (no passphrase yet, or made by an older version) keeps its
// sources open as before.
core::Result<bool> sealingEnabled(ProjectDatabase& db);
// Turns sealing on for good: seals what is open, opens the sealed view on
// this connection, and draws every reader's pending session. Returns how many
// images it sealed. Project files only; needs the unlocked coordinator.
core::Result<int> enableSealing(ProjectDatabase& db, const CoordinatorAccess& coordinator);

// The `image` view and its SQLite function for this connection, with the key
// it holds. Called by ProjectDatabase::setTruthKey; on a project file only.
core::Result<void> openSealedSources(ProjectDatabase& db);

// Seals every image source and seed of the file that is still open (images
// written before the key was known, a project from before schema 11, a copy
// from a server) and returns how many images it sealed. Needs the key; does
// nothing on a server. In a transaction of its own, or the caller's.
enum class SealTransaction { Own, Callers };
core::Result<int> sealOpenSources(ProjectDatabase& db, SealTransaction transaction = SealTransaction::Own);

// Whether the file holds sealed sources: without the key, no session can be drawn.
core::Result<bool> hasSealedSources(ProjectDatabase& db);
// An error when the file holds sealed sources and this connection has no key:
// `what` (a pool's images, a blinding check...) would read them as missing.
core::Result<void> needOpenSources(ProjectDatabase& db, const QString& what);

// The image columns a seal holds; empty in a sealed row of a file.
QStringList sealedImageColumns();

// Where images are inserted: main.image on a file (past the view), image on a server.
QString imageTableForWriting(const ProjectDatabase& db);

// A seed as stored: on a sealing project, sealed under the key ("sealed:" and
// base64; an error without the key), its decimal text elsewhere. `context`
// names the row.
core::Result<QString> storedSeed(ProjectDatabase& db, quint64 seed, const QString& context);
// The seed back. None when it is sealed and the key is not at hand (a
// reader's program, which never needs it); an error naming `context` when the
// sealed value does not open (a changed byte, another project's key).
core::Result<std::optional<quint64>> seedFrom(const ProjectDatabase& db, const QString& stored, const QString& context);

// The contexts seeds are sealed with.
QString studySeedContext(const QString& studyName);
QString sessionSeedContext(qint64 studyId, qint64 readerId);

} // namespace tr::studies
