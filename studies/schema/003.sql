-- Schema 3: how often the reading window lost the focus (another window
-- raised, the window minimised) while an image was up, kept with the verdict
-- so that an analysis can leave such judgements out.
ALTER TABLE verdict ADD COLUMN focus_losses INTEGER NOT NULL DEFAULT 0 CHECK (focus_losses >= 0);
