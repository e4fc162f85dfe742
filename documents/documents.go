// Package documents holds the files attached to spaces, meetings, needs
// and practices: their names, types and sizes, who attached them, and
// which record they belong to. The files themselves live in a blob store.
// A document is readable by exactly those who may read its parent, which
// the parent's own package decides (Parents).
package documents

import (
	"context"
	"time"

	"birlik/blobs"
	"birlik/store"
)

// Service is the documents store and its rules.
type Service struct {
	DB    *store.DB
	Blobs blobs.Store
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db keeping files in bs.
func New(db *store.DB, bs blobs.Store) *Service { return &Service{DB: db, Blobs: bs, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Parent kinds: the records documents are attached to.
const (
	Space    = "space"
	Meeting  = "meeting"
	Need     = "need"
	Practice = "practice"
	Site     = "site" // a street site of the Reclaiming Streets programme: its photos
	// PlanReport is a Gender Equality Plan's monitoring report: its
	// evidence.
	PlanReport = "plan_report"
)

// Kinds lists the parent kinds.
var Kinds = []string{Space, Meeting, Need, Practice, Site, PlanReport}

// ValidKind reports whether kind is one of Kinds.
func ValidKind(kind string) bool {
	for _, k := range Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Parents answers, for the actor in ctx, what they may do with a parent
// record. The web layer implements it, asking each parent's own package
// (spaces for a space, meetings for a meeting, …): documents knows no
// parent's rules, only that a document follows its parent's.
type Parents interface {
	// CanRead reports whether the actor may read the parent; false (not
	// an error) when it does not exist or is hidden from them.
	CanRead(ctx context.Context, kind string, id int64) (bool, error)
	// CanAttach reports whether the actor may attach files to the
	// parent. It is only asked when CanRead is true.
	CanAttach(ctx context.Context, kind string, id int64) (bool, error)
}

// Document is a file attached to a parent record.
type Document struct {
	ID          int64
	ParentKind  string
	ParentID    int64
	Name        string // as uploaded, cleaned: no folders, no control characters
	ContentType string // as sniffed from the content, never as the browser said
	Size        int64  // bytes
	SHA256      string // hex, of the content
	UploadedBy  int64  // account id; 0 when the account is gone
	// UploaderName is the uploader's display name, for signed-in readers
	// only: the public do not see who attached a file.
	UploaderName string
	CreatedAt    time.Time

	blobKey string
}
