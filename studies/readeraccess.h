#pragma once
// The reader role of a project on a PostgreSQL server: the truth never reaches
// a reader's workstation. A reader signs in with a login role of their own,
// a member of the project's readers role, which has no privilege on any table.
// What a sitting needs is the schema `reading`, owned by the coordinator:
//   reading.sitting           the reader's own sessions, with the study's design
//   reading.presentation      their images in presentation order (PNG, answered)
//   reading.training_answer   a practice image's truth, once it is answered
//   reading.session_event     the opened/closed events of their own sessions
//   reading.record_verdict()  one verdict on one of their own images, once
//   reading.set_state()       their session forward (training, main, completed)
//   reading.log_event()       an event of their own session
// Views and SECURITY DEFINER functions filter on the signed-in role, so pool
// names, provenance, seeds, the key and other readers' verdicts are refused by
// the server itself, whatever a reader's program asks (tested).

#include "core/result.h"

#include <QString>

namespace tr::studies {

class CoordinatorAccess;
class ProjectDatabase;

// What reading.sitting shows of a session, of every session: the view adds the
// signed-in role's filter, and a reading package (readingpackage.h) writes the
// same columns for its one session (`WHERE se.id = ?`).
#define TR_SITTING_SELECT                                                                                              \
    "SELECT se.id AS session_id, se.state, st.id AS study_id, st.name AS study, r.id AS reader_id, "                 \
    "r.code AS reader_code, r.display_name, r.reader_group, r.years_experience, st.images_per_reader, "               \
    "st.min_created_share, st.max_created_share, st.training_cases, st.time_limit_s, st.allow_unknown, "              \
    "st.ask_confidence, st.ask_reasons, st.same_set, st.real_key, st.created_key, st.unknown_key, st.created_at "     \
    "FROM session se JOIN reader r ON r.id = se.reader_id JOIN study st ON st.id = se.study_id "

// Creates or replaces the `reading` schema (the coordinator opening a server
// project does this after its migrations, so the definitions follow the program).
core::Result<void> installReaderAccess(ProjectDatabase& db);

// The readers role of this project: "tr_<database>_readers".
QString readersRole(const ProjectDatabase& db);

// Creates (or sets a new password for) the login role of one reader,
// "tr_<database>_<code>", a member of the readers role, and records it with the
// reader. The coordinator's role needs CREATEROLE. Returns the role's name.
core::Result<QString> grantReaderLogin(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& readerCode, const QString& password);

// What the reader's workstation opens: the project's URL with the reader's
// login as its user (no password: it comes from PGPASSWORD or ~/.pgpass).
QString readerLoginUrl(const QString& projectUrl, const QString& login);

} // namespace tr::studies
