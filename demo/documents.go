package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"birlik/documents"
	"birlik/seed"
)

// loadDocuments attaches files to the seed spaces and to the minutes of
// past meetings: each space's terms of reference, and a meeting's minutes
// as text, so that the documents part has something to show. It attaches
// nothing without a documents service (tests and benchmarks).
func loadDocuments(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	if d.Documents == nil {
		return nil
	}
	for _, slug := range []string{seed.MigrationPlatform, seed.SocialServicesPlatform, seed.CohesionCommittee} {
		sp, err := d.Spaces.BySlug(ctx, slug)
		if err != nil {
			return fmt.Errorf("documents: space %s: %w", slug, err)
		}
		body := fmt.Sprintf("%s\n\nÇalışma esasları\n\n%s\n\nBu belge tanıtım verisidir.\n", sp.NameIn("tr"), sp.PurposeIn("tr"))
		if _, err := d.Documents.Attach(ctx, systemParents{}, documents.Space, sp.ID, "Çalışma esasları.txt", strings.NewReader(body)); err != nil {
			return fmt.Errorf("documents: space %s: %w", slug, err)
		}
	}
	// The minutes of the last few meetings held, as their annexes.
	rows, err := d.DB.QueryContext(ctx, `SELECT id, title, minutes FROM meetings WHERE starts_at < ? AND minutes <> ''
		ORDER BY starts_at DESC, id LIMIT ?`, time.Now().UTC(), 6*scale)
	if err != nil {
		return err
	}
	type held struct {
		id             int64
		title, minutes string
	}
	var past []held
	for rows.Next() {
		var h held
		if err := rows.Scan(&h.id, &h.title, &h.minutes); err != nil {
			rows.Close()
			return err
		}
		past = append(past, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, h := range past {
		body := h.title + "\n\nTutanak\n\n" + h.minutes + "\n"
		if _, err := d.Documents.Attach(ctx, systemParents{}, documents.Meeting, h.id, "Tutanak.txt", strings.NewReader(body)); err != nil {
			return fmt.Errorf("documents: meeting %d: %w", h.id, err)
		}
	}
	return nil
}

// systemParents lets the demo, which runs as the system, attach to any
// parent: the system may do everything.
type systemParents struct{}

func (systemParents) CanRead(context.Context, string, int64) (bool, error)   { return true, nil }
func (systemParents) CanAttach(context.Context, string, int64) (bool, error) { return true, nil }
