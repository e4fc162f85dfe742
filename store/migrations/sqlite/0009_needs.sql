-- Needs and requests that member municipalities raise in a space, and the
-- solution recommendations the union answers them with (package needs).

-- A need: raised by one municipality (org_id) in one space. Its workflow
-- is submitted → under_review → answered (by a published recommendation)
-- or closed with a reason; a duplicate is closed as merged into another
-- (merged_into). Every move is a row of need_events; the times of the
-- first move out of submitted and of the answer are kept here too, with
-- the hours they took, for the dashboard.
CREATE TABLE needs (
	id                INTEGER PRIMARY KEY,
	space_id          INTEGER NOT NULL REFERENCES spaces (id),
	org_id            TEXT NOT NULL REFERENCES organisations (id),
	title             TEXT NOT NULL,
	description       TEXT NOT NULL DEFAULT '',
	people_affected   INTEGER CHECK (people_affected IS NULL OR people_affected >= 0),
	urgency           TEXT NOT NULL CHECK (urgency IN ('low', 'medium', 'high', 'critical')),
	status            TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'under_review', 'answered', 'closed')),
	close_reason      TEXT NOT NULL DEFAULT '',
	close_note        TEXT NOT NULL DEFAULT '',
	merged_into       INTEGER REFERENCES needs (id),
	raised_by         INTEGER REFERENCES users (id),
	search_text       TEXT NOT NULL DEFAULT '', -- folded title (locale.Fold)
	month             TEXT NOT NULL,            -- YYYY-MM of created_at, UTC
	-- Co-signers ("we have this need too"): how many organisations, and
	-- the people they count; kept with need_cosigns in one transaction.
	cosign_orgs       INTEGER NOT NULL DEFAULT 0,
	cosign_people     INTEGER NOT NULL DEFAULT 0,
	first_response_at TIMESTAMP,
	answered_at       TIMESTAMP,
	closed_at         TIMESTAMP,
	response_hours    INTEGER, -- whole hours from created_at to first_response_at
	answer_hours      INTEGER, -- whole hours from created_at to answered_at
	version           INTEGER NOT NULL DEFAULT 1,
	created_at        TIMESTAMP NOT NULL,
	updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX needs_space ON needs (space_id, id);
CREATE INDEX needs_org ON needs (org_id, id);
CREATE INDEX needs_status ON needs (status, id);
CREATE INDEX needs_space_status ON needs (space_id, status, id);
CREATE INDEX needs_merged ON needs (merged_into) WHERE merged_into IS NOT NULL;
-- Searching titles: a trigram index answers `search_text LIKE '%…%'`
-- for queries of three characters or more, where a plain LIKE reads
-- every need (at 200,000 needs: 265 ms). Triggers keep it in step.
CREATE VIRTUAL TABLE needs_search USING fts5(search_text, content = 'needs', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER needs_search_insert AFTER INSERT ON needs BEGIN
	INSERT INTO needs_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER needs_search_delete AFTER DELETE ON needs BEGIN
	INSERT INTO needs_search (needs_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER needs_search_update AFTER UPDATE OF search_text ON needs BEGIN
	INSERT INTO needs_search (needs_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO needs_search (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- A need's themes and the groups it affects (codes of package topics).
CREATE TABLE need_topics (
	need_id INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
	kind    TEXT NOT NULL CHECK (kind IN ('theme', 'group')),
	code    TEXT NOT NULL,
	PRIMARY KEY (need_id, kind, code)
);
CREATE INDEX need_topics_code ON need_topics (kind, code, need_id);

-- "We have this need too": one row per organisation and need.
CREATE TABLE need_cosigns (
	need_id         INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
	org_id          TEXT NOT NULL REFERENCES organisations (id),
	people_affected INTEGER CHECK (people_affected IS NULL OR people_affected >= 0),
	created_by      INTEGER REFERENCES users (id),
	created_at      TIMESTAMP NOT NULL,
	PRIMARY KEY (need_id, org_id)
);
CREATE INDEX need_cosigns_org ON need_cosigns (org_id);

-- A need's history: every move, timed. action: submit, review, answer,
-- close, merge (this need was merged into ref_id), absorb (need ref_id was
-- merged into this one), edit.
CREATE TABLE need_events (
	id          INTEGER PRIMARY KEY,
	need_id     INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
	at          TIMESTAMP NOT NULL,
	action      TEXT NOT NULL,
	from_status TEXT NOT NULL DEFAULT '',
	to_status   TEXT NOT NULL DEFAULT '',
	reason      TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT '',
	ref_id      INTEGER, -- the recommendation that answered, or the other need of a merge
	actor_id    INTEGER REFERENCES users (id),
	actor       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX need_events_need ON need_events (need_id, at, id);

-- rollups: begin
-- The dashboard's figures, kept in step with needs in the same
-- transaction as every change (and rebuilt from needs and need_topics by
-- needs.RebuildStats after a bulk load). Reading every need at demo scale
-- 100 (200,000 needs) took about 170 ms on SQLite, and one rollup of the
-- full cross product (space, theme, month, status) still had a row per
-- 0.9 need over the demo's 303 spaces; so each view has its own narrow
-- rollup, and each rollup is kept per scope:
--   scope > 0   a space (spaces.id), for its own dashboard and its line
--               in the union-wide one;
--   scope 0     every space, read when the reader may read every space
--               (staff);
--   scope < 0   a group of spaces (need_scopes): -1 those that were public
--               and -2 those that were private when their first need was
--               counted, read when the reader may read every space of the
--               group, and otherwise the reader's spaces of it one by one.
-- Which scopes a reader may read is decided in each query by the spaces'
-- visibility rule (spaces.VisibleSQL); a group only saves rows.
-- The rollups are WITHOUT ROWID, so that a scope's rows lie together in
-- their primary key: a focal point who reads 18 private spaces' histograms
-- one by one read a page per row otherwise.
CREATE TABLE need_scopes (
	space_id INTEGER PRIMARY KEY REFERENCES spaces (id),
	grp      INTEGER NOT NULL -- -1 or -2
);
-- Needs by status.
CREATE TABLE need_counts (
	scope  INTEGER NOT NULL,
	status TEXT NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (scope, status)
) WITHOUT ROWID;
-- Needs by month raised (YYYY-MM) and status.
CREATE TABLE need_months (
	scope  INTEGER NOT NULL,
	month  TEXT NOT NULL,
	status TEXT NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (scope, month, status)
) WITHOUT ROWID;
-- Needs by theme and status (a need with two themes counts in both).
CREATE TABLE need_themes (
	scope  INTEGER NOT NULL,
	theme  TEXT NOT NULL,
	status TEXT NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (scope, theme, status)
) WITHOUT ROWID;
-- Histograms of the hours to first response (kind response) and to answer
-- (kind answer), in buckets (needs.bucket): the hour up to 3 days, 6 hours
-- up to 14 days, a day up to 90 days, a week after. theme '' is every
-- need, so that a need with two themes counts once there.
CREATE TABLE need_hist (
	scope INTEGER NOT NULL,
	theme TEXT NOT NULL,
	kind  TEXT NOT NULL CHECK (kind IN ('response', 'answer')),
	hours INTEGER NOT NULL,
	n     INTEGER NOT NULL,
	PRIMARY KEY (scope, theme, kind, hours)
) WITHOUT ROWID;
-- Each histogram's median and 90th percentile (bucket lower bounds) and
-- the needs it holds, recomputed from need_hist when a need changes it;
-- no row for an empty one. A reader of one scope reads these; a reader of
-- several sums their histograms.
CREATE TABLE need_pcts (
	scope  INTEGER NOT NULL,
	theme  TEXT NOT NULL,
	kind   TEXT NOT NULL CHECK (kind IN ('response', 'answer')),
	median INTEGER NOT NULL,
	p90    INTEGER NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (scope, theme, kind)
) WITHOUT ROWID;
-- rollups: end

-- A solution recommendation, drafted by union staff or a space's experts.
-- publication: draft (its authors and staff), members (signed-in
-- accounts that may read the space), public (anyone who may read it).
-- revision counts the published versions; each is in
-- recommendation_versions, and editing a published one makes a new one.
CREATE TABLE recommendations (
	id           INTEGER PRIMARY KEY,
	space_id     INTEGER NOT NULL REFERENCES spaces (id),
	title        TEXT NOT NULL,
	summary      TEXT NOT NULL DEFAULT '',
	proposal     TEXT NOT NULL DEFAULT '', -- the policy or service it proposes
	level        TEXT NOT NULL CHECK (level IN ('municipality', 'union', 'national')),
	refs         TEXT NOT NULL DEFAULT '', -- references: one per line, text or URL
	publication  TEXT NOT NULL DEFAULT 'draft' CHECK (publication IN ('draft', 'members', 'public')),
	revision     INTEGER NOT NULL DEFAULT 1,
	published_at TIMESTAMP,
	search_text  TEXT NOT NULL DEFAULT '',
	created_by   INTEGER REFERENCES users (id),
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX recommendations_space ON recommendations (space_id, id);
-- The latest of a space, for its page (needs.SpaceSummary).
CREATE INDEX recommendations_space_published ON recommendations (space_id, published_at);
CREATE INDEX recommendations_published ON recommendations (publication, published_at);

CREATE TABLE recommendation_versions (
	recommendation_id INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
	revision          INTEGER NOT NULL,
	title             TEXT NOT NULL,
	summary           TEXT NOT NULL,
	proposal          TEXT NOT NULL,
	level             TEXT NOT NULL,
	refs              TEXT NOT NULL,
	rights            TEXT NOT NULL DEFAULT '', -- codes, space-separated
	sdgs              TEXT NOT NULL DEFAULT '',
	created_by        TEXT NOT NULL DEFAULT '',
	created_at        TIMESTAMP NOT NULL,
	PRIMARY KEY (recommendation_id, revision)
);

-- The rights (topics.Rights) and SDGs a recommendation serves.
CREATE TABLE recommendation_topics (
	recommendation_id INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
	kind              TEXT NOT NULL CHECK (kind IN ('right', 'sdg')),
	code              TEXT NOT NULL,
	PRIMARY KEY (recommendation_id, kind, code)
);

-- The needs a recommendation answers.
CREATE TABLE recommendation_needs (
	recommendation_id INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
	need_id           INTEGER NOT NULL REFERENCES needs (id),
	PRIMARY KEY (recommendation_id, need_id)
);
CREATE INDEX recommendation_needs_need ON recommendation_needs (need_id);

-- A municipality's endorsement, one per organisation.
CREATE TABLE recommendation_endorsements (
	recommendation_id INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
	org_id            TEXT NOT NULL REFERENCES organisations (id),
	note              TEXT NOT NULL DEFAULT '',
	created_by        INTEGER REFERENCES users (id),
	created_at        TIMESTAMP NOT NULL,
	PRIMARY KEY (recommendation_id, org_id)
);
CREATE INDEX recommendation_endorsements_org ON recommendation_endorsements (org_id);

-- A municipality's latest report of adoption (the audit log keeps the
-- earlier ones).
CREATE TABLE recommendation_adoptions (
	recommendation_id INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
	org_id            TEXT NOT NULL REFERENCES organisations (id),
	status            TEXT NOT NULL CHECK (status IN ('adopted', 'in_progress', 'not_applicable')),
	on_date           TEXT NOT NULL, -- YYYY-MM-DD
	note              TEXT NOT NULL DEFAULT '',
	updated_by        INTEGER REFERENCES users (id),
	updated_at        TIMESTAMP NOT NULL,
	PRIMARY KEY (recommendation_id, org_id)
);
CREATE INDEX recommendation_adoptions_org ON recommendation_adoptions (org_id);
