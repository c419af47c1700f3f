-- Schema 7: created images from any source (issue 15). A model row is now any
-- source of created images: the product's DCGAN model file, a TorchScript
-- module (identity: the file's SHA-256) or a folder of images (identity: the
-- SHA-256 of its images' SHA-256s in name order). An image brought from a
-- folder keeps its file's SHA-256 and name as provenance; the name is the
-- coordinator's and is never shown to a reader.
ALTER TABLE model ADD COLUMN kind TEXT NOT NULL DEFAULT 'dcgan'
    CHECK (kind IN ('dcgan', 'torchscript', 'folder'));
ALTER TABLE image ADD COLUMN source_file TEXT;
ALTER TABLE image ADD COLUMN source_sha256 TEXT;
-- A real slice imported from a pool folder names its subject (the volume
-- pseudonym in the folder's manifest), so that checks can hold subjects out.
ALTER TABLE image ADD COLUMN subject TEXT;

-- The blinding check of each study (studies/blindingcheck.h): whether a
-- low-level cue alone tells its two pools apart, run when the study is made.
-- A raised check stops new sessions until the coordinator acknowledges it.
CREATE TABLE blinding_check (
    study_id INTEGER PRIMARY KEY REFERENCES study(id) ON DELETE CASCADE,
    made_at TEXT NOT NULL,
    summary TEXT NOT NULL,          -- as printed
    raised TEXT NOT NULL,           -- one line per cue or duplicate raised; '' when passed
    acknowledged_at TEXT,
    acknowledgement TEXT            -- what the coordinator said
);
