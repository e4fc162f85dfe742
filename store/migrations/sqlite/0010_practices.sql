-- The practices library (package practices): experiences and good
-- practices member municipalities share, in the public library or in a
-- space, and their full-text search.
CREATE TABLE practices (
	id                INTEGER PRIMARY KEY,
	org_id            TEXT NOT NULL REFERENCES organisations (id), -- the municipality that shares it
	-- province_id copies the organisation's province when the practice is
	-- saved: search counts results by province without a join.
	province_id       TEXT REFERENCES places (id),
	space_id          INTEGER REFERENCES spaces (id), -- NULL: the public library
	lang              TEXT NOT NULL CHECK (lang IN ('tr', 'en', 'fr')), -- of the text
	status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
	title             TEXT NOT NULL,
	problem           TEXT NOT NULL DEFAULT '',
	action            TEXT NOT NULL DEFAULT '', -- what they did
	results           TEXT NOT NULL DEFAULT '',
	people_reached    INTEGER CHECK (people_reached IS NULL OR people_reached >= 0),
	period_start      TEXT, -- YYYY-MM-DD
	period_end        TEXT,
	cost_amount       INTEGER CHECK (cost_amount IS NULL OR cost_amount >= 0), -- whole units of cost_currency
	cost_currency     TEXT NOT NULL DEFAULT '',
	contact_person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
	contact_text      TEXT NOT NULL DEFAULT '',
	-- Tags: codes of package topics as bit sets, bit i standing for the
	-- i-th code of its list (topics.Themes, Groups, Rights, SDGs), which
	-- only ever grow at the end. Search counts every matching practice by
	-- tag for its facets; one integer per vocabulary makes that a read of
	-- the row instead of a join over a tag table.
	theme_bits        INTEGER NOT NULL DEFAULT 0,
	group_bits        INTEGER NOT NULL DEFAULT 0,
	right_bits        INTEGER NOT NULL DEFAULT 0,
	sdg_bits          INTEGER NOT NULL DEFAULT 0,
	-- The search terms of the title and of the rest of the text (see
	-- locale.Terms): folded, stemmed in Go, separated by spaces; both end
	-- with the tokens that say who may find the practice (package
	-- practices, scopeTokens).
	search_title      TEXT NOT NULL DEFAULT '',
	search_body       TEXT NOT NULL DEFAULT '',
	created_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
	published_at      TIMESTAMP,
	version           INTEGER NOT NULL DEFAULT 1,
	created_at        TIMESTAMP NOT NULL,
	updated_at        TIMESTAMP NOT NULL,
	CHECK ((status = 'published') = (published_at IS NOT NULL))
);
-- Lists newest first (the tags fallback of similar practices).
CREATE INDEX practices_published ON practices (status, published_at DESC, id);
CREATE INDEX practices_org ON practices (org_id, status);
CREATE INDEX practices_space ON practices (space_id, status, published_at DESC);
CREATE INDEX practices_updated ON practices (updated_at);

-- Full-text index over the stored terms. The terms are already folded and
-- stemmed, so unicode61 only splits them at spaces. A search reads the
-- ids of every match from this table alone (no join: a common word
-- matches a fifth of the library). External content: the
-- index reads the text from practices; triggers keep it in step.
CREATE VIRTUAL TABLE practice_search USING fts5(search_title, search_body, content = 'practices', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0');
CREATE TRIGGER practice_search_insert AFTER INSERT ON practices BEGIN
	INSERT INTO practice_search (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;
CREATE TRIGGER practice_search_delete AFTER DELETE ON practices BEGIN
	INSERT INTO practice_search (practice_search, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, old.search_body);
END;
CREATE TRIGGER practice_search_update AFTER UPDATE OF search_title, search_body ON practices BEGIN
	INSERT INTO practice_search (practice_search, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, old.search_body);
	INSERT INTO practice_search (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;
