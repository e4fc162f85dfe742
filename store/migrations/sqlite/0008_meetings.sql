-- Meetings of the spaces (package meetings): agenda, registration with
-- capacity and a waiting list, accessibility needs, reminders sent,
-- attendance, minutes, decisions and follow-up actions.
CREATE TABLE meetings (
	id                INTEGER PRIMARY KEY,
	space_id          INTEGER NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
	title             TEXT NOT NULL,
	description       TEXT NOT NULL DEFAULT '',
	format            TEXT NOT NULL CHECK (format IN ('in_person', 'online', 'hybrid')),
	place             TEXT NOT NULL DEFAULT '', -- venue name
	address           TEXT NOT NULL DEFAULT '',
	online_url        TEXT NOT NULL DEFAULT '', -- shown to registered people and staff only
	starts_at         TIMESTAMP NOT NULL,       -- UTC
	ends_at           TIMESTAMP NOT NULL,       -- UTC, after starts_at
	capacity          INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0), -- 0: no limit
	registration_open BOOLEAN NOT NULL DEFAULT 1,
	minutes           TEXT NOT NULL DEFAULT '',
	version           INTEGER NOT NULL DEFAULT 1,
	created_at        TIMESTAMP NOT NULL,
	updated_at        TIMESTAMP NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_space ON meetings (space_id, starts_at);
CREATE INDEX meetings_starts ON meetings (starts_at);

-- The agenda, in order.
CREATE TABLE meeting_agenda_items (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	title      TEXT NOT NULL,
	presenter  TEXT NOT NULL DEFAULT '',
	duration   INTEGER NOT NULL DEFAULT 0 CHECK (duration >= 0), -- minutes; 0: not said
	UNIQUE (meeting_id, position)
);

-- Registrations: registered, on the waiting list (in id order), or
-- cancelled (kept, so that the history stays true).
CREATE TABLE meeting_registrations (
	id                INTEGER PRIMARY KEY,
	meeting_id        INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	person_id         INTEGER NOT NULL REFERENCES people (id),
	org_id            TEXT REFERENCES organisations (id), -- whom they come for
	status            TEXT NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
	sign_language     BOOLEAN NOT NULL DEFAULT 0,
	childcare         BOOLEAN NOT NULL DEFAULT 0,
	step_free         BOOLEAN NOT NULL DEFAULT 0,
	other_needs       TEXT NOT NULL DEFAULT '',
	registered_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
	promoted_at       TIMESTAMP, -- moved from the waiting list
	reminded_at       TIMESTAMP, -- the reminder was sent; never twice
	cancelled_at      TIMESTAMP,
	created_at        TIMESTAMP NOT NULL,
	updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX meeting_registrations_meeting ON meeting_registrations (meeting_id, status, id);
CREATE INDEX meeting_registrations_person ON meeting_registrations (person_id, status);
-- One live registration per person and meeting.
CREATE UNIQUE INDEX meeting_registrations_live ON meeting_registrations (meeting_id, person_id) WHERE status <> 'cancelled';

-- Who came, and for which organisation.
CREATE TABLE meeting_attendance (
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	org_id     TEXT REFERENCES organisations (id),
	created_at TIMESTAMP NOT NULL,
	PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_attendance_person ON meeting_attendance (person_id);

-- Decisions, numbered within their meeting.
CREATE TABLE meeting_decisions (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	number     INTEGER NOT NULL,
	text       TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	UNIQUE (meeting_id, number)
);

-- Follow-up actions: an owner, a due date and a status. space_id repeats
-- the meeting's, so that a space page lists its open actions in one
-- index range.
CREATE TABLE meeting_actions (
	id           INTEGER PRIMARY KEY,
	meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	space_id     INTEGER NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
	decision_id  INTEGER REFERENCES meeting_decisions (id) ON DELETE SET NULL,
	title        TEXT NOT NULL,
	owner_id     INTEGER REFERENCES people (id) ON DELETE SET NULL,
	due_on       TEXT, -- YYYY-MM-DD
	status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX meeting_actions_space ON meeting_actions (space_id, status, due_on);
CREATE INDEX meeting_actions_meeting ON meeting_actions (meeting_id);
CREATE INDEX meeting_actions_owner ON meeting_actions (owner_id);
