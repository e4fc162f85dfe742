-- Notifications (package notify): what people follow, what happened to
-- it, each person's in-app notifications and e-mail setting, and the
-- e-mails sent, so that each is sent once. Documents (package documents):
-- files attached to spaces, meetings, needs and practices; the files
-- themselves live in the blob store.

-- A follow: an account follows a space, a need, a recommendation, a
-- meeting or a practice. The target is generic (kind and id) so that any
-- part can be followed without a table of its own.
CREATE TABLE follows (
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	target_kind TEXT NOT NULL CHECK (target_kind IN ('space', 'need', 'recommendation', 'meeting', 'practice')),
	target_id   INTEGER NOT NULL,
	created_at  TIMESTAMP NOT NULL,
	PRIMARY KEY (user_id, target_kind, target_id)
);
CREATE INDEX follows_target ON follows (target_kind, target_id);

-- An event: something happened to a target (a need was answered, a
-- meeting was scheduled). Its sentence is a catalogue key with arguments
-- (JSON), translated when shown or mailed, in the reader's language.
CREATE TABLE notify_events (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	target_kind TEXT NOT NULL,
	target_id   INTEGER NOT NULL,
	space_id    INTEGER REFERENCES spaces (id) ON DELETE CASCADE, -- NULL: the target lives in no space
	actor_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
	msg_key     TEXT NOT NULL,
	args        TEXT NOT NULL DEFAULT '{}',
	url         TEXT NOT NULL DEFAULT '',
	created_at  TIMESTAMP NOT NULL
);
CREATE INDEX notify_events_target ON notify_events (target_kind, target_id, created_at);

-- A person's e-mail setting; no row means the default, a daily digest.
CREATE TABLE notify_settings (
	user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	digest     TEXT NOT NULL DEFAULT 'daily' CHECK (digest IN ('immediate', 'daily', 'weekly', 'off')),
	version    INTEGER NOT NULL DEFAULT 1,
	updated_at TIMESTAMP NOT NULL
);

-- An e-mail sent (or being sent) to one person. period makes each digest
-- unique: the local date of the daily digest, the Monday of the weekly
-- one; for immediate mails, the first notification it carries. state is
-- 'sending' from the claim until the server accepted the mail.
CREATE TABLE notify_mails (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL CHECK (kind IN ('immediate', 'daily', 'weekly')),
	period     TEXT NOT NULL,
	items      INTEGER NOT NULL DEFAULT 0,
	state      TEXT NOT NULL DEFAULT 'sending' CHECK (state IN ('sending', 'sent')),
	claimed_at TIMESTAMP NOT NULL,
	sent_at    TIMESTAMP,
	UNIQUE (user_id, kind, period)
);
CREATE INDEX notify_mails_sending ON notify_mails (claimed_at) WHERE state = 'sending';

-- A notification: one event for one person. mail_state says whether it
-- still waits for an e-mail ('pending'), went out in one ('sent', with
-- mail_id), or will not ('skipped': e-mail was off).
CREATE TABLE notifications (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	event_id   INTEGER NOT NULL REFERENCES notify_events (id) ON DELETE CASCADE,
	created_at TIMESTAMP NOT NULL,
	read_at    TIMESTAMP,
	mail_state TEXT NOT NULL DEFAULT 'pending' CHECK (mail_state IN ('pending', 'sent', 'skipped')),
	mail_id    INTEGER REFERENCES notify_mails (id) ON DELETE SET NULL,
	UNIQUE (user_id, event_id)
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_pending ON notifications (user_id, created_at) WHERE mail_state = 'pending';
CREATE INDEX notifications_mail ON notifications (mail_id);

-- A document: a file attached to a parent record. The parent is generic
-- (kind and id); who may read it is the parent's rule (documents.Parents).
CREATE TABLE documents (
	id           INTEGER PRIMARY KEY,
	parent_kind  TEXT NOT NULL CHECK (parent_kind IN ('space', 'meeting', 'need', 'practice')),
	parent_id    INTEGER NOT NULL,
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL CHECK (size > 0),
	sha256       TEXT NOT NULL,
	blob_key     TEXT NOT NULL UNIQUE,
	uploaded_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at   TIMESTAMP NOT NULL
);
CREATE INDEX documents_parent ON documents (parent_kind, parent_id, created_at);
