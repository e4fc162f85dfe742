-- Public-life counts (Gehl Public Life Data Protocol 1.0): studies,
-- locations, surveys, counts, and each site's reach (package publiclife).
-- Everything belongs to a street site of package streets (0014); who may
-- read or write it follows the site (its municipality, its publication).
CREATE TABLE publiclife_studies (
	id               INTEGER PRIMARY KEY,
	site_id          INTEGER NOT NULL REFERENCES street_sites (id),
	title            TEXT NOT NULL,    -- the protocol's "project"
	stage            TEXT NOT NULL CHECK (stage IN ('before', 'after')), -- "project_phase"
	start_date       TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD
	end_date         TEXT NOT NULL DEFAULT '',
	manager_name     TEXT NOT NULL DEFAULT '',
	organisation     TEXT NOT NULL DEFAULT '',
	protocol_version TEXT NOT NULL DEFAULT '1.0',
	notes            TEXT NOT NULL DEFAULT '',
	version          INTEGER NOT NULL DEFAULT 1,
	created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at       TIMESTAMP NOT NULL,
	updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX publiclife_studies_site ON publiclife_studies (site_id, id);

CREATE TABLE publiclife_locations (
	id         INTEGER PRIMARY KEY,
	site_id    INTEGER NOT NULL REFERENCES street_sites (id),
	name       TEXT NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('line', 'area')),
	geometry   TEXT NOT NULL DEFAULT '', -- GeoJSON LineString or Polygon; '' not drawn
	measure    REAL NOT NULL DEFAULT 0,  -- metres (line) or m² (area), computed from geometry
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX publiclife_locations_site ON publiclife_locations (site_id, id);

-- A survey's site and stage copy its study's, and its figures summarise
-- its counts (kept in step by the package when either changes), so that
-- comparisons and the programme's dashboard never read the counts.
CREATE TABLE publiclife_surveys (
	id            INTEGER PRIMARY KEY,
	site_id       INTEGER NOT NULL REFERENCES street_sites (id),
	study_id      INTEGER NOT NULL REFERENCES publiclife_studies (id),
	location_id   INTEGER NOT NULL REFERENCES publiclife_locations (id),
	stage         TEXT NOT NULL CHECK (stage IN ('before', 'after')),
	time_start    TIMESTAMP NOT NULL,
	time_stop     TIMESTAMP NOT NULL,
	method        TEXT NOT NULL CHECK (method IN ('analog', 'digital', 'video')),
	microclimate  TEXT NOT NULL DEFAULT '',
	temperature_c REAL, -- NULL: not taken
	day_kind      TEXT NOT NULL DEFAULT '',
	surveyor      TEXT NOT NULL DEFAULT '',
	notes         TEXT NOT NULL DEFAULT '',
	people        INTEGER NOT NULL DEFAULT 0,
	children      INTEGER NOT NULL DEFAULT 0, -- aged 0-14
	older         INTEGER NOT NULL DEFAULT 0, -- aged 65 and over
	aged          INTEGER NOT NULL DEFAULT 0, -- with an age band
	women         INTEGER NOT NULL DEFAULT 0,
	men           INTEGER NOT NULL DEFAULT 0,
	staying       INTEGER NOT NULL DEFAULT 0, -- people, when counted in an area
	moving        INTEGER NOT NULL DEFAULT 0, -- people, when counted at a line
	hours         REAL NOT NULL DEFAULT 0,
	version       INTEGER NOT NULL DEFAULT 1,
	created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL,
	CHECK (time_stop > time_start)
);
CREATE INDEX publiclife_surveys_site ON publiclife_surveys (site_id, time_start);
CREATE INDEX publiclife_surveys_study ON publiclife_surveys (study_id);
CREATE INDEX publiclife_surveys_location ON publiclife_surveys (location_id);

-- The counts as given: '' is an attribute not recorded.
CREATE TABLE publiclife_counts (
	survey_id INTEGER NOT NULL REFERENCES publiclife_surveys (id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	gender    TEXT NOT NULL DEFAULT '',
	age       TEXT NOT NULL DEFAULT '',
	mode      TEXT NOT NULL DEFAULT '',
	posture   TEXT NOT NULL DEFAULT '',
	activity  TEXT NOT NULL DEFAULT '',
	grp       TEXT NOT NULL DEFAULT '',
	object    TEXT NOT NULL DEFAULT '',
	n         INTEGER NOT NULL CHECK (n BETWEEN 0 AND 100000),
	PRIMARY KEY (survey_id, position)
) WITHOUT ROWID;

-- Each site's reach, rewritten from its surveys' rows whenever one of
-- them changes: the programme's dashboard reads one row a site.
CREATE TABLE publiclife_reach (
	site_id  INTEGER PRIMARY KEY REFERENCES street_sites (id),
	surveys  INTEGER NOT NULL DEFAULT 0,
	children INTEGER NOT NULL DEFAULT 0, -- the most in one after-intervention survey
	people   INTEGER NOT NULL DEFAULT 0  -- the most in one after-intervention survey
);
