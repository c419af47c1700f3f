-- Schema 6: realism reports (issue 14). What a machine observer, single-cue
-- observers, a memorisation search and a diversity measure found on one
-- generator's images against the project's real slices, before any reader sat
-- down. Kept with the generator (model row) so that the workspace and every
-- study report of its pools can say how realistic it measured.
CREATE TABLE realism_report (
    id INTEGER PRIMARY KEY,
    model_id INTEGER NOT NULL REFERENCES model(id),
    made_at TEXT NOT NULL,
    request TEXT NOT NULL,  -- what was asked: counts, seed, device, volumes, observer
    report TEXT NOT NULL,   -- the figures, JSON (studies/realismreportjson.cpp)
    summary TEXT NOT NULL,  -- the report as printed
    sheet_png BLOB          -- random real and created images side by side
);
CREATE INDEX realism_report_model ON realism_report(model_id);
