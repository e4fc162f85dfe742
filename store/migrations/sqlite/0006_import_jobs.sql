-- Large imports are checked and saved in the background (web/import_jobs.go),
-- with a status page. The state of that work, how far it has gone and
-- what it found live with the kept upload rather than in one server's
-- memory, so that any app server behind a load balancer can show them.
-- state: '' (no background work), checking, checked, saving, saved, failed.
-- done_count of total_count: lines checked or records saved so far.
-- result: what the work found (owned by the web layer; JSON).
-- failure: a catalogue key saying why the work stopped.
-- beat_at: the work's last sign of life; a running job silent for too long
-- is taken for dead (its server stopped) and shown as failed.
ALTER TABLE import_uploads ADD COLUMN state TEXT NOT NULL DEFAULT '';
ALTER TABLE import_uploads ADD COLUMN done_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_uploads ADD COLUMN total_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_uploads ADD COLUMN result BLOB;
ALTER TABLE import_uploads ADD COLUMN failure TEXT NOT NULL DEFAULT '';
ALTER TABLE import_uploads ADD COLUMN started_at TIMESTAMP;
ALTER TABLE import_uploads ADD COLUMN beat_at TIMESTAMP;
