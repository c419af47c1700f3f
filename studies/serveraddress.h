#pragma once
// Where a project on a PostgreSQL server lives: a connection URL in libpq's own
// form, postgresql://[user[:password]@]host[:port]/database[?keyword=value&...],
// accepted wherever a project file is. Query keywords go to libpq as they are
// (sslmode, connect_timeout, ...), and libpq's usual sources fill what the URL
// leaves out (PGPASSWORD, ~/.pgpass, PGUSER), so a password need not be typed
// into a command line.

#include "core/result.h"

#include <QSqlDatabase>
#include <QString>

namespace tr::studies {

// True for "postgresql://..." and "postgres://...": a server, not a file.
bool isServerLocation(const QString& location);

struct ServerAddress {
    QString host;     // empty: libpq's default (the local socket)
    int port = -1;    // -1: libpq's default (5432)
    QString user;     // empty: libpq's default (PGUSER, then the login name)
    QString password; // empty: PGPASSWORD or ~/.pgpass
    QString database;
    QString options; // libpq keywords, "k=v;k=v" (Qt's connect-option form)

    static core::Result<ServerAddress> parse(const QString& url);
    // The URL without its password: what messages and the workspace show.
    QString display() const;
    // The same server, another database (the maintenance database "postgres"
    // for CREATE DATABASE).
    ServerAddress withDatabase(const QString& name) const;
    void applyTo(QSqlDatabase& db) const;
};

} // namespace tr::studies
