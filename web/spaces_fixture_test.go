package web

import (
	"context"
	"testing"

	"birlik"
	"birlik/spaces"
	"birlik/store"
)

// addFixtureSpace creates a space at the top (a platform) with the slug through the
// spaces service, as the system, named in the three languages from
// names; with members, those people join it for their current
// organisation. Each area's fixture calls it for the spaces its records
// live in.
func addFixtureSpace(t testing.TB, db *store.DB, slug string, vis spaces.Visibility, names map[string]string, members ...int64) int64 {
	t.Helper()
	ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
	svc := spaces.New(db)
	sp := &spaces.Space{Slug: slug, Kind: spaces.Platform, Visibility: vis, Name: names}
	if err := svc.Create(ctx, sp); err != nil {
		t.Fatalf("fixture space %s: %v", slug, err)
	}
	for _, p := range members {
		if _, err := svc.AddMember(ctx, sp.ID, spaces.NewMember{PersonID: p}); err != nil {
			t.Fatalf("fixture space %s, member %d: %v", slug, p, err)
		}
	}
	return sp.ID
}
