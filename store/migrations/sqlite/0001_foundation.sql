-- Foundation: settings, audit log, places, organisations, people, accounts.
-- Timestamps are TIMESTAMP (stored as UTC text, read back as time.Time);
-- calendar dates are TEXT 'YYYY-MM-DD' in both dialects.
-- sort_key holds a Turkish collation key (locale.SortKey): ordering by it
-- sorts Ç after C and İ after I in SQL, with an index.
-- search_text holds locale.Fold of the searchable fields.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE audit_log (
	id         INTEGER PRIMARY KEY,
	at         TIMESTAMP NOT NULL,
	actor_id   INTEGER,
	actor      TEXT NOT NULL,
	action     TEXT NOT NULL,
	entity     TEXT NOT NULL,
	entity_id  TEXT NOT NULL,
	org_id     TEXT,
	before     TEXT,
	after      TEXT,
	address    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE places (
	id          TEXT PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('region', 'province', 'district')),
	parent_id   TEXT REFERENCES places (id),
	name        TEXT NOT NULL,
	code        TEXT NOT NULL DEFAULT '',
	population  INTEGER,
	boundary    TEXT,
	sort_key    BLOB NOT NULL,
	search_text TEXT NOT NULL,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX places_parent ON places (parent_id, sort_key);
CREATE INDEX places_kind ON places (kind, sort_key);

CREATE TABLE organisations (
	id                TEXT PRIMARY KEY,
	kind              TEXT NOT NULL CHECK (kind IN ('union', 'municipality', 'public_institution', 'ngo', 'academia', 'international', 'funder', 'private', 'other')),
	municipality_kind TEXT CHECK (municipality_kind IN ('metropolitan', 'provincial', 'district', 'belde')),
	name              TEXT NOT NULL,
	short_name        TEXT NOT NULL DEFAULT '',
	parent_id         TEXT REFERENCES organisations (id),
	place_id          TEXT REFERENCES places (id),
	province_id       TEXT REFERENCES places (id),
	population        INTEGER,
	website           TEXT NOT NULL DEFAULT '',
	email             TEXT NOT NULL DEFAULT '',
	phone             TEXT NOT NULL DEFAULT '',
	address           TEXT NOT NULL DEFAULT '',
	member_status     TEXT NOT NULL DEFAULT 'none' CHECK (member_status IN ('none', 'member', 'candidate', 'suspended', 'former')),
	member_since      TEXT,
	member_until      TEXT,
	sort_key          BLOB NOT NULL,
	search_text       TEXT NOT NULL,
	version           INTEGER NOT NULL DEFAULT 1,
	created_at        TIMESTAMP NOT NULL,
	updated_at        TIMESTAMP NOT NULL,
	CHECK ((kind = 'municipality') = (municipality_kind IS NOT NULL))
);
CREATE INDEX organisations_sort ON organisations (sort_key);
CREATE INDEX organisations_kind ON organisations (kind, municipality_kind, sort_key);
CREATE INDEX organisations_province ON organisations (province_id, sort_key);
CREATE INDEX organisations_parent ON organisations (parent_id);
CREATE INDEX organisations_member ON organisations (member_status, sort_key);

CREATE TABLE people (
	id          INTEGER PRIMARY KEY,
	given_name  TEXT NOT NULL,
	family_name TEXT NOT NULL,
	honorific   TEXT NOT NULL DEFAULT '',
	gender      TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'female', 'male', 'other', 'undisclosed')),
	email       TEXT,
	phone       TEXT NOT NULL DEFAULT '',
	lang        TEXT NOT NULL DEFAULT 'tr',
	notes       TEXT NOT NULL DEFAULT '',
	org_id      TEXT REFERENCES organisations (id),
	sort_key    BLOB NOT NULL,
	search_text TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX people_email ON people (email) WHERE email IS NOT NULL;
CREATE INDEX people_sort ON people (sort_key);
CREATE INDEX people_org ON people (org_id, sort_key);

-- An affiliation is a person's tie to an organisation over a period; ended
-- is NULL while it lasts. When people move, the old row is ended and a new
-- one starts, so the history stays.
CREATE TABLE affiliations (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	org_id     TEXT NOT NULL REFERENCES organisations (id),
	department TEXT NOT NULL DEFAULT '',
	position   TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL DEFAULT 'staff' CHECK (kind IN ('staff', 'elected', 'appointed', 'volunteer', 'other')),
	work_email TEXT NOT NULL DEFAULT '',
	work_phone TEXT NOT NULL DEFAULT '',
	started    TEXT,
	ended      TEXT,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX affiliations_person ON affiliations (person_id, ended);
CREATE INDEX affiliations_org ON affiliations (org_id, ended, person_id);

CREATE TABLE users (
	id                  INTEGER PRIMARY KEY,
	email               TEXT NOT NULL UNIQUE,
	name                TEXT NOT NULL DEFAULT '',
	role                TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'focal-point', 'committee-member', 'viewer')),
	org_id              TEXT REFERENCES organisations (id),
	person_id           INTEGER REFERENCES people (id) ON DELETE SET NULL,
	password_hash       TEXT NOT NULL DEFAULT '',
	lang                TEXT NOT NULL DEFAULT '',
	active              BOOLEAN NOT NULL DEFAULT 1,
	password_changed_at TIMESTAMP,
	last_login_at       TIMESTAMP,
	version             INTEGER NOT NULL DEFAULT 1,
	created_at          TIMESTAMP NOT NULL,
	updated_at          TIMESTAMP NOT NULL,
	CHECK (role <> 'focal-point' OR org_id IS NOT NULL)
);
CREATE INDEX users_org ON users (org_id);

-- Sessions are stored by the SHA-256 of their token: a copy of the database
-- does not let anyone sign in.
CREATE TABLE sessions (
	hash         TEXT PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at   TIMESTAMP NOT NULL,
	last_seen_at TIMESTAMP NOT NULL,
	expires_at   TIMESTAMP NOT NULL,
	address      TEXT NOT NULL DEFAULT '',
	user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time links: invitations and password resets.
CREATE TABLE user_tokens (
	hash       TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	used_at    TIMESTAMP
);
CREATE INDEX user_tokens_user ON user_tokens (user_id);

-- Personal access tokens for the JSON API.
CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	hash         TEXT NOT NULL UNIQUE,
	prefix       TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	expires_at   TIMESTAMP,
	last_used_at TIMESTAMP,
	revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed sign-ins, counted per account and per address over a window.
CREATE TABLE login_failures (
	id      INTEGER PRIMARY KEY,
	account TEXT NOT NULL,
	address TEXT NOT NULL,
	at      TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account, at);
CREATE INDEX login_failures_address ON login_failures (address, at);
