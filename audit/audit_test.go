package audit_test

import (
	"context"
	"testing"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
	"birlik/store/storetest"
)

func TestWriteAndList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
		ctx = audit.WithAddress(ctx, "192.0.2.1")
		at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		type rec struct {
			Name string `json:"name"`
			Pop  int    `json:"population"`
		}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := audit.Write(ctx, tx, at, audit.Create, "organisation", "bursa-nilufer", "bursa-nilufer", nil, rec{"Nilüfer", 1}); err != nil {
				return err
			}
			return audit.Write(ctx, tx, at.Add(time.Minute), audit.Update, "organisation", "bursa-nilufer", "bursa-nilufer", rec{"Nilüfer", 1}, rec{"Nilüfer Belediyesi", 1})
		})
		if err != nil {
			t.Fatal(err)
		}
		// A rolled-back change leaves no entry behind.
		tx, _ := db.Begin(ctx)
		if err := audit.Write(ctx, tx, at, audit.Delete, "organisation", "x", "", rec{}, nil); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()

		if _, err := audit.List(context.Background(), db, audit.Filter{}); birlik.ErrorCode(err) != birlik.EFORBIDDEN {
			t.Errorf("anonymous List: %v, want forbidden", err)
		}
		entries, err := audit.List(ctx, db, audit.Filter{Entity: "organisation"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			t.Fatalf("got %d entries, want 2", len(entries))
		}
		up := entries[0]
		if up.Action != audit.Update || up.Actor != "system" || up.Address != "192.0.2.1" || !up.At.Equal(at.Add(time.Minute)) {
			t.Errorf("newest entry = %+v", up)
		}
		ch := up.Changes()
		if len(ch) != 1 || ch[0].Field != "name" || ch[0].Before != "Nilüfer" || ch[0].After != "Nilüfer Belediyesi" {
			t.Errorf("Changes = %+v", ch)
		}
		if got, _ := audit.List(ctx, db, audit.Filter{Action: audit.Create}); len(got) != 1 || got[0].Before != nil {
			t.Errorf("filter by action: %+v", got)
		}
		if got, _ := audit.List(ctx, db, audit.Filter{From: at.Add(30 * time.Second)}); len(got) != 1 {
			t.Errorf("filter by time: %d entries", len(got))
		}
	})
}
