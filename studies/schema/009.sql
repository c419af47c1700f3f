-- Schema 9: a verdict given while the project server could not be reached
-- (issue 16). The reader's program kept it in hand and committed it once the
-- connection was back; its response time is the reader's, but the sitting was
-- disturbed around it, so an analysis can leave such images out.
ALTER TABLE verdict ADD COLUMN disturbed INTEGER NOT NULL DEFAULT 0 CHECK (disturbed IN (0, 1));
