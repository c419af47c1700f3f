-- Schema 5: images the coordinator took out of a pool before any study drew
-- from it (a broken generator output, say), each with the reason. Kept for
-- good, and counted in the report of every study that uses the pool, so that
-- no image leaves a pool unrecorded: created images enter a study only as the
-- study's seeded draw takes them from what is left.
CREATE TABLE image_discard (
    image_id INTEGER PRIMARY KEY REFERENCES image(id),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    discarded_at TEXT NOT NULL
);

CREATE TRIGGER image_discard_is_final_update BEFORE UPDATE ON image_discard
BEGIN
    SELECT RAISE(ABORT, 'a discard is final');
END;

CREATE TRIGGER image_discard_is_final_delete BEFORE DELETE ON image_discard
BEGIN
    SELECT RAISE(ABORT, 'a discard is final');
END;
