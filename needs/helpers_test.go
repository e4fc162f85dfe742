package needs

import (
	"context"
	"sync"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/network"
	"birlik/seed"
	"birlik/store"
)

// fixture is a seeded database with one account per role, a public and
// a private space (Nilüfer is a member of the private one, Kadıköy is
// not), and a service on a controlled clock.
type fixture struct {
	t                *testing.T
	db               *store.DB
	svc              *Service
	clock            *clock
	public, private  int64
	admin, coord     context.Context
	focal, other     context.Context // Kadıköy's and Nilüfer's focal points
	viewer, anon     context.Context
	expertCtx        context.Context // a viewer who is an expert member of the public space
	adminID, focalID int64
}

const (
	ownOrg   = "istanbul-kadikoy"
	otherOrg = "bursa-nilufer"
	thirdOrg = "istanbul-uskudar"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	net := network.New(db)
	if _, err := seed.Base(ctx, db, net); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: db, clock: &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}}
	f.svc = New(db)
	f.svc.Now = f.clock.now
	sys := birlik.WithActor(ctx, birlik.SystemActor)
	acc := accounts.New(db)
	user := func(email string, role birlik.Role, org string) context.Context {
		u, _, err := acc.Create(sys, accounts.NewUser{Email: email, Name: "Test " + string(role), Role: role, OrgID: org, Password: "a long test password"})
		if err != nil {
			t.Fatal(err)
		}
		return birlik.WithActor(ctx, birlik.Actor{UserID: u.ID, Email: email, Role: role, OrgID: org})
	}
	f.admin = user("admin@test.birlik", birlik.RoleAdmin, "")
	f.coord = user("coord@test.birlik", birlik.RoleCoordinator, "")
	f.focal = user("focal@kadikoy.test", birlik.RoleFocalPoint, ownOrg)
	f.other = user("focal@nilufer.test", birlik.RoleFocalPoint, otherOrg)
	f.viewer = user("viewer@test.birlik", birlik.RoleViewer, "")
	f.expertCtx = user("expert@test.birlik", birlik.RoleViewer, "")
	f.anon = ctx
	f.adminID = birlik.ActorFrom(f.admin).UserID
	f.focalID = birlik.ActorFrom(f.focal).UserID
	now := f.clock.now()
	for _, sp := range []struct {
		slug, vis string
		id        *int64
	}{{"test-public", "public", &f.public}, {"test-private", "private", &f.private}} {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, `INSERT INTO spaces (slug, kind, name_tr, visibility, created_at, updated_at)
				VALUES (?, 'platform', ?, ?, ?, ?) RETURNING id`, sp.slug, "Alan "+sp.slug, sp.vis, now, now).Scan(sp.id)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Nilüfer is represented in the private space; the expert is an expert
	// member of the public one.
	member := func(space int64, org, email string, role string) {
		p := &network.Person{GivenName: "Üye", FamilyName: org, Email: email, Lang: "tr"}
		if err := net.CreatePerson(sys, p, network.Affiliation{OrgID: org, Kind: network.Staff}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO space_members (space_id, person_id, org_id, role, joined_on, created_at, updated_at)
			VALUES (?, ?, ?, ?, '2025-01-01', ?, ?)`, space, p.ID, org, role, now, now); err != nil {
			t.Fatal(err)
		}
		if role == "expert" {
			if _, err := db.ExecContext(ctx, `UPDATE users SET person_id = ? WHERE email = ?`, p.ID, email); err != nil {
				t.Fatal(err)
			}
		}
	}
	member(f.private, otherOrg, "member@nilufer.test", "member")
	member(f.public, thirdOrg, "expert@test.birlik", "expert")
	return f
}

func ptr(n int64) *int64 { return &n }

// raise adds a need as ctx, failing the test on error.
func (f *fixture) raise(ctx context.Context, space int64, title string, themes ...string) *Need {
	f.t.Helper()
	n := &Need{SpaceID: space, Title: title, Description: "Açıklama", Urgency: High, Themes: themes, Groups: []string{"refugees"}, PeopleAffected: ptr(100)}
	if a := birlik.ActorFrom(ctx); a.Staff() {
		n.OrgID = thirdOrg
	}
	if err := f.svc.Create(ctx, n); err != nil {
		f.t.Fatalf("raise %q: %v", title, err)
	}
	return n
}

func code(err error) string { return birlik.ErrorCode(err) }
