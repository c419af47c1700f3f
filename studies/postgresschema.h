#pragma once
// The numbered migrations of studies/schema/ are written once, in the SQLite
// dialect, and a project on a PostgreSQL server is brought forward by the same
// scripts: this translates each statement. The scripts use a small, fixed
// part of SQL (plain tables, CHECKs, indexes, ALTER TABLE ADD COLUMN, and
// triggers that refuse an UPDATE or DELETE), and a statement outside that part
// is refused, so a future migration that needs more fails the PostgreSQL tests
// instead of translating wrongly.

#include "core/result.h"

#include <QString>

namespace tr::studies {

// Created before the first migration: the function every refusing trigger
// calls, raising its first argument as the error.
extern const char* const kPostgresRefuseFunction;

// One SQLite statement of a migration as PostgreSQL executes it:
// "id INTEGER PRIMARY KEY" becomes an identity column (BY DEFAULT, so a copied
// project keeps its ids), INTEGER BIGINT (SQLite's integers are 64-bit), REAL
// DOUBLE PRECISION, BLOB BYTEA, and
//   CREATE TRIGGER t BEFORE UPDATE ON x BEGIN SELECT RAISE(ABORT, 'why'); END
// a row trigger calling tr_refuse('why').
core::Result<QString> postgresStatement(const QString& sqliteStatement);

} // namespace tr::studies
