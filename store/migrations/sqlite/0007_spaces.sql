-- Spaces: the union's platforms, committees and working groups (package
-- spaces). Meetings, needs, recommendations, practices, documents and
-- notifications hang off them in later migrations.
CREATE TABLE spaces (
	id         INTEGER PRIMARY KEY,
	slug       TEXT NOT NULL UNIQUE, -- in URLs: /spaces/migration-platform
	kind       TEXT NOT NULL CHECK (kind IN ('platform', 'committee', 'working_group')),
	parent_id  INTEGER REFERENCES spaces (id), -- a working group inside a platform
	name_tr    TEXT NOT NULL,
	name_en    TEXT NOT NULL DEFAULT '',
	name_fr    TEXT NOT NULL DEFAULT '',
	purpose_tr TEXT NOT NULL DEFAULT '',
	purpose_en TEXT NOT NULL DEFAULT '',
	purpose_fr TEXT NOT NULL DEFAULT '',
	-- public: anyone may read it; private: its members and union staff only.
	visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
	-- quorum: how many members must attend for a meeting's decisions to
	-- stand; NULL when the space has no quorum rule.
	quorum     INTEGER CHECK (quorum IS NULL OR quorum > 0),
	archived   BOOLEAN NOT NULL DEFAULT 0,
	sort_key   BLOB NOT NULL DEFAULT x'',
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX spaces_parent ON spaces (parent_id);

-- A space's tags, codes of package topics (theme, group).
CREATE TABLE space_topics (
	space_id INTEGER NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
	kind     TEXT NOT NULL CHECK (kind IN ('theme', 'group')),
	code     TEXT NOT NULL,
	PRIMARY KEY (space_id, kind, code)
);

-- Members: people, each representing an organisation, with a role in the
-- space. A membership that ends keeps its row (left_on set), so that the
-- space's history stays true.
CREATE TABLE space_members (
	id         INTEGER PRIMARY KEY,
	space_id   INTEGER NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	org_id     TEXT NOT NULL REFERENCES organisations (id),
	role       TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('chair', 'coordinator', 'member', 'observer', 'expert')),
	joined_on  TEXT NOT NULL, -- YYYY-MM-DD
	left_on    TEXT,          -- NULL while a member
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX space_members_space ON space_members (space_id, left_on);
CREATE INDEX space_members_person ON space_members (person_id, left_on);
CREATE INDEX space_members_org ON space_members (org_id, left_on);
-- One current membership per person and space.
CREATE UNIQUE INDEX space_members_current ON space_members (space_id, person_id) WHERE left_on IS NULL;
