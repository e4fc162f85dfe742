package equality_test

import (
	"slices"
	"testing"

	"birlik"
	"birlik/demo"
	"birlik/equality"
	"birlik/network"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

// TestDemoPlans: the demo's union plan is the seed's — published,
// active 2024–2028, revised once with a review, its measures the seed's
// trainings and the Metropolis lab, monitored for 2024 and 2025 — and
// the municipalities' plans are about five per unit of scale.
func TestDemoPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := as(birlik.SystemActor)
		net := network.New(db)
		if _, err := seed.Base(ctx, db, net); err != nil {
			t.Fatal(err)
		}
		if err := demo.Plans(ctx, demo.Deps{DB: db, Network: net}, 1); err != nil {
			t.Fatal(err)
		}
		id, err := demo.UnionPlanID(ctx, db)
		if err != nil || id == 0 {
			t.Fatalf("union plan %d, %v", id, err)
		}
		svc := equality.New(db)
		public := as(birlik.Actor{})
		p, err := svc.Plan(public, id)
		if err != nil {
			t.Fatal(err)
		}
		if p.OrgID != seed.UnionID || !p.Published || p.Status != equality.ActivePlan || p.StartDate != "2024-01-01" ||
			p.EndDate != "2028-12-31" || p.Current != 2 {
			t.Errorf("union plan %+v", p)
		}
		vs, err := svc.Versions(public, id)
		if err != nil || len(vs) != 2 || vs[0].AdoptedOn[:4] != "2024" || vs[1].AdoptedOn[:4] != "2025" {
			t.Errorf("versions %+v, %v", vs, err)
		}
		rs, err := svc.Reviews(public, id)
		if err != nil || len(rs) != 1 || rs[0].Changes == "" || rs[0].Reasons == "" || rs[0].ToVersion != 2 {
			t.Errorf("reviews %+v, %v", rs, err)
		}
		objs, by, err := svc.Objectives(public, id)
		if err != nil {
			t.Fatal(err)
		}
		var codes, titles []string
		for _, o := range objs {
			codes = append(codes, o.Code)
			for _, m := range by[o.ID] {
				titles = append(titles, m.Title)
				if m.Responsible == "" || m.Budget <= 0 || m.StartDate == "" || m.EndDate < m.StartDate || m.Status == "" {
					t.Errorf("measure %+v lacks a unit, budget, timeline or status", m)
				}
			}
		}
		want := []string{
			"Stratejik Planlama Perspektifleri: Toplumsal Cinsiyete Duyarlı Stratejik Planlama",
			"Kadına Yönelik Şiddetle Mücadelede Belediyelerin Rolü",
			"Kadın Meclis Üyeleri Buluşmaları",
			"Metropolis Çözüm Laboratuvarı: Bakım Sistemlerini İyileştirmek ve Kadın Liderleri Güçlendirmek",
		}
		if !slices.Equal(titles, want) {
			t.Errorf("the union plan's measures are %q, want the seed's four", titles)
		}
		if !slices.Equal(codes, []string{"O1", "O2", "O3", "O4"}) {
			t.Errorf("objective codes %v", codes)
		}
		reports, err := svc.Reports(public, id)
		if err != nil {
			t.Fatal(err)
		}
		var periods []string
		for _, r := range reports {
			periods = append(periods, r.Period)
		}
		if !slices.Equal(periods, []string{"2025", "2024"}) || len(reports[0].MeasureStatus) != 4 || len(reports[1].MeasureStatus) != 3 {
			t.Errorf("reports %v, statuses %d and %d", periods, len(reports[0].MeasureStatus), len(reports[1].MeasureStatus))
		}
		all, err := svc.Plans(ctx)
		if err != nil {
			t.Fatal(err)
		}
		drafts := 0
		for _, p := range all {
			if !p.Published {
				drafts++
			}
		}
		if len(all) != 1+5 || drafts == 0 || all[0].ID != id {
			t.Errorf("%d plans (%d drafts), first %d; want the union's and 5 municipalities'", len(all), drafts, all[0].ID)
		}
		// The demo's focal points each find their municipality's plan.
		for _, org := range []string{"istanbul-kadikoy", "bursa-nilufer"} {
			list, err := svc.Plans(as(birlik.Actor{UserID: 99, Role: birlik.RoleFocalPoint, OrgID: org}))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(list, func(p equality.Plan) bool { return p.OrgID == org }) {
				t.Errorf("%s's focal point finds no plan of theirs", org)
			}
		}
	})
}
