// Package practices holds the library of experiences and good practices
// member municipalities share — what the problem was, what they did, for
// whom, with what results and at what cost, whom to ask — tagged with the
// shared vocabularies of package topics, and its full-text search in
// Turkish, English and French.
//
// A practice belongs to one municipality and lives in the public library
// or in a space; a practice in a space is read only by those who may read
// the space (spaces.VisibleSQL, in every query). A draft is read only by
// union staff and by the focal points of its municipality, who are also
// the ones who write it.
package practices

import (
	"time"

	"birlik/notify"
	"birlik/store"
)

// Service is the practices store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
	// Index is the full-text search of the DB's dialect. Never nil
	// after New.
	Index Index
	// Notify, when set, is told of every practice published, in the
	// transaction that publishes it: the followers of its space (and of
	// the practice) get a notification. nil: nobody is told.
	Notify *notify.Service
	cat    *catalog // never nil after New
	cache  matchCache
}

// New returns a Service on db, with the search index of its dialect.
func New(db *store.DB) *Service {
	return &Service{DB: db, Now: time.Now, Index: NewIndex(db), cat: newCatalog()}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }
