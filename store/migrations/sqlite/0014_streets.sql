-- Reclaiming Streets (package streets): the programme's yearly cycles, the
-- municipalities that apply to each (and are selected or not), the street
-- sites they transform with the geometry of the space reclaimed, the
-- sites' photos, and the programme's targets. Calendar dates are TEXT
-- 'YYYY-MM-DD'.

CREATE TABLE street_cycles (
	id          INTEGER PRIMARY KEY,
	year        INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
	name        TEXT NOT NULL,
	partners    TEXT NOT NULL DEFAULT '',
	call_text   TEXT NOT NULL DEFAULT '',
	call_opens  TEXT,
	call_closes TEXT,
	training    TEXT NOT NULL DEFAULT '',
	notes       TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL
);

-- A municipality's application to a cycle; the cities of a cycle are the
-- provinces of its selected municipalities, never typed in.
CREATE TABLE street_participants (
	cycle_id   INTEGER NOT NULL REFERENCES street_cycles (id) ON DELETE CASCADE,
	org_id     TEXT NOT NULL REFERENCES organisations (id),
	status     TEXT NOT NULL CHECK (status IN ('applied', 'selected', 'declined', 'withdrawn')),
	applied_on TEXT NOT NULL,
	decided_on TEXT,
	team       TEXT NOT NULL DEFAULT '',
	training   TEXT NOT NULL DEFAULT 'not_started' CHECK (training IN ('not_started', 'ongoing', 'completed')),
	notes      TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	PRIMARY KEY (cycle_id, org_id)
);
CREATE INDEX street_participants_org ON street_participants (org_id);

-- A street site. The narrow columns the dashboard reads come first and
-- the geometry last, so that a scan of the table reads no overflow page;
-- the dashboard index covers them all besides. geometry is the GeoJSON
-- as validated; overview its simplified, rounded copy for the map;
-- area_m2 and the centroid are computed from geometry when it is saved.
-- province_id is the municipality's, copied so that the dashboard and the
-- map filter by city without a join.
CREATE TABLE street_sites (
	id           INTEGER PRIMARY KEY,
	cycle_id     INTEGER NOT NULL REFERENCES street_cycles (id),
	org_id       TEXT NOT NULL REFERENCES organisations (id),
	province_id  TEXT REFERENCES places (id),
	published    BOOLEAN NOT NULL DEFAULT 0,
	phase        TEXT NOT NULL CHECK (phase IN ('baseline', 'design', 'tactical', 'permanent', 'evaluated')),
	intervention TEXT NOT NULL CHECK (intervention IN ('play_street', 'school_street', 'pedestrianisation', 'plaza', 'traffic_calming', 'parklet', 'superblock', 'other')),
	area_m2      REAL NOT NULL CHECK (area_m2 >= 0),
	centroid_lon REAL NOT NULL,
	centroid_lat REAL NOT NULL,
	baseline_on  TEXT,
	design_on    TEXT,
	tactical_on  TEXT,
	permanent_on TEXT,
	evaluated_on TEXT,
	name         TEXT NOT NULL,
	sort_key     BLOB NOT NULL,
	search_text  TEXT NOT NULL,
	version      INTEGER NOT NULL DEFAULT 1,
	created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL,
	description  TEXT NOT NULL DEFAULT '',
	overview     TEXT NOT NULL,
	geometry     TEXT NOT NULL
);
CREATE INDEX street_sites_dashboard ON street_sites (published, cycle_id, org_id, province_id, phase, area_m2);
CREATE INDEX street_sites_cycle ON street_sites (cycle_id, sort_key);
CREATE INDEX street_sites_org ON street_sites (org_id, sort_key);
CREATE INDEX street_sites_province ON street_sites (province_id, sort_key);

-- Documents may now be attached to a street site. SQLite cannot change a
-- CHECK constraint in place: the table is rebuilt, before anything
-- references it (street_site_photos, below, is the first to).
CREATE TABLE documents_new (
	id           INTEGER PRIMARY KEY,
	parent_kind  TEXT NOT NULL CHECK (parent_kind IN ('space', 'meeting', 'need', 'practice', 'site')),
	parent_id    INTEGER NOT NULL,
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL CHECK (size > 0),
	sha256       TEXT NOT NULL,
	blob_key     TEXT NOT NULL UNIQUE,
	uploaded_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at   TIMESTAMP NOT NULL
);
INSERT INTO documents_new SELECT id, parent_kind, parent_id, name, content_type, size, sha256, blob_key, uploaded_by, created_at FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_parent ON documents (parent_kind, parent_id, created_at);

-- Photos of a site: documents of package documents attached to it
-- (parent_kind 'site'), each said to show the street before or after,
-- with the text that tells people who cannot see it what it shows.
CREATE TABLE street_site_photos (
	site_id     INTEGER NOT NULL REFERENCES street_sites (id) ON DELETE CASCADE,
	document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	stage       TEXT NOT NULL CHECK (stage IN ('before', 'after')),
	alt         TEXT NOT NULL CHECK (alt <> ''),
	position    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (site_id, document_id)
);
CREATE INDEX street_site_photos_document ON street_site_photos (document_id);

CREATE TABLE street_targets (
	id            INTEGER PRIMARY KEY,
	measure       TEXT NOT NULL CHECK (measure IN ('streets', 'area_m2', 'municipalities', 'children')),
	value         REAL NOT NULL CHECK (value > 0),
	baseline      REAL NOT NULL DEFAULT 0 CHECK (baseline >= 0),
	baseline_date TEXT NOT NULL,
	deadline      TEXT NOT NULL,
	notes         TEXT NOT NULL DEFAULT '',
	version       INTEGER NOT NULL DEFAULT 1,
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL
);
