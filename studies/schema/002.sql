-- Schema 2: the reader study. Image pools with their pixels and provenance, the
-- generators they came from, studies, readers, sessions, what each reader was
-- shown and answered, and an append-only event log. Times are UTC ISO 8601
-- (wall clock, for people) or milliseconds of the monotonic clock (for
-- response times, which must not jump with the wall clock).

-- Project-wide settings, e.g. the coordinator passphrase's salt and hash.
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A generator whose images a pool holds, known by the SHA-256 of its weights.
CREATE TABLE model (
    id INTEGER PRIMARY KEY,
    weights_sha256 TEXT NOT NULL UNIQUE,
    resolution INTEGER NOT NULL CHECK (resolution > 0),
    description TEXT NOT NULL,            -- training data, epochs, images seen, seed, device, libraries
    added_at TEXT NOT NULL
);

CREATE TABLE image_pool (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('real', 'created')),
    model_id INTEGER REFERENCES model(id),  -- created pools only
    resolution INTEGER NOT NULL CHECK (resolution > 0),
    seed INTEGER NOT NULL,                   -- what drew the pool
    recipe TEXT NOT NULL,                    -- grid and volumes, or model and count
    created_at TEXT NOT NULL,
    CHECK ((kind = 'created') = (model_id IS NOT NULL))
);

-- One image: 8-bit grey PNG, square, with what made it. Real: volume, angles,
-- offset, flip of the paper's grid. Created: the image's own seed and the
-- latent vector drawn from it (float32, little-endian), from which the model
-- regenerates it exactly.
CREATE TABLE image (
    id INTEGER PRIMARY KEY,
    pool_id INTEGER NOT NULL REFERENCES image_pool(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    png BLOB NOT NULL,
    png_sha256 TEXT NOT NULL,
    volume_id INTEGER REFERENCES volume(id),
    grid_index INTEGER,
    lr_deg REAL, ap_deg REAL, cc_deg REAL, offset_mm REAL, flipped INTEGER,
    image_seed TEXT,                          -- uint64 as decimal text (SQLite integers are signed)
    latent BLOB,
    UNIQUE (pool_id, position)
);

-- The design (the paper's protocol by default) and the seed every draw comes from.
CREATE TABLE study (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    real_pool_id INTEGER NOT NULL REFERENCES image_pool(id),
    created_pool_id INTEGER NOT NULL REFERENCES image_pool(id),
    seed TEXT NOT NULL,                       -- uint64 as decimal text
    images_per_reader INTEGER NOT NULL CHECK (images_per_reader > 0),
    min_created_share REAL NOT NULL CHECK (min_created_share >= 0 AND min_created_share <= 1),
    max_created_share REAL NOT NULL CHECK (max_created_share >= min_created_share AND max_created_share <= 1),
    training_cases INTEGER NOT NULL CHECK (training_cases >= 0),
    time_limit_s INTEGER NOT NULL CHECK (time_limit_s >= 0), -- 0: no limit
    allow_unknown INTEGER NOT NULL CHECK (allow_unknown IN (0, 1)),
    ask_confidence INTEGER NOT NULL CHECK (ask_confidence IN (0, 1)),
    ask_reasons INTEGER NOT NULL CHECK (ask_reasons IN (0, 1)),
    same_set INTEGER NOT NULL CHECK (same_set IN (0, 1)),
    created_at TEXT NOT NULL
);

-- Readers belong to the project, so one person keeps one pseudonym across studies.
CREATE TABLE reader (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,                -- pseudonymous id, e.g. NR1
    display_name TEXT NOT NULL,
    reader_group TEXT NOT NULL,               -- neuroradiologist, non-neuroradiologist, or the coordinator's own
    years_experience INTEGER CHECK (years_experience >= 0)
);

CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES study(id),
    reader_id INTEGER NOT NULL REFERENCES reader(id),
    seed TEXT NOT NULL,                       -- uint64 as decimal text
    created_count INTEGER NOT NULL,           -- created images in the main block
    state TEXT NOT NULL CHECK (state IN ('not_started', 'training', 'main', 'completed', 'abandoned')),
    created_at TEXT NOT NULL,
    UNIQUE (study_id, reader_id)
);

-- What the session shows, in order: the training block, then the main block.
CREATE TABLE presentation (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id),
    block TEXT NOT NULL CHECK (block IN ('training', 'main')),
    position INTEGER NOT NULL CHECK (position >= 1),
    image_id INTEGER NOT NULL REFERENCES image(id),
    UNIQUE (session_id, block, position),
    UNIQUE (session_id, image_id)             -- no image twice for one reader
);

-- A reader's answer, written once in its own transaction; never updated.
CREATE TABLE verdict (
    presentation_id INTEGER PRIMARY KEY REFERENCES presentation(id),
    verdict TEXT NOT NULL CHECK (verdict IN ('real', 'created', 'unknown', 'timeout')),
    confidence INTEGER CHECK (confidence BETWEEN 1 AND 5),
    reasons TEXT NOT NULL DEFAULT '',         -- comma-separated keys of the fixed list
    reason_text TEXT NOT NULL DEFAULT '',
    onset_ms INTEGER NOT NULL,                -- monotonic clock when the image appeared
    response_ms INTEGER NOT NULL CHECK (response_ms >= 0),
    recorded_at TEXT NOT NULL
);
CREATE TRIGGER verdict_is_final BEFORE UPDATE ON verdict
BEGIN
    SELECT RAISE(ABORT, 'a recorded verdict cannot be changed; the coordinator records a correction instead');
END;
CREATE TRIGGER verdict_is_kept BEFORE DELETE ON verdict
BEGIN
    SELECT RAISE(ABORT, 'a recorded verdict cannot be deleted; the coordinator records a correction instead');
END;

-- A coordinator's correction of a verdict (e.g. a key pressed by mistake and
-- reported at once). The original stays; analysis uses the latest correction.
CREATE TABLE verdict_correction (
    id INTEGER PRIMARY KEY,
    presentation_id INTEGER NOT NULL REFERENCES verdict(presentation_id),
    verdict TEXT NOT NULL CHECK (verdict IN ('real', 'created', 'unknown', 'timeout')),
    reason TEXT NOT NULL CHECK (length(reason) > 0),
    corrected_at TEXT NOT NULL
);

CREATE TRIGGER correction_is_final BEFORE UPDATE ON verdict_correction
BEGIN
    SELECT RAISE(ABORT, 'a correction cannot be changed; record another one');
END;
CREATE TRIGGER correction_is_kept BEFORE DELETE ON verdict_correction
BEGIN
    SELECT RAISE(ABORT, 'a correction cannot be deleted; record another one');
END;

CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    study_id INTEGER REFERENCES study(id),
    session_id INTEGER REFERENCES session(id),
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER event_is_append_only BEFORE UPDATE ON event
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
CREATE TRIGGER event_is_kept BEFORE DELETE ON event
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;

CREATE INDEX image_by_pool ON image(pool_id, position);
CREATE INDEX presentation_by_session ON presentation(session_id, block, position);
CREATE INDEX event_by_session ON event(session_id, id);
CREATE INDEX correction_by_presentation ON verdict_correction(presentation_id, id);
