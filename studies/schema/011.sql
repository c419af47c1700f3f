-- Schema 11: the link from an image to its source, sealed (issue 16, part 2).
-- In a project file, once the coordinator passphrase is known, each image's
-- pool, position and provenance are stored only inside sealed_source
-- (AES-256-GCM under the project's truth key, studies/sealedsources.h) and the
-- open columns are emptied, so that a copy of the file read without the
-- passphrase does not say which pool an image came from. On a project file
-- the image table is rebuilt so that those columns may be empty
-- (ProjectDatabase's file step for this schema); a project server keeps them
-- open behind its roles (readeraccess.h).
ALTER TABLE image ADD COLUMN sealed_source BLOB;
-- Whether a practice image is created: the feedback after a training case,
-- which the quiz gives without the passphrase. Main-block images: empty.
ALTER TABLE presentation ADD COLUMN practice_created INTEGER CHECK (practice_created IN (0, 1));
UPDATE presentation SET practice_created = (SELECT CASE WHEN pl.kind = 'created' THEN 1 ELSE 0 END FROM image i
    JOIN image_pool pl ON pl.id = i.pool_id WHERE i.id = presentation.image_id) WHERE block = 'training';
-- A pool keeps its own counts (all its images, and those discarded), so that
-- its size reads without opening the sealed sources.
ALTER TABLE image_pool ADD COLUMN image_count INTEGER NOT NULL DEFAULT 0 CHECK (image_count >= 0);
ALTER TABLE image_pool ADD COLUMN discarded_count INTEGER NOT NULL DEFAULT 0 CHECK (discarded_count >= 0);
UPDATE image_pool SET image_count = (SELECT count(*) FROM image i WHERE i.pool_id = image_pool.id),
    discarded_count = (SELECT count(*) FROM image i JOIN image_discard d ON d.image_id = i.id WHERE i.pool_id = image_pool.id);
