-- Indicators (package indicators): definitions, the values municipalities
-- report per period and category combination, the submission of a
-- period for approval, targets, and the roll-ups kept in the same
-- transaction as the values (so a dashboard never reads the values of a
-- region or a province). Combination columns are NOT NULL: '' is "total
-- over this dimension", so they can be part of the primary keys.

CREATE TABLE indicators (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,             -- JSON object by language
	definition  TEXT NOT NULL DEFAULT '{}', -- JSON object by language
	unit        TEXT NOT NULL CHECK (unit IN ('count', 'percentage', 'ratio', 'currency', 'm2', 'yes_no')),
	type        TEXT NOT NULL CHECK (type IN ('structural', 'process', 'outcome')),
	rights      TEXT NOT NULL DEFAULT '',  -- comma-separated topics.Rights codes
	sdg_targets TEXT NOT NULL DEFAULT '',  -- comma-separated, e.g. '5.5,11.7'
	direction   TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
	aggregation TEXT NOT NULL CHECK (aggregation IN ('sum', 'average', 'weighted', 'latest', 'none')),
	scope       TEXT NOT NULL CHECK (scope IN ('institution', 'territory')),
	period_type TEXT NOT NULL CHECK (period_type IN ('year', 'quarter', 'month')),
	dimensions  TEXT NOT NULL DEFAULT '',  -- comma-separated, in the order of indicators.Dimensions
	source      TEXT NOT NULL CHECK (source IN ('entered', 'formula', 'recorded')),
	formula     TEXT NOT NULL DEFAULT '',
	recorded    TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE indicator_values (
	indicator_id INTEGER NOT NULL REFERENCES indicators (id),
	org_id       TEXT NOT NULL REFERENCES organisations (id),
	period       TEXT NOT NULL,
	sex          TEXT NOT NULL DEFAULT '',
	age          TEXT NOT NULL DEFAULT '',
	disability   TEXT NOT NULL DEFAULT '',
	migration    TEXT NOT NULL DEFAULT '',
	value        REAL NOT NULL,
	note         TEXT NOT NULL DEFAULT '',
	entered_by   INTEGER,                  -- NULL: the system
	entered_at   TIMESTAMP NOT NULL,
	PRIMARY KEY (indicator_id, org_id, period, sex, age, disability, migration)
) WITHOUT ROWID;

-- A municipality's period put forward for approval; no row is a draft.
CREATE TABLE indicator_submissions (
	org_id       TEXT NOT NULL REFERENCES organisations (id),
	period       TEXT NOT NULL,
	status       TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'returned')),
	comment      TEXT NOT NULL DEFAULT '',
	submitted_by INTEGER,
	submitted_at TIMESTAMP,
	decided_by   INTEGER,
	decided_at   TIMESTAMP,
	PRIMARY KEY (org_id, period)
);
CREATE INDEX indicator_submissions_status ON indicator_submissions (status, period);

CREATE TABLE indicator_targets (
	id              INTEGER PRIMARY KEY,
	indicator_id    INTEGER NOT NULL REFERENCES indicators (id),
	org_id          TEXT REFERENCES organisations (id),
	place_id        TEXT REFERENCES places (id),
	baseline        REAL NOT NULL,
	baseline_period TEXT NOT NULL,
	value           REAL NOT NULL,
	deadline        TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	CHECK ((org_id IS NULL) <> (place_id IS NULL))
);
CREATE INDEX indicator_targets_indicator ON indicator_targets (indicator_id);

-- The roll-ups: per indicator, province, tier ('metro' for a
-- metropolitan municipality, 'local' for every other), period and
-- combination, for all values (approved 0) and approved ones (1): n
-- values added, their total, Σ value·population and Σ population. depth
-- is how many dimensions the combination names: a dashboard reads depth
-- 0 for its trend and depth 1 for its breakdowns, each a prefix of the
-- key.
CREATE TABLE indicator_rollups (
	indicator_id INTEGER NOT NULL,
	approved     INTEGER NOT NULL,
	depth        INTEGER NOT NULL,
	period       TEXT NOT NULL,
	province_id  TEXT NOT NULL,
	tier         TEXT NOT NULL,
	sex          TEXT NOT NULL,
	age          TEXT NOT NULL,
	disability   TEXT NOT NULL,
	migration    TEXT NOT NULL,
	n            INTEGER NOT NULL,
	total        REAL NOT NULL,
	wsum         REAL NOT NULL,
	weight       REAL NOT NULL,
	PRIMARY KEY (indicator_id, approved, depth, period, province_id, tier, sex, age, disability, migration)
) WITHOUT ROWID;

-- Which municipalities have values of an indicator for a period (nvalues:
-- how many), and per province and tier how many reported, for all values
-- and approved ones: the coverage of a figure. A municipality's period
-- is found through its presence rows (indicator_presence_org), then its
-- values by their primary key: the values need no second index.
CREATE TABLE indicator_presence (
	indicator_id INTEGER NOT NULL,
	org_id       TEXT NOT NULL,
	period       TEXT NOT NULL,
	nvalues      INTEGER NOT NULL,
	PRIMARY KEY (indicator_id, org_id, period)
) WITHOUT ROWID;
CREATE INDEX indicator_presence_org ON indicator_presence (org_id, period);

CREATE TABLE indicator_coverage (
	indicator_id INTEGER NOT NULL,
	approved     INTEGER NOT NULL,
	period       TEXT NOT NULL,
	province_id  TEXT NOT NULL,
	tier         TEXT NOT NULL,
	reported     INTEGER NOT NULL,
	PRIMARY KEY (indicator_id, approved, period, province_id, tier)
) WITHOUT ROWID;
