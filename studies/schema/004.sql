-- Schema 4: the keys a study's readers answer with (real, created, unknown),
-- as Qt's portable key names ("R", "Left", "1"). Part of the design, so every
-- reader of a study answers alike and the report can say which keys they used.
ALTER TABLE study ADD COLUMN real_key TEXT NOT NULL DEFAULT 'R';
ALTER TABLE study ADD COLUMN created_key TEXT NOT NULL DEFAULT 'C';
ALTER TABLE study ADD COLUMN unknown_key TEXT NOT NULL DEFAULT 'U';
