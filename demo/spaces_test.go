package demo_test

import (
	"testing"

	"birlik"
	"birlik/seed"
	"birlik/spaces"
	"birlik/store"
)

// checkSpaces checks the spaces of the demo at scale 1 (TestLoad loads it): the seed's
// spaces full of members from dozens of municipalities, led by the
// union's coordinators (the coordinator's account among them), the
// committee chaired by Bursa's mayor, and three working groups inside
// them, some private.
func checkSpaces(t *testing.T, db *store.DB) {
	{
		svc := spaces.New(db)
		ctx := system
		all, err := svc.List(ctx, spaces.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		bySlug := map[string]spaces.Summary{}
		groups, private := 0, 0
		for _, su := range all {
			bySlug[su.Slug] = su
			if su.Kind == spaces.WorkingGroup {
				groups++
				if su.Visibility == spaces.Private {
					private++
				}
				if su.Members < 3 || su.Orgs < 2 {
					t.Errorf("working group %s: %d members from %d organisations", su.Slug, su.Members, su.Orgs)
				}
			}
		}
		if groups != 3 || private == 0 {
			t.Errorf("%d working groups (%d private), want 3 (three a unit of scale) with some private", groups, private)
		}
		for _, slug := range []string{seed.MigrationPlatform, seed.SocialServicesPlatform} {
			if su := bySlug[slug]; su.Orgs < 150 || su.Members < su.Orgs {
				t.Errorf("%s: %d members from %d organisations, want dozens of municipalities", slug, su.Members, su.Orgs)
			}
		}
		committee := bySlug[seed.CohesionCommittee]
		leaders, err := svc.Leaders(ctx, committee.ID)
		if err != nil || len(leaders) == 0 || leaders[0].Role != spaces.Chair || leaders[0].OrgID != "bursa-bb" {
			t.Errorf("the committee is led by %+v (%v), want Bursa's mayor in the chair", leaders, err)
		}
		if committee.Members < committee.Quorum {
			t.Errorf("the committee has %d members, fewer than its quorum %d", committee.Members, committee.Quorum)
		}
		hist, err := svc.History(ctx, bySlug[seed.MigrationPlatform].ID)
		if err != nil || len(hist) <= bySlug[seed.MigrationPlatform].Members {
			t.Errorf("the migration platform has no past members (%d rows, %v)", len(hist), err)
		}

		// The demo coordinator coordinates the platforms and what is in
		// them; the Kadıköy focal point sits in the Migration platform.
		var coID int64
		if err := db.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, "coordinator@demo.birlik").Scan(&coID); err != nil {
			t.Fatal(err)
		}
		co := birlik.WithActor(system, birlik.Actor{UserID: coID, Email: "coordinator@demo.birlik", Role: birlik.RoleCoordinator})
		for _, su := range all {
			want := su.Slug != seed.CohesionCommittee && su.ParentSlug != seed.CohesionCommittee
			if got, err := svc.Manages(co, su.ID); err != nil || got != want {
				t.Errorf("the demo coordinator manages %s: %v (%v), want %v", su.Slug, got, err, want)
			}
		}
		var person int64
		if err := db.QueryRowContext(ctx, `SELECT COALESCE(person_id, 0) FROM users WHERE email = ?`, "focal.kadikoy@demo.birlik").Scan(&person); err != nil {
			t.Fatal(err)
		}
		if in, err := svc.IsMember(ctx, bySlug[seed.MigrationPlatform].ID, person); err != nil || !in {
			t.Errorf("the Kadıköy focal point's person %d is not in the Migration platform (%v)", person, err)
		}
	}
}
