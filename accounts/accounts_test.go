package accounts_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/audit"
	"birlik/store"
	"birlik/store/storetest"
)

// clock is a controllable time source.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time           { return c.t }
func (c *clock) Add(d time.Duration)      { c.t = c.t.Add(d) }
func newClock() *clock                    { return &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)} }
func admin() context.Context              { return birlik.WithActor(context.Background(), birlik.SystemActor) }
func as(u *accounts.User) context.Context { return birlik.WithActor(context.Background(), u.Actor()) }

func newService(t *testing.T, db *store.DB) (*accounts.Service, *clock) {
	t.Helper()
	c := newClock()
	s := accounts.New(db)
	s.Now = c.Now
	now := c.Now()
	// Two organisations for focal-point tests.
	for _, id := range []string{"istanbul-kadikoy", "bursa-nilufer"} {
		if _, err := db.ExecContext(context.Background(), `INSERT INTO organisations (id, kind, municipality_kind, name, sort_key, search_text, created_at, updated_at)
			VALUES (?, 'municipality', 'district', ?, ?, ?, ?, ?)`, id, id, []byte(id), id, now, now); err != nil {
			t.Fatal(err)
		}
	}
	return s, c
}

func mustCreate(t *testing.T, s *accounts.Service, nu accounts.NewUser) *accounts.User {
	t.Helper()
	u, _, err := s.Create(admin(), nu)
	if err != nil {
		t.Fatalf("create %s: %v", nu.Email, err)
	}
	return u
}

const pw = "uzun ve güvenli bir parola"

func TestCreateValidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		tests := []struct {
			name   string
			nu     accounts.NewUser
			fields []string
		}{
			{"bad email", accounts.NewUser{Email: "not-an-address", Role: birlik.RoleViewer}, []string{"email"}},
			{"bad role", accounts.NewUser{Email: "a@example.org", Role: "superuser"}, []string{"role"}},
			{"focal point without org", accounts.NewUser{Email: "a@example.org", Role: birlik.RoleFocalPoint}, []string{"org"}},
			{"unknown org", accounts.NewUser{Email: "a@example.org", Role: birlik.RoleFocalPoint, OrgID: "nowhere"}, []string{"org"}},
			{"weak password", accounts.NewUser{Email: "a@example.org", Role: birlik.RoleViewer, Password: "short"}, []string{"password"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := s.Create(admin(), tt.nu)
				fe := birlik.FieldErrors(err)
				for _, f := range tt.fields {
					if fe[f] == "" {
						t.Errorf("no error on field %q: %v", f, err)
					}
				}
			})
		}
		mustCreate(t, s, accounts.NewUser{Email: "Ayse@Example.org", Role: birlik.RoleViewer, Password: pw})
		_, _, err := s.Create(admin(), accounts.NewUser{Email: "ayse@example.org", Role: birlik.RoleViewer})
		if birlik.ErrorCode(err) != birlik.ECONFLICT {
			t.Errorf("duplicate e-mail: %v, want conflict", err)
		}
		viewer := birlik.WithActor(context.Background(), birlik.Actor{UserID: 99, Role: birlik.RoleCoordinator})
		if _, _, err := s.Create(viewer, accounts.NewUser{Email: "b@example.org", Role: birlik.RoleAdmin}); birlik.ErrorCode(err) != birlik.EFORBIDDEN {
			t.Errorf("coordinator creating an admin: %v, want forbidden", err)
		}
	})
}

func TestSignInAndSessionTimeouts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c := newService(t, db)
		u := mustCreate(t, s, accounts.NewUser{Email: "fp@kadikoy.bel.tr", Role: birlik.RoleFocalPoint, OrgID: "istanbul-kadikoy", Password: pw})
		ctx := context.Background()
		if _, _, err := s.SignIn(ctx, "fp@kadikoy.bel.tr", "wrong password!", "192.0.2.1", "test"); birlik.ErrorCode(err) != birlik.EINVALID {
			t.Fatalf("wrong password: %v", err)
		}
		token, got, err := s.SignIn(ctx, "FP@Kadikoy.bel.tr ", pw, "192.0.2.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.Actor().OrgID != "istanbul-kadikoy" {
			t.Errorf("signed in as %+v", got)
		}
		if len(token) < 22 { // 128 bits in base64
			t.Errorf("token %q is shorter than 128 bits", token)
		}
		// Used every 20 minutes, the session lives until its absolute end.
		for i := 0; i < 35; i++ {
			c.Add(20 * time.Minute)
			_, _, err := s.Authenticate(ctx, token)
			if c.t.Sub(got.LastLoginAt) < 12*time.Hour {
				if err != nil {
					t.Fatalf("after %v: %v", c.t.Sub(got.LastLoginAt), err)
				}
			} else if birlik.ErrorCode(err) != birlik.ENOTFOUND {
				t.Fatalf("after %v, past the absolute timeout: %v", c.t.Sub(got.LastLoginAt), err)
			}
		}
		// Left alone for 30 minutes, a session ends.
		token, _, err = s.SignIn(ctx, "fp@kadikoy.bel.tr", pw, "192.0.2.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		c.Add(29 * time.Minute)
		if _, _, err := s.Authenticate(ctx, token); err != nil {
			t.Fatalf("29 minutes idle: %v", err)
		}
		c.Add(30 * time.Minute)
		if _, _, err := s.Authenticate(ctx, token); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Fatalf("30 minutes idle: %v, want not found", err)
		}
		// Signing out ends the session.
		token, _, _ = s.SignIn(ctx, "fp@kadikoy.bel.tr", pw, "192.0.2.1", "test")
		s.SignOut(ctx, token)
		if _, _, err := s.Authenticate(ctx, token); err == nil {
			t.Error("session works after sign-out")
		}
		entries, err := audit.List(admin(), db, audit.Filter{Action: audit.SignIn})
		if err != nil || len(entries) != 3 {
			t.Errorf("sign-in audit entries: %d, %v", len(entries), err)
		}
	})
}

func TestThrottling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c := newService(t, db)
		mustCreate(t, s, accounts.NewUser{Email: "a@example.org", Role: birlik.RoleViewer, Password: pw})
		ctx := context.Background()
		for i := 0; i < 5; i++ {
			s.SignIn(ctx, "a@example.org", "wrong password "+string(rune('a'+i)), "192.0.2.1", "")
		}
		if _, _, err := s.SignIn(ctx, "a@example.org", pw, "192.0.2.2", ""); birlik.ErrorCode(err) != birlik.ETHROTTLED {
			t.Fatalf("sixth attempt with the right password: %v, want throttled", err)
		}
		c.Add(16 * time.Minute)
		if _, _, err := s.SignIn(ctx, "a@example.org", pw, "192.0.2.2", ""); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// Per address: many accounts guessed from one address.
		s.MaxFailuresPerAddress = 3
		for i := 0; i < 3; i++ {
			s.SignIn(ctx, "nobody"+string(rune('a'+i))+"@example.org", "whatever password", "198.51.100.7", "")
		}
		if _, _, err := s.SignIn(ctx, "a@example.org", pw, "198.51.100.7", ""); birlik.ErrorCode(err) != birlik.ETHROTTLED {
			t.Fatalf("from a guessing address: %v, want throttled", err)
		}
	})
}

func TestInviteResetAndPasswordChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c := newService(t, db)
		ctx := context.Background()
		u, invite, err := s.Create(admin(), accounts.NewUser{Email: "new@example.org", Role: birlik.RoleCommittee})
		if err != nil || invite == "" || u.HasPassword {
			t.Fatalf("invite: %v %q %+v", err, invite, u)
		}
		if _, _, err := s.SignIn(ctx, "new@example.org", "", "", ""); err == nil {
			t.Fatal("an invited account signed in without a password")
		}
		if _, err := s.UseLink(ctx, invite, "short"); birlik.FieldErrors(err)["password"] == "" {
			t.Fatalf("weak password through invite: %v", err)
		}
		if _, err := s.UseLink(ctx, invite, pw); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UseLink(ctx, invite, pw+"2"); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Fatalf("invite used twice: %v", err)
		}
		session, _, err := s.SignIn(ctx, "new@example.org", pw, "", "")
		if err != nil {
			t.Fatal(err)
		}
		// Reset: unknown address says nothing; the link expires; using it
		// ends every session.
		if got, tok, err := s.RequestReset(ctx, "nobody@example.org", "192.0.2.1"); got != nil || tok != "" || err != nil {
			t.Errorf("reset for unknown address: %v %q %v", got, tok, err)
		}
		_, old, _ := s.RequestReset(ctx, "new@example.org", "192.0.2.1")
		_, reset, _ := s.RequestReset(ctx, "new@example.org", "192.0.2.1")
		if _, err := s.UseLink(ctx, old, pw+" yeni"); err == nil {
			t.Error("an older reset link still works after a newer one was sent")
		}
		c.Add(61 * time.Minute)
		if _, err := s.UseLink(ctx, reset, pw+" yeni"); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("expired reset link: %v", err)
		}
		_, reset, _ = s.RequestReset(ctx, "new@example.org", "192.0.2.1")
		if _, err := s.UseLink(ctx, reset, pw+" yeni"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Authenticate(ctx, session); err == nil {
			t.Error("a session outlived a password reset")
		}
		token, u, err := s.SignIn(ctx, "new@example.org", pw+" yeni", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ChangePassword(as(u), "not the current one", pw+" üçüncü"); birlik.FieldErrors(err)["current"] == "" {
			t.Errorf("change with a wrong current password: %v", err)
		}
		if err := s.ChangePassword(as(u), pw+" yeni", pw+" üçüncü"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Authenticate(ctx, token); err == nil {
			t.Error("a session outlived a password change")
		}
	})
}

func TestUpdateEndsSessionsAndGuardsSelf(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		ctx := context.Background()
		boss := mustCreate(t, s, accounts.NewUser{Email: "boss@example.org", Role: birlik.RoleAdmin, Password: pw})
		u := mustCreate(t, s, accounts.NewUser{Email: "fp@example.org", Role: birlik.RoleFocalPoint, OrgID: "istanbul-kadikoy", Password: pw})
		token, _, _ := s.SignIn(ctx, "fp@example.org", pw, "", "")
		up, err := s.Update(as(boss), u.ID, accounts.UserUpdate{Role: birlik.RoleFocalPoint, OrgID: "bursa-nilufer", Active: true, Version: u.Version})
		if err != nil {
			t.Fatal(err)
		}
		if up.OrgID != "bursa-nilufer" {
			t.Errorf("org = %s", up.OrgID)
		}
		if _, _, err := s.Authenticate(ctx, token); err == nil {
			t.Error("the session kept its old organisation after the change")
		}
		if _, err := s.Update(as(boss), u.ID, accounts.UserUpdate{Role: birlik.RoleViewer, Active: true, Version: u.Version}); birlik.ErrorCode(err) != birlik.ECONFLICT {
			t.Errorf("stale version: %v, want conflict", err)
		}
		if _, err := s.Update(as(boss), boss.ID, accounts.UserUpdate{Role: birlik.RoleViewer, Active: true, Version: boss.Version}); birlik.FieldErrors(err)["role"] == "" {
			t.Errorf("admin demoting themself: %v", err)
		}
		if _, err := s.Update(as(up), up.ID, accounts.UserUpdate{Role: birlik.RoleAdmin, Active: true, Version: up.Version}); birlik.ErrorCode(err) != birlik.EFORBIDDEN {
			t.Errorf("focal point promoting themself: %v", err)
		}
		list, total, err := s.List(as(boss), accounts.UserFilter{Role: birlik.RoleFocalPoint})
		if err != nil || total != 1 || list[0].Email != "fp@example.org" {
			t.Errorf("List focal points: %d %v", total, err)
		}
		mustCreate(t, s, accounts.NewUser{Email: "vedat@example.org", Name: "Vedat İzleyici", Role: birlik.RoleViewer})
		for _, q := range []string{"izleyici", "İZLEYİCİ", "Izleyici", "vedat@"} {
			list, total, err := s.List(as(boss), accounts.UserFilter{Query: q})
			if err != nil || total != 1 || list[0].Name != "Vedat İzleyici" {
				t.Errorf("search %q: %d found, %v", q, total, err)
			}
		}
		if _, _, err := s.Create(admin(), accounts.NewUser{Email: "long@example.org", Name: strings.Repeat("ğ", 201), Role: birlik.RoleViewer}); birlik.FieldErrors(err)["name"] == "" {
			t.Errorf("a 201-character name: %v", err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c := newService(t, db)
		u := mustCreate(t, s, accounts.NewUser{Email: "api@example.org", Role: birlik.RoleCoordinator, Password: pw})
		other := mustCreate(t, s, accounts.NewUser{Email: "other@example.org", Role: birlik.RoleCoordinator, Password: pw})
		secret, tok, err := s.CreateAPIToken(as(u), "reporting", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.AuthenticateAPIToken(context.Background(), secret)
		if err != nil || got.ID != u.ID {
			t.Fatalf("authenticate: %v", err)
		}
		if err := s.RevokeAPIToken(as(other), tok.ID); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("revoking someone else's token: %v", err)
		}
		c.Add(25 * time.Hour)
		if _, err := s.AuthenticateAPIToken(context.Background(), secret); err == nil {
			t.Error("expired token accepted")
		}
		secret, tok, _ = s.CreateAPIToken(as(u), "no expiry", 0)
		if err := s.RevokeAPIToken(as(u), tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AuthenticateAPIToken(context.Background(), secret); err == nil {
			t.Error("revoked token accepted")
		}
		list, _ := s.APITokens(as(u))
		if len(list) != 2 || list[0].Active(c.t) {
			t.Errorf("tokens: %+v", list)
		}
	})
}
