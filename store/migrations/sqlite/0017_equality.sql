-- Gender Equality Plans (package equality): plans of the union and of
-- member municipalities, the versions each plan was adopted in, the
-- reviews that say what changed and why, objectives and their measures,
-- the indicators a plan follows, and monitoring reports per period.
-- Calendar dates are TEXT 'YYYY-MM-DD'.
--
-- Objectives and measures belong to the plan, not to a version: a
-- version is a dated adoption with its note, and what an objective or a
-- measure looked like before is in the audit records.

CREATE TABLE equality_plans (
	id              INTEGER PRIMARY KEY,
	org_id          TEXT NOT NULL REFERENCES organisations (id),
	title           TEXT NOT NULL CHECK (title <> ''),
	summary         TEXT NOT NULL DEFAULT '',
	start_date      TEXT,
	end_date        TEXT,
	status          TEXT NOT NULL CHECK (status IN ('draft', 'active', 'closed')),
	published       BOOLEAN NOT NULL DEFAULT 0,
	current_version INTEGER NOT NULL DEFAULT 1 CHECK (current_version >= 1),
	version         INTEGER NOT NULL DEFAULT 1,
	created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
CREATE INDEX equality_plans_org ON equality_plans (org_id, start_date);
CREATE INDEX equality_plans_published ON equality_plans (published, org_id);

CREATE TABLE equality_plan_versions (
	plan_id    INTEGER NOT NULL REFERENCES equality_plans (id) ON DELETE CASCADE,
	number     INTEGER NOT NULL CHECK (number >= 1),
	adopted_on TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL,
	PRIMARY KEY (plan_id, number)
);

-- A review is written with the version it leads to: one per revision.
CREATE TABLE equality_reviews (
	id           INTEGER PRIMARY KEY,
	plan_id      INTEGER NOT NULL REFERENCES equality_plans (id) ON DELETE CASCADE,
	reviewed_on  TEXT NOT NULL,
	from_version INTEGER NOT NULL,
	to_version   INTEGER NOT NULL,
	changes      TEXT NOT NULL CHECK (changes <> ''),
	reasons      TEXT NOT NULL CHECK (reasons <> ''),
	created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at   TIMESTAMP NOT NULL,
	UNIQUE (plan_id, to_version),
	FOREIGN KEY (plan_id, to_version) REFERENCES equality_plan_versions (plan_id, number),
	CHECK (to_version = from_version + 1)
);

CREATE TABLE equality_objectives (
	id          INTEGER PRIMARY KEY,
	plan_id     INTEGER NOT NULL REFERENCES equality_plans (id) ON DELETE CASCADE,
	code        TEXT NOT NULL CHECK (code <> ''),
	title       TEXT NOT NULL CHECK (title <> ''),
	description TEXT NOT NULL DEFAULT '',
	position    INTEGER NOT NULL DEFAULT 0,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	UNIQUE (plan_id, code)
);

-- plan_id is the objective's, copied so that a plan's measures and a
-- report's measure statuses are checked and read without a join.
CREATE TABLE equality_measures (
	id           INTEGER PRIMARY KEY,
	plan_id      INTEGER NOT NULL REFERENCES equality_plans (id) ON DELETE CASCADE,
	objective_id INTEGER NOT NULL REFERENCES equality_objectives (id) ON DELETE CASCADE,
	title        TEXT NOT NULL CHECK (title <> ''),
	description  TEXT NOT NULL DEFAULT '',
	responsible  TEXT NOT NULL CHECK (responsible <> ''),
	budget       REAL NOT NULL DEFAULT 0 CHECK (budget >= 0),
	start_date   TEXT,
	end_date     TEXT,
	status       TEXT NOT NULL CHECK (status IN ('planned', 'ongoing', 'done', 'delayed', 'cancelled')),
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL,
	CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
CREATE INDEX equality_measures_objective ON equality_measures (objective_id);
CREATE INDEX equality_measures_plan ON equality_measures (plan_id);

-- The indicators of package indicators a plan (objective_id NULL) or one
-- of its objectives follows, with the target (indicator_targets) that
-- holds the plan's baseline and target value. An indicator deleted is no
-- longer followed; a target deleted leaves the indicator followed
-- without one.
CREATE TABLE equality_plan_indicators (
	plan_id      INTEGER NOT NULL REFERENCES equality_plans (id) ON DELETE CASCADE,
	objective_id INTEGER REFERENCES equality_objectives (id) ON DELETE CASCADE,
	indicator_id INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
	target_id    INTEGER REFERENCES indicator_targets (id) ON DELETE SET NULL,
	created_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX equality_plan_indicators_key ON equality_plan_indicators (plan_id, COALESCE(objective_id, 0), indicator_id);
CREATE INDEX equality_plan_indicators_indicator ON equality_plan_indicators (indicator_id);

CREATE TABLE equality_reports (
	id         INTEGER PRIMARY KEY,
	plan_id    INTEGER NOT NULL REFERENCES equality_plans (id) ON DELETE CASCADE,
	period     TEXT NOT NULL CHECK (period <> ''),
	narrative  TEXT NOT NULL DEFAULT '',
	published  BOOLEAN NOT NULL DEFAULT 0,
	version    INTEGER NOT NULL DEFAULT 1,
	created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	UNIQUE (plan_id, period)
);

-- Each measure's status as a report states it.
CREATE TABLE equality_report_measures (
	report_id  INTEGER NOT NULL REFERENCES equality_reports (id) ON DELETE CASCADE,
	measure_id INTEGER NOT NULL REFERENCES equality_measures (id) ON DELETE CASCADE,
	status     TEXT NOT NULL CHECK (status IN ('planned', 'ongoing', 'done', 'delayed', 'cancelled')),
	PRIMARY KEY (report_id, measure_id)
);
CREATE INDEX equality_report_measures_measure ON equality_report_measures (measure_id);

-- A report's evidence: documents may now be attached to a plan report.
-- SQLite cannot change a CHECK constraint in place, so the table is
-- rebuilt. Dropping it with foreign keys on deletes its rows first, which
-- would cascade to the street sites' photos: they are kept aside and put
-- back once the new table has the old one's name.
CREATE TABLE documents_new (
	id           INTEGER PRIMARY KEY,
	parent_kind  TEXT NOT NULL CHECK (parent_kind IN ('space', 'meeting', 'need', 'practice', 'site', 'plan_report')),
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
CREATE TEMP TABLE equality_kept_photos AS SELECT site_id, document_id, stage, alt, position FROM street_site_photos;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_parent ON documents (parent_kind, parent_id, created_at);
INSERT INTO street_site_photos (site_id, document_id, stage, alt, position)
	SELECT site_id, document_id, stage, alt, position FROM equality_kept_photos;
DROP TABLE equality_kept_photos;
