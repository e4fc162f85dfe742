package demo_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"birlik/documents"
	"birlik/seed"
	"birlik/spaces"
	"birlik/store"
)

// checkDocuments: with a documents service, the demo attaches the seed
// spaces' terms of reference and past meetings' minutes, stored in the
// blob store and readable back.
func checkDocuments(t *testing.T, db *store.DB, docs *documents.Service, out string) {
	sp, err := spaces.New(db).BySlug(system, seed.MigrationPlatform)
	if err != nil {
		t.Fatal(err)
	}
	list, err := docs.List(system, everything{}, documents.Space, sp.ID)
	if err != nil || len(list) != 1 || list[0].Name != "Çalışma esasları.txt" {
		t.Fatalf("the platform's documents: %+v, %v", list, err)
	}
	_, r, err := docs.Open(system, everything{}, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var body bytes.Buffer
	body.ReadFrom(r)
	if !strings.Contains(body.String(), sp.PurposeIn("tr")) {
		t.Errorf("the terms of reference lack the space's purpose: %q", body.String())
	}
	var minutes int
	if err := db.QueryRowContext(system, `SELECT COUNT(*) FROM documents WHERE parent_kind = 'meeting'`).Scan(&minutes); err != nil {
		t.Fatal(err)
	}
	if minutes == 0 || !strings.Contains(out, "documents.") {
		t.Errorf("%d meetings' minutes attached; summary: %s", minutes, out)
	}
}

// everything lets the test, as the system, read every parent.
type everything struct{}

func (everything) CanRead(context.Context, string, int64) (bool, error)   { return true, nil }
func (everything) CanAttach(context.Context, string, int64) (bool, error) { return true, nil }
