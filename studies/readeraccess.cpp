#include "studies/readeraccess.h"

#include "studies/coordinatoraccess.h"
#include "studies/projectdatabase.h"
#include "studies/scramverifier.h"
#include "studies/study.h"

#include <QRegularExpression>
#include <QUrl>
#include <QSqlError>
#include <QSqlQuery>

namespace tr::studies {

namespace {

// The signed-in role owns a session when its reader row names it. In a view,
// current_user is whoever queries; in a SECURITY DEFINER function it is the
// owner, so the functions ask session_user.
const char* const kDefinitions[] = {
    "CREATE SCHEMA IF NOT EXISTS reading",
    "CREATE OR REPLACE VIEW reading.sitting WITH (security_barrier) AS "
    TR_SITTING_SELECT
    "WHERE r.login_role = current_user",
    // No image id, pool or provenance: an image is known by its presentation.
    "CREATE OR REPLACE VIEW reading.presentation WITH (security_barrier) AS "
    "SELECT p.id, p.session_id, p.block, p.position, i.png, (v.presentation_id IS NOT NULL) AS answered "
    "FROM presentation p JOIN image i ON i.id = p.image_id JOIN session se ON se.id = p.session_id "
    "JOIN reader r ON r.id = se.reader_id LEFT JOIN verdict v ON v.presentation_id = p.id "
    "WHERE r.login_role = current_user",
    "CREATE OR REPLACE VIEW reading.training_answer WITH (security_barrier) AS "
    "SELECT p.id AS presentation_id, pl.kind FROM presentation p JOIN verdict v ON v.presentation_id = p.id "
    "JOIN image i ON i.id = p.image_id JOIN image_pool pl ON pl.id = i.pool_id JOIN session se ON se.id = p.session_id "
    "JOIN reader r ON r.id = se.reader_id WHERE p.block = 'training' AND r.login_role = current_user",
    "CREATE OR REPLACE VIEW reading.session_event WITH (security_barrier) AS "
    "SELECT e.id, e.session_id, e.kind FROM event e JOIN session se ON se.id = e.session_id "
    "JOIN reader r ON r.id = se.reader_id WHERE r.login_role = current_user "
    "AND e.kind IN ('session opened', 'session closed')",
    // Schema 8's signature, before verdicts could be disturbed.
    "DROP FUNCTION IF EXISTS reading.record_verdict(bigint, text, bigint, text, text, bigint, bigint, text, bigint)",
    "CREATE OR REPLACE FUNCTION reading.record_verdict(p_presentation bigint, p_verdict text, p_confidence bigint, "
    "p_reasons text, p_reason_text text, p_onset_ms bigint, p_response_ms bigint, p_recorded_at text, "
    "p_focus_losses bigint, p_disturbed bigint) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$ "
    "BEGIN "
    "IF NOT EXISTS (SELECT 1 FROM presentation p JOIN session se ON se.id = p.session_id JOIN reader r ON "
    "r.id = se.reader_id WHERE p.id = p_presentation AND r.login_role = session_user AND se.state IN "
    "('not_started', 'training', 'main')) THEN "
    "RAISE EXCEPTION 'image % is not in an open session of yours', p_presentation USING ERRCODE = '42501'; END IF; "
    "INSERT INTO verdict (presentation_id, verdict, confidence, reasons, reason_text, onset_ms, response_ms, "
    "recorded_at, focus_losses, disturbed) VALUES (p_presentation, p_verdict, p_confidence, p_reasons, p_reason_text, "
    "p_onset_ms, p_response_ms, p_recorded_at, p_focus_losses, p_disturbed); "
    "END $$",
    "CREATE OR REPLACE FUNCTION reading.set_state(p_session bigint, p_state text) RETURNS void LANGUAGE plpgsql "
    "SECURITY DEFINER SET search_path = public, pg_temp AS $$ "
    "BEGIN "
    "IF p_state NOT IN ('training', 'main', 'completed') THEN "
    "RAISE EXCEPTION 'a reader cannot set a session %', p_state USING ERRCODE = '42501'; END IF; "
    "UPDATE session SET state = p_state WHERE id = p_session AND state IN ('not_started', 'training', 'main') "
    "AND reader_id IN (SELECT id FROM reader WHERE login_role = session_user); "
    "IF NOT FOUND THEN RAISE EXCEPTION 'session % is not an open session of yours', p_session USING ERRCODE = '42501'; "
    "END IF; "
    "END $$",
    "CREATE OR REPLACE FUNCTION reading.log_event(p_session bigint, p_kind text, p_detail text, p_at text) "
    "RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$ "
    "BEGIN "
    "IF p_kind NOT LIKE 'session %' THEN "
    "RAISE EXCEPTION 'a reader logs only session events, not %', p_kind USING ERRCODE = '42501'; END IF; "
    "INSERT INTO event (at, study_id, session_id, kind, detail) SELECT p_at, se.study_id, se.id, p_kind, p_detail "
    "FROM session se JOIN reader r ON r.id = se.reader_id WHERE se.id = p_session AND r.login_role = session_user; "
    "IF NOT FOUND THEN RAISE EXCEPTION 'session % is not yours', p_session USING ERRCODE = '42501'; END IF; "
    "END $$",
    // Functions are executable by PUBLIC unless said otherwise.
    "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA reading FROM PUBLIC",
};

QString quotedIdentifier(const QString& name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1Char('"');
}

QString quotedLiteral(const QString& text)
{
    return QLatin1Char('\'') + QString(text).replace(QLatin1Char('\''), QLatin1String("''")) + QLatin1Char('\'');
}

core::Error accessError(const ProjectDatabase& db, const QString& message)
{
    return core::Error{core::ErrorCode::InvalidArgument, db.path().toStdString(), message.toStdString(), {}};
}

// Grants the readers role what a sitting needs, and nothing on the tables.
core::Result<void> grantToReaders(ProjectDatabase& db, QSqlQuery& query)
{
    const QString role = quotedIdentifier(readersRole(db));
    for (const QString& statement :
        {QStringLiteral("GRANT USAGE ON SCHEMA reading TO %1"), QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA reading TO %1"),
            QStringLiteral("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA reading TO %1"),
            // The version alone, so a reader's program can say it is too old or new.
            QStringLiteral("GRANT SELECT ON schema_version TO %1")})
        if (!query.exec(statement.arg(role)))
            return db.sqlError(QStringLiteral("Granting the readers' access"), query.lastError());
    return {};
}

core::Result<bool> roleExists(ProjectDatabase& db, QSqlQuery& query, const QString& role)
{
    query.prepare(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = ?"));
    query.addBindValue(role);
    if (!query.exec() || !query.next())
        return db.sqlError(QStringLiteral("Reading the server's roles"), query.lastError());
    return query.value(0).toInt() > 0;
}

} // namespace

QString readersRole(const ProjectDatabase& db)
{
    const QString database = db.path().section(QLatin1Char('/'), -1).section(QLatin1Char('?'), 0, 0);
    return QStringLiteral("tr_%1_readers").arg(database.toLower());
}

core::Result<void> installReaderAccess(ProjectDatabase& db)
{
    if (!db.onServer())
        return {};
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    QSqlQuery query(db.db());
    // Two coordinators' programs opening at once replace the same definitions.
    if (!query.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7310585)")))
        return db.sqlError(QStringLiteral("Waiting for another program's upgrade"), query.lastError());
    for (const char* statement : kDefinitions)
        if (!query.exec(QString::fromLatin1(statement)))
            return db.sqlError(QStringLiteral("Installing the readers' access"), query.lastError());
    auto exists = roleExists(db, query, readersRole(db));
    if (!exists)
        return exists.error();
    if (*exists)
        if (auto granted = grantToReaders(db, query); !granted)
            return granted.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Installing the readers' access"), db.db().lastError());
    return {};
}

core::Result<QString> grantReaderLogin(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& readerCode, const QString& password)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    if (!db.onServer())
        return accessError(db, QStringLiteral("A project file has no logins: readers sign in on a project server. "
                                              "Copy the project to one first (project copy)."));
    if (password.size() < 8)
        return core::Error{core::ErrorCode::InvalidArgument, "password",
            "A reader's password needs at least 8 characters.", {}};
    auto reader = studies::reader(db, readerCode);
    if (!reader)
        return reader.error();
    static const QRegularExpression plain(QStringLiteral("^[a-z0-9_]+$"));
    const QString code = readerCode.toLower();
    if (!plain.match(code).hasMatch())
        return accessError(db, QStringLiteral("The reader code %1 makes no role name (letters, digits and _ only).")
                                   .arg(readerCode));
    const QString group = readersRole(db);
    const QString login = group.chopped(int(sizeof("readers") - 1)) + code;
    if (login.size() > 63)
        return accessError(db, QStringLiteral("The role name %1 is longer than PostgreSQL's 63 characters; use a "
                                              "shorter database name or reader code.")
                                   .arg(login));
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    QSqlQuery query(db.db());
    auto groupExists = roleExists(db, query, group);
    if (!groupExists)
        return groupExists.error();
    if (!*groupExists) {
        if (!query.exec(QStringLiteral("CREATE ROLE %1 NOLOGIN").arg(quotedIdentifier(group))))
            return db.sqlError(QStringLiteral("Creating the readers role %1 (the coordinator's role needs CREATEROLE)").arg(group),
                query.lastError());
        if (auto granted = grantToReaders(db, query); !granted)
            return granted.error();
    }
    auto loginExists = roleExists(db, query, login);
    if (!loginExists)
        return loginExists.error();
    // CREATE ROLE takes no parameters, and a server may log what it runs: the
    // password goes as its SCRAM verifier (scramverifier.h), never itself.
    const QString verifier = quotedLiteral(scramSha256Verifier(password));
    const QString statement = *loginExists
        ? QStringLiteral("ALTER ROLE %1 LOGIN PASSWORD %2").arg(quotedIdentifier(login), verifier)
        : QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD %2 IN ROLE %3")
              .arg(quotedIdentifier(login), verifier, quotedIdentifier(group));
    if (!query.exec(statement))
        return db.sqlError(QStringLiteral("Creating the login of reader %1 (the coordinator's role needs CREATEROLE)").arg(readerCode),
            query.lastError());
    query.prepare(QStringLiteral("UPDATE reader SET login_role = ? WHERE id = ?"));
    query.addBindValue(login);
    query.addBindValue(reader->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Recording the login of reader %1").arg(readerCode), query.lastError());
    if (auto logged = logEvent(db, QStringLiteral("reader login"), QStringLiteral("reader %1 signs in as %2").arg(readerCode, login));
        !logged)
        return logged.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Creating the login of reader %1").arg(readerCode), db.db().lastError());
    return login;
}

QString readerLoginUrl(const QString& projectUrl, const QString& login)
{
    QUrl url(projectUrl);
    url.setPassword({});
    url.setUserName(login);
    return url.toString();
}

} // namespace tr::studies
