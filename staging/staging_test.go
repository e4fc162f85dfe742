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

// TestJobs walks background work on an upload through its states: each
// step only from the state before it, progress and results kept, the work
// seen only by its own session, and silent work reported failed.
func TestJobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctxA, ctxB := actors(t, db)
		s := staging.New(db)
		now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		data := bytes.Repeat([]byte("Kent Derneği,ngo\n"), 100)
		u, err := s.Put(ctxA, "session-a", "organisations", "kurumlar.csv", data)
		if err != nil {
			t.Fatal(err)
		}
		status := func(t *testing.T) *staging.Upload {
			t.Helper()
			got, err := s.Status(ctxA, u.ID, "session-a", "organisations")
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := status(t); got.State != staging.NoJob || got.Data != nil || got.Size != len(data) || got.Name != "kurumlar.csv" {
			t.Fatalf("a new upload: state %q, data %d bytes, size %d, name %q", got.State, len(got.Data), got.Size, got.Name)
		}

		// Only the session that uploaded starts work, and only from the
		// state it names.
		for _, tc := range []struct {
			name string
			ctx  context.Context
			ses  string
			from staging.JobState
			kind string
		}{
			{"another account", ctxB, "session-a", staging.NoJob, "organisations"},
			{"another session", ctxA, "session-b", staging.NoJob, "organisations"},
			{"another kind", ctxA, "session-a", staging.NoJob, "people"},
			{"the wrong state", ctxA, "session-a", staging.Checked, "organisations"},
		} {
			if err := s.Start(tc.ctx, u.ID, tc.ses, tc.kind, tc.from, staging.Checking, 100); birlik.ErrorCode(err) != birlik.ENOTFOUND {
				t.Errorf("%s started work: %v", tc.name, err)
			}
		}
		if err := s.Start(ctxA, u.ID, "session-a", "organisations", staging.NoJob, staging.Checking, 100); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Second)
		if err := s.Progress(ctxA, u.ID, staging.Checking, 40, 100); err != nil {
			t.Fatal(err)
		}
		got := status(t)
		if got.State != staging.Checking || got.Done != 40 || got.Total != 100 || !got.BeatAt.Equal(now) || !got.StartedAt.Equal(now.Add(-time.Second)) {
			t.Errorf("checking: %+v", got.Job)
		}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			ses  string
		}{{"another account", ctxB, "session-a"}, {"another session", ctxA, "session-b"}, {"the public", context.Background(), "session-a"}} {
			if _, err := s.Status(tc.ctx, u.ID, tc.ses, "organisations"); birlik.ErrorCode(err) != birlik.ENOTFOUND {
				t.Errorf("%s sees the work: %v", tc.name, err)
			}
		}
		if err := s.Progress(ctxA, u.ID, staging.Saving, 50, 100); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("progress recorded for a state the work is not in: %v", err)
		}
		report := []byte(`{"creates":100}`)
		if err := s.Finish(ctxA, u.ID, staging.Checking, staging.Checked, report); err != nil {
			t.Fatal(err)
		}
		if got := status(t); got.State != staging.Checked || !bytes.Equal(got.Result, report) {
			t.Errorf("checked: %q %q", got.State, got.Result)
		}
		// The file is still there to be saved.
		if got, err := s.Get(ctxA, u.ID, "session-a", "organisations"); err != nil || !bytes.Equal(got.Data, data) || got.State != staging.Checked {
			t.Fatalf("get after the check: %v", err)
		}

		// Of two confirmations, one starts the save.
		if err := s.Start(ctxA, u.ID, "session-a", "organisations", staging.Checked, staging.Saving, 100); err != nil {
			t.Fatal(err)
		}
		if err := s.Start(ctxA, u.ID, "session-a", "organisations", staging.Checked, staging.Saving, 100); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("a second save started: %v", err)
		}
		if got := status(t); got.State != staging.Saving || got.Result != nil || got.Done != 0 {
			t.Errorf("saving: %+v", got.Job)
		}
		saved := []byte(`{"created":100,"updated":0}`)
		if err := s.Finish(ctxA, u.ID, staging.Saving, staging.Saved, saved); err != nil {
			t.Fatal(err)
		}
		got, err = s.Get(ctxA, u.ID, "session-a", "organisations")
		if err != nil || got.State != staging.Saved || !bytes.Equal(got.Result, saved) || len(got.Data) != 0 {
			t.Errorf("saved: %v %+v, %d bytes of file kept", err, got.Job, len(got.Data))
		}
		if err := s.Start(ctxA, u.ID, "session-a", "organisations", staging.Checked, staging.Saving, 100); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("a saved upload was saved again: %v", err)
		}

		t.Run("silent work is reported failed", func(t *testing.T) {
			for _, state := range []staging.JobState{staging.Checking, staging.Saving} {
				v, err := s.Put(ctxA, "session-a", "people", "p.csv", data)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Start(ctxA, v.ID, "session-a", "people", staging.NoJob, staging.Checking, 0); err != nil {
					t.Fatal(err)
				}
				if state == staging.Saving {
					if err := s.Finish(ctxA, v.ID, staging.Checking, staging.Checked, report); err != nil {
						t.Fatal(err)
					}
					if err := s.Start(ctxA, v.ID, "session-a", "people", staging.Checked, staging.Saving, 0); err != nil {
						t.Fatal(err)
					}
				}
				now = now.Add(s.StaleAfter - time.Second)
				if got, err := s.Status(ctxA, v.ID, "session-a", "people"); err != nil || got.State != state {
					t.Fatalf("%s: before the timeout: %v %q", state, err, got.State)
				}
				now = now.Add(2 * time.Second)
				got, err := s.Status(ctxA, v.ID, "session-a", "people")
				want := map[staging.JobState]string{staging.Checking: "error.staging.check_lost", staging.Saving: "error.staging.save_lost"}[state]
				if err != nil || got.State != staging.Failed || got.Failure != want {
					t.Fatalf("%s: after the timeout: %v %q %q", state, err, got.State, got.Failure)
				}
				if err := s.Progress(ctxA, v.ID, state, 1, 2); birlik.ErrorCode(err) != birlik.ENOTFOUND {
					t.Errorf("%s: progress brought dead work back: %v", state, err)
				}
				// Work taken for dead that finishes after all: what it did wins.
				if err := s.Finish(ctxA, v.ID, state, staging.Checked, report); err != nil {
					t.Errorf("%s: the late result was refused: %v", state, err)
				}
			}
		})

		t.Run("failure", func(t *testing.T) {
			v, err := s.Put(ctxA, "session-a", "people", "p.csv", data)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Start(ctxA, v.ID, "session-a", "people", staging.NoJob, staging.Checking, 0); err != nil {
				t.Fatal(err)
			}
			if err := s.Fail(ctxA, v.ID, staging.Saving, "error.x", nil); birlik.ErrorCode(err) != birlik.ENOTFOUND {
				t.Errorf("failed from a state it is not in: %v", err)
			}
			if err := s.Fail(ctxA, v.ID, staging.Checking, "error.import.job.stopped", []byte(`["max",200000]`)); err != nil {
				t.Fatal(err)
			}
			if got, err := s.Status(ctxA, v.ID, "session-a", "people"); err != nil || got.State != staging.Failed ||
				got.Failure != "error.import.job.stopped" || string(got.Result) != `["max",200000]` {
				t.Errorf("failed: %v %+v", err, got)
			}
		})

		// Starting work keeps the upload for another TTL.
		v, err := s.Put(ctxA, "session-a", "people", "p.csv", data)
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(s.TTL - time.Minute)
		if err := s.Start(ctxA, v.ID, "session-a", "people", staging.NoJob, staging.Checking, 0); err != nil {
			t.Fatal(err)
		}
		now = now.Add(2 * time.Minute)
		if _, err := s.Status(ctxA, v.ID, "session-a", "people"); err != nil {
			t.Errorf("running work expired with its upload's first TTL: %v", err)
		}
	})
}
