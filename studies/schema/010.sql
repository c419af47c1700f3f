-- Schema 10: sealed reading packages (issue 16). A reader with no network reads
-- from a file made for their sitting (studies/readingpackage.h); the project
-- remembers each package it issued, so that only the newest package of a
-- session, from this project, merges back, and only once. While one is out,
-- the session is not read here as well.
CREATE TABLE reading_package (
    id TEXT PRIMARY KEY,                  -- a UUID, written into the package and sealed with it
    session_id INTEGER NOT NULL REFERENCES session(id),
    made_at TEXT NOT NULL,
    file_name TEXT NOT NULL,              -- as written, for the coordinator's messages
    superseded_at TEXT,                   -- a newer package of the session was made
    merged_at TEXT
);
CREATE UNIQUE INDEX reading_package_outstanding ON reading_package(session_id)
    WHERE superseded_at IS NULL AND merged_at IS NULL;
