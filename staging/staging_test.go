package staging_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/staging"
	"birlik/store"
	"birlik/store/storetest"
)

// actors creates two accounts and returns contexts acting as each.
func actors(t *testing.T, db *store.DB) (context.Context, context.Context) {
	t.Helper()
	ctx := context.Background()
	sys := birlik.WithActor(ctx, birlik.SystemActor)
	acc := accounts.New(db)
	var out []context.Context
	for _, email := range []string{"a@test.birlik", "b@test.birlik"} {
		u, _, err := acc.Create(sys, accounts.NewUser{Email: email, Role: birlik.RoleAdmin, Password: "a long test password"})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, birlik.WithActor(ctx, u.Actor()))
	}
	return out[0], out[1]
}

func TestStaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctxA, ctxB := actors(t, db)
		s := staging.New(db)
		now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		data := []byte("name,kind\nİzmit Belediyesi,municipality\n\x00\xff")

		if _, err := s.Put(context.Background(), "session", "organisations", "x.csv", data); birlik.ErrorCode(err) != birlik.EFORBIDDEN {
			t.Fatalf("the public kept an upload: %v", err)
		}
		u, err := s.Put(ctxA, "session-a", "organisations", "kurumlar.csv", data)
		if err != nil {
			t.Fatal(err)
		}
		if len(u.ID) != 32 {
			t.Fatalf("id %q", u.ID)
		}
		got, err := s.Get(ctxA, u.ID, "session-a", "organisations")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Data, data) || got.Name != "kurumlar.csv" {
			t.Errorf("got %q %q", got.Name, got.Data)
		}
		for _, tc := range []struct {
			name              string
			ctx               context.Context
			id, session, kind string
		}{
			{"another account", ctxB, u.ID, "session-a", "organisations"},
			{"another session", ctxA, u.ID, "session-b", "organisations"},
			{"another kind", ctxA, u.ID, "session-a", "people"},
			{"made-up id", ctxA, "0123456789abcdef0123456789abcdef", "session-a", "organisations"},
			{"malformed id", ctxA, "x", "session-a", "organisations"},
			{"the public", context.Background(), u.ID, "session-a", "organisations"},
		} {
			if _, err := s.Get(tc.ctx, tc.id, tc.session, tc.kind); birlik.ErrorCode(err) != birlik.ENOTFOUND {
				t.Errorf("%s: %v, want not found", tc.name, err)
			}
		}

		now = now.Add(staging.DefaultTTL + time.Second)
		if _, err := s.Get(ctxA, u.ID, "session-a", "organisations"); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("an expired upload was returned: %v", err)
		}
		// A new upload sweeps the expired one away.
		if _, err := s.Put(ctxB, "session-b", "people", "", []byte("x")); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM import_uploads`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d uploads kept, want 1 after the sweep", n)
		}

		u2, err := s.Put(ctxA, "session-a", "people", "p.csv", data)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctxB, u2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctxA, u2.ID, "session-a", "people"); err != nil {
			t.Errorf("another account deleted the upload: %v", err)
		}
		if err := s.Delete(ctxA, u2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctxA, u2.ID, "session-a", "people"); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("a deleted upload was returned: %v", err)
		}
	})
}
