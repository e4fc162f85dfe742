-- Uploaded import files kept between their check and their confirmation
-- (package staging). Bound to the account and the session that uploaded
-- them; expired rows are deleted whenever a new file is kept.
CREATE TABLE import_uploads (
	id           TEXT PRIMARY KEY,
	user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	session_hash TEXT NOT NULL,
	kind         TEXT NOT NULL,
	name         TEXT NOT NULL DEFAULT '',
	data         BYTEA NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL,
	expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX import_uploads_expires ON import_uploads (expires_at);
CREATE INDEX import_uploads_user ON import_uploads (user_id);
