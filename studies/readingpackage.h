#pragma once
// Sealed reading packages (issue 16, part 5): one reader's sitting as a single
// file, for a reader with no network to the project. The coordinator makes it
// (`session package`), the reader's workstation runs the quiz from it
// (`turing-reader PACKAGE`), and the coordinator takes it back (`session merge`).
//
// The package is an SQLite file that holds what a reader's server login sees
// (readeraccess.h) and nothing more: the study's design, the reader's images in
// presentation order, known by their presentation only — no pool, image id,
// provenance, seed or key. The practice cases carry their answer, because the
// protocol's training gives it as feedback after each; the images that count
// carry none. Opened in place of a project (ProjectDatabase::open), it is
// attached as the `reading` schema, so the study engine's reader path runs on
// it unchanged.
//
// What the project issued (design, presentations, image hashes, package and
// project ids) is sealed with HMAC-SHA256 under a key that stays in the
// project's settings: a changed image, order or design is found at merge. The
// answers are written at the reader's workstation, which holds no key, so they
// cannot be sealed there; each answer carries a SHA-256 link over the previous
// one and the seal, so a changed, removed or reordered answer breaks the chain.
// (A reader who recomputes the whole chain with this program's code is not
// stopped: the chain proves consistency, the seal what was issued.) The project
// remembers each package it issued (schema 10): one from another project, one
// replaced by a newer package or recalled, and one merged already are refused,
// and while a package is out the session is not read in the project as well.

#include "core/result.h"
#include "studies/coordinatoraccess.h"
#include "studies/projectdatabase.h"
#include "studies/readersession.h"

#include <QString>
#include <QVariantList>

#include <optional>

namespace tr::studies {

inline constexpr int kReadingPackageApplicationId = 0x54525047; // "TRPG", in the SQLite header
inline constexpr int kReadingPackageFormat = 1;
inline constexpr const char* kReadingPackageSuffix = ".trpackage";

// Whether the file is a reading package (its SQLite header says so).
bool isReadingPackage(const QString& path);
// A package this version can run: its format and tables; errors name the file.
core::Result<void> checkReadingPackage(const QString& path);

// What a package is, read without opening it for a sitting (no lock taken).
struct ReadingPackageInfo {
    QString packageId;
    QString study;
    QString readerCode;
    QString madeAt;
    SessionState state = SessionState::NotStarted;
    int trainingCount = 0, trainingAnswered = 0;
    int mainCount = 0, mainAnswered = 0;
};
core::Result<ReadingPackageInfo> readingPackageInfo(const QString& path);

struct PackageMade {
    QString packageId;
    int trainingCount = 0, mainCount = 0;
    QString replacedMadeAt; // the package this one replaces, if any
};
// Prepares the reader's session when needed (prepareSession) and writes its
// package to `outPath`, which must not exist. The session must not have begun
// in the project. With `replace`, a package already out for it is replaced
// (the old one can then no longer be merged); otherwise that is refused.
// Coordinator only.
core::Result<PackageMade> makeReadingPackage(ProjectDatabase& db, const CoordinatorAccess& coordinator,
    const QString& study, const QString& readerCode, const QString& outPath, bool replace = false);

struct PackageMerged {
    QString study, readerCode;
    int trainingAnswered = 0, mainAnswered = 0, mainCount = 0;
    SessionState state = SessionState::NotStarted; // the session's, after the merge
    int events = 0;
};
// Checks the package against the project (issued here, newest, not merged,
// seal, image hashes, answer chain, every answer against the design) and
// records its answers and its event log in one transaction; nothing is written
// when any check fails, and the error names the package and what is wrong.
// Coordinator only.
core::Result<PackageMerged> mergeReadingPackage(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& packagePath);

// Takes back a package that will not return (lost, or the reader reads here
// after all): it can no longer be merged, and the session is free again.
// Coordinator only; the reason is logged.
core::Result<void> recallReadingPackage(ProjectDatabase& db, const CoordinatorAccess& coordinator,
    const QString& study, const QString& readerCode, const QString& reason);

// The package out for a session now, for ReaderSession's refusal; none when
// the session is not out.
struct PackageOut {
    QString packageId, fileName, madeAt;
};
core::Result<std::optional<PackageOut>> packageOut(ProjectDatabase& db, qint64 sessionId);

// Within the caller's transaction, on an open package (readingPackage()):
// appends an answer with its chain link. `values` are record_verdict's ten, in
// its order (presentation, verdict, confidence, reasons, text, onset,
// response, recorded at, focus losses, disturbed).
core::Result<void> recordPackageAnswer(ProjectDatabase& db, const QVariantList& values);

} // namespace tr::studies
