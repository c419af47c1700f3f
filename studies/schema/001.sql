-- Schema 1: imported volumes and their landmarks.
-- Nothing here identifies a person: no names, IDs, dates of birth, acquisition
-- dates or times, institutions, physicians, UIDs or source file paths (DICOM
-- PS3.15 Annex E, Basic Profile). Each volume is known by a project-local
-- pseudonym; only acquisition facts that matter for the study are kept.
CREATE TABLE volume (
    id INTEGER PRIMARY KEY,
    pseudonym TEXT NOT NULL UNIQUE,
    source_format TEXT NOT NULL,          -- nifti, metaimage, nrrd, dicom
    size_i INTEGER NOT NULL CHECK (size_i > 0),
    size_j INTEGER NOT NULL CHECK (size_j > 0),
    size_k INTEGER NOT NULL CHECK (size_k > 0),
    spacing_i REAL NOT NULL, spacing_j REAL NOT NULL, spacing_k REAL NOT NULL,
    origin TEXT NOT NULL,                  -- "x y z", LPS mm
    direction TEXT NOT NULL,               -- 9 numbers, row-major
    acquired_orientation TEXT NOT NULL,    -- where the file's i, j, k axes pointed, e.g. PSR
    manufacturer TEXT, model TEXT, field_strength_t REAL, sequence TEXT,
    repetition_time_ms REAL, echo_time_ms REAL, flip_angle_deg REAL,
    bias_corrected INTEGER NOT NULL DEFAULT 0, -- N4 applied at import
    voxel_sha256 TEXT NOT NULL UNIQUE,     -- refuses importing the same scan twice
    voxels BLOB NOT NULL                   -- float32, i fastest, zlib (qCompress)
);
CREATE TABLE landmark (
    volume_id INTEGER NOT NULL REFERENCES volume(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name IN ('ac', 'pc', 'msp', 'centre')),
    x REAL NOT NULL, y REAL NOT NULL, z REAL NOT NULL, -- LPS mm
    source TEXT NOT NULL CHECK (source IN ('manual', 'auto')),
    PRIMARY KEY (volume_id, name)
);
