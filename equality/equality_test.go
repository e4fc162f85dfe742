package equality_test

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/audit"
	"birlik/equality"
	"birlik/indicators"
	"birlik/network"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

func as(a birlik.Actor) context.Context { return birlik.WithActor(context.Background(), a) }

// fixture is a seeded database with an account per role and four plans:
// the union's (published), Kadıköy's draft and published plans, and
// Nilüfer's draft.
type fixture struct {
	db                                 *store.DB
	svc                                *equality.Service
	admin, coordinator                 birlik.Actor
	kadikoyFP, niluferFP, viewer, anon birlik.Actor
	union, kadikoyDraft, kadikoyPub    *equality.Plan
	niluferDraft                       *equality.Plan
	// Indicators of package indicators: share is followed with a target
	// of the region and one of Kadıköy; count with one of Nilüfer.
	share, count                               int64
	regionTarget, kadikoyTarget, niluferTarget int64
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := as(birlik.SystemActor)
	if _, err := seed.Base(ctx, db, network.New(db)); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, svc: equality.New(db)}
	f.svc.Now = func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }
	acc := accounts.New(db)
	user := func(email string, role birlik.Role, org string) birlik.Actor {
		u, _, err := acc.Create(ctx, accounts.NewUser{Email: email, Name: email, Role: role, OrgID: org, Password: "a long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	f.admin = user("admin@test.birlik", birlik.RoleAdmin, "")
	f.coordinator = user("coordinator@test.birlik", birlik.RoleCoordinator, "")
	f.kadikoyFP = user("focal@kadikoy.test.birlik", birlik.RoleFocalPoint, "istanbul-kadikoy")
	f.niluferFP = user("focal@nilufer.test.birlik", birlik.RoleFocalPoint, "bursa-nilufer")
	f.viewer = user("viewer@test.birlik", birlik.RoleViewer, "")
	f.union = f.plan(t, f.admin, seed.UnionID, "MBB Toplumsal Cinsiyet Eşitliği Planı", true)
	f.kadikoyDraft = f.plan(t, f.kadikoyFP, "istanbul-kadikoy", "Kadıköy Eşitlik Planı taslağı", false)
	f.kadikoyPub = f.plan(t, f.coordinator, "istanbul-kadikoy", "Kadıköy Yerel Eşitlik Eylem Planı", true)
	f.niluferDraft = f.plan(t, f.niluferFP, "bursa-nilufer", "Nilüfer Eşitlik Planı", false)
	ind := indicators.New(db)
	indicator := func(code string, unit indicators.Unit) int64 {
		i := &indicators.Indicator{Code: code, Name: map[string]string{"tr": code}, Unit: unit, Type: indicators.Outcome,
			Direction: indicators.HigherBetter, Aggregation: indicators.Sum, Scope: indicators.Territory, Period: indicators.Yearly,
			Source: indicators.Entered}
		if unit == indicators.Percentage {
			i.Aggregation = indicators.Average
		}
		if err := ind.SaveIndicator(ctx, i); err != nil {
			t.Fatalf("indicator %s: %v", code, err)
		}
		return i.ID
	}
	target := func(indicatorID int64, place, org string) int64 {
		tg := &indicators.Target{IndicatorID: indicatorID, PlaceID: place, OrgID: org, Baseline: 10, BaselinePeriod: "2020",
			Value: 30, Deadline: "2028-12-31"}
		if err := ind.SaveTarget(ctx, tg); err != nil {
			t.Fatalf("target: %v", err)
		}
		return tg.ID
	}
	f.share = indicator("GEP-03", indicators.Percentage)
	f.count = indicator("VAW-02", indicators.Count)
	f.regionTarget = target(f.share, "marmara", "")
	f.kadikoyTarget = target(f.share, "", "istanbul-kadikoy")
	f.niluferTarget = target(f.count, "", "bursa-nilufer")
	return f
}

func (f *fixture) plan(t *testing.T, a birlik.Actor, org, title string, published bool) *equality.Plan {
	t.Helper()
	p := &equality.Plan{OrgID: org, Title: title, StartDate: "2024-01-01", EndDate: "2028-12-31", Published: published}
	if published {
		p.Status = equality.ActivePlan
	}
	if err := f.svc.SavePlan(as(a), p); err != nil {
		t.Fatalf("plan %s: %v", title, err)
	}
	return p
}

func (f *fixture) objective(t *testing.T, planID int64, title string) *equality.Objective {
	t.Helper()
	o := &equality.Objective{PlanID: planID, Title: title}
	if err := f.svc.SaveObjective(as(f.admin), o); err != nil {
		t.Fatal(err)
	}
	return o
}

func (f *fixture) measure(t *testing.T, objectiveID int64, title string) *equality.Measure {
	t.Helper()
	m := &equality.Measure{ObjectiveID: objectiveID, Title: title, Responsible: "Kadın ve Aile Hizmetleri Müdürlüğü",
		Budget: 150000, StartDate: "2024-03-01", EndDate: "2024-12-31"}
	if err := f.svc.SaveMeasure(as(f.admin), m); err != nil {
		t.Fatal(err)
	}
	return m
}

func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := birlik.ErrorCode(err); got != want {
		t.Errorf("%s: error %v, want code %q", what, err, want)
	}
}

func TestReadScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		all := []*equality.Plan{f.union, f.kadikoyDraft, f.kadikoyPub, f.niluferDraft}
		objectives, measures := map[int64]int64{}, map[int64]int64{}
		for _, p := range all {
			o := f.objective(t, p.ID, "Hedef")
			objectives[p.ID], measures[p.ID] = o.ID, f.measure(t, o.ID, "Faaliyet").ID
		}
		for _, c := range []struct {
			name  string
			actor birlik.Actor
			sees  []*equality.Plan // in the order listed
		}{
			{"admin", f.admin, []*equality.Plan{f.union, f.kadikoyPub, f.kadikoyDraft, f.niluferDraft}},
			{"coordinator", f.coordinator, []*equality.Plan{f.union, f.kadikoyPub, f.kadikoyDraft, f.niluferDraft}},
			{"Kadıköy's focal point", f.kadikoyFP, []*equality.Plan{f.union, f.kadikoyPub, f.kadikoyDraft}},
			{"Nilüfer's focal point", f.niluferFP, []*equality.Plan{f.union, f.kadikoyPub, f.niluferDraft}},
			{"viewer", f.viewer, []*equality.Plan{f.union, f.kadikoyPub}},
			{"public", f.anon, []*equality.Plan{f.union, f.kadikoyPub}},
		} {
			t.Run(c.name, func(t *testing.T) {
				ctx := as(c.actor)
				list, err := f.svc.Plans(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var got, want []int64
				for _, p := range list {
					got = append(got, p.ID)
				}
				for _, p := range c.sees {
					want = append(want, p.ID)
				}
				// Same organisation, same start: the latest created first.
				if !slices.Equal(got, want) {
					t.Errorf("listed %v, want %v", got, want)
				}
				if len(list) > 0 && (list[0].OrgID != seed.UnionID || list[0].OrgName == "") {
					t.Errorf("first plan is %s's (%q), want the union's", list[0].OrgID, list[0].OrgName)
				}
				for _, p := range all {
					sees := slices.Contains(c.sees, p)
					_, err := f.svc.Plan(ctx, p.ID)
					_, _, oerr := f.svc.Objectives(ctx, p.ID)
					_, verr := f.svc.Versions(ctx, p.ID)
					_, gerr := f.svc.Objective(ctx, objectives[p.ID])
					_, merr := f.svc.Measure(ctx, measures[p.ID])
					for _, e := range []error{err, oerr, verr, gerr, merr} {
						if sees && e != nil || !sees && birlik.ErrorCode(e) != birlik.ENOTFOUND {
							t.Errorf("reading %q: %v, sees %v", p.Title, e, sees)
						}
					}
				}
			})
		}
	})
}

func TestWriteScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, c := range []struct {
			name  string
			actor birlik.Actor
			plan  *equality.Plan
			want  string
		}{
			{"admin, the union's plan", f.admin, f.union, ""},
			{"coordinator, a municipality's draft", f.coordinator, f.niluferDraft, ""},
			{"focal point, own draft", f.kadikoyFP, f.kadikoyDraft, ""},
			{"focal point, own published plan", f.kadikoyFP, f.kadikoyPub, ""},
			{"focal point, another municipality's draft", f.kadikoyFP, f.niluferDraft, birlik.ENOTFOUND},
			{"focal point, another municipality's published plan", f.niluferFP, f.kadikoyPub, birlik.EFORBIDDEN},
			{"focal point, the union's plan", f.kadikoyFP, f.union, birlik.EFORBIDDEN},
			{"viewer", f.viewer, f.union, birlik.EFORBIDDEN},
			{"public", f.anon, f.kadikoyPub, birlik.EFORBIDDEN},
		} {
			t.Run(c.name, func(t *testing.T) {
				ctx := as(c.actor)
				stored, err := f.svc.Plan(as(f.admin), c.plan.ID)
				if err != nil {
					t.Fatal(err)
				}
				p := *stored
				p.Summary = "Güncellendi: " + c.name
				wantCode(t, "SavePlan", f.svc.SavePlan(ctx, &p), c.want)
				o := &equality.Objective{PlanID: c.plan.ID, Title: "Bir hedef"}
				wantCode(t, "SaveObjective", f.svc.SaveObjective(ctx, o), c.want)
				if c.want == "" && (o.ID == 0 || o.Code == "") {
					t.Errorf("objective saved as %+v", o)
				}
				wantCode(t, "Follow", f.svc.Follow(ctx, equality.PlanIndicator{PlanID: c.plan.ID, IndicatorID: f.count}), c.want)
				wantCode(t, "SaveReport", f.svc.SaveReport(ctx, &equality.Report{PlanID: c.plan.ID, Period: "2025"}), c.want)
				wantCode(t, "Revise", f.svc.Revise(ctx, c.plan.ID, "2025-01-15", &equality.Review{Changes: "a", Reasons: "b"}), c.want)
				may, err := f.svc.MayWritePlan(ctx, c.plan.ID)
				if may != (c.want == "") || (c.want == birlik.ENOTFOUND) != (birlik.ErrorCode(err) == birlik.ENOTFOUND) {
					t.Errorf("MayWritePlan: %v, %v", may, err)
				}
			})
		}
		// A focal point creates plans for their municipality only, and
		// nobody makes a plan for an organisation that is neither the
		// union nor a municipality.
		p := &equality.Plan{OrgID: "bursa-nilufer", Title: "Başkasının planı"}
		wantCode(t, "Kadıköy's focal point creates Nilüfer's plan", f.svc.SavePlan(as(f.kadikoyFP), p), birlik.EFORBIDDEN)
		var err error
		p = &equality.Plan{OrgID: "marmara-universitesi", Title: "Üniversite planı"}
		err = f.svc.SavePlan(as(f.admin), p)
		if birlik.FieldErrors(err)["org"] != "error.equality.org_invalid" {
			t.Errorf("plan of a university: %v", err)
		}
		// An update keeps the plan's organisation.
		current, err := f.svc.Plan(as(f.kadikoyFP), f.kadikoyDraft.ID)
		if err != nil {
			t.Fatal(err)
		}
		moved := *current
		moved.OrgID = "bursa-nilufer"
		if err := f.svc.SavePlan(as(f.kadikoyFP), &moved); err != nil || moved.OrgID != "istanbul-kadikoy" {
			t.Errorf("moving a plan: %v, org %s", err, moved.OrgID)
		}
		stale := *current
		stale.Title = "Eski sürümden"
		wantCode(t, "update from a stale version", f.svc.SavePlan(as(f.kadikoyFP), &stale), birlik.ECONFLICT)
		entries, err := audit.List(as(f.admin), db, audit.Filter{Entity: "equality_plan"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) < 4+5 {
			t.Errorf("%d audit entries of plans, want at least 9 (4 created, 5 updated, revised)", len(entries))
		}
	})
}

func TestRevise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.kadikoyFP)
		id := f.kadikoyDraft.ID
		vs, err := f.svc.Versions(ctx, id)
		if err != nil || len(vs) != 1 || vs[0].Number != 1 || vs[0].AdoptedOn != "2024-01-01" {
			t.Fatalf("first versions %+v, %v", vs, err)
		}
		for _, c := range []struct {
			name    string
			adopted string
			review  equality.Review
			field   string
		}{
			{"no changes said", "2025-02-01", equality.Review{Reasons: "Ara değerlendirme"}, "changes"},
			{"no reasons said", "2025-02-01", equality.Review{Changes: "Yeni hedef"}, "reasons"},
			{"no date", "", equality.Review{Changes: "x", Reasons: "y"}, "adopted_on"},
			{"not a date", "2025-02-30", equality.Review{Changes: "x", Reasons: "y"}, "adopted_on"},
			{"before the version in force", "2023-12-31", equality.Review{Changes: "x", Reasons: "y"}, "adopted_on"},
			{"bad review date", "2025-02-01", equality.Review{Changes: "x", Reasons: "y", ReviewedOn: "dün"}, "reviewed_on"},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := c.review
				err := f.svc.Revise(ctx, id, c.adopted, &r)
				if _, ok := birlik.FieldErrors(err)[c.field]; !ok {
					t.Errorf("error %v, want one on %s", err, c.field)
				}
			})
		}
		r := equality.Review{FromVersion: 1, Changes: "Bakım hizmetleri hedefi eklendi.", Reasons: "2024 izleme raporu bakım yükünü gösterdi."}
		if err := f.svc.Revise(ctx, id, "2025-02-01", &r); err != nil {
			t.Fatal(err)
		}
		if r.ID == 0 || r.FromVersion != 1 || r.ToVersion != 2 || r.ReviewedOn != "2025-02-01" {
			t.Errorf("review stored as %+v", r)
		}
		stale := equality.Review{FromVersion: 1, Changes: "x", Reasons: "y"}
		wantCode(t, "a second revision from version 1", f.svc.Revise(ctx, id, "2025-03-01", &stale), birlik.ECONFLICT)
		r3 := equality.Review{Changes: "Bütçe güncellendi.", Reasons: "Meclis kararı.", ReviewedOn: "2026-01-10"}
		if err := f.svc.Revise(ctx, id, "2026-01-20", &r3); err != nil {
			t.Fatal(err)
		}
		p, err := f.svc.Plan(ctx, id)
		if err != nil || p.Current != 3 {
			t.Fatalf("plan at version %d, %v", p.Current, err)
		}
		vs, err = f.svc.Versions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var adopted []string
		for _, v := range vs {
			adopted = append(adopted, v.AdoptedOn)
		}
		if !slices.Equal(adopted, []string{"2024-01-01", "2025-02-01", "2026-01-20"}) || vs[1].Note != r.Changes {
			t.Errorf("versions %+v", vs)
		}
		rs, err := f.svc.Reviews(ctx, id)
		if err != nil || len(rs) != 2 || rs[0].ToVersion != 3 || rs[1].Reasons != r.Reasons || rs[0].ReviewedOn != "2026-01-10" {
			t.Errorf("reviews %+v, %v", rs, err)
		}
		// Drafts' histories are their writers' only.
		if _, err := f.svc.Reviews(as(f.viewer), id); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("a viewer reads a draft's reviews: %v", err)
		}
		entries, err := audit.List(as(f.admin), db, audit.Filter{Entity: "equality_review"})
		if err != nil || len(entries) != 2 {
			t.Errorf("%d audit entries of reviews, %v", len(entries), err)
		}
	})
}

func TestMeasures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		o := f.objective(t, f.union.ID, "Kadına yönelik şiddetin önlenmesi")
		good := equality.Measure{ObjectiveID: o.ID, Title: "Kadına Yönelik Şiddetle Mücadelede Belediyelerin Rolü",
			Responsible: "MBB Akademi", Budget: 250000, StartDate: "2024-04-01", EndDate: "2024-11-30", Status: equality.Ongoing}
		for _, c := range []struct {
			name  string
			edit  func(m *equality.Measure)
			field string // "" valid
		}{
			{"valid", func(m *equality.Measure) {}, ""},
			{"no budget said", func(m *equality.Measure) { m.Budget = 0 }, ""},
			{"open-ended", func(m *equality.Measure) { m.EndDate = "" }, ""},
			{"one day", func(m *equality.Measure) { m.EndDate = m.StartDate }, ""},
			{"negative budget", func(m *equality.Measure) { m.Budget = -1 }, "budget"},
			{"budget not a number", func(m *equality.Measure) { m.Budget = math.NaN() }, "budget"},
			{"infinite budget", func(m *equality.Measure) { m.Budget = math.Inf(1) }, "budget"},
			{"ends before it starts", func(m *equality.Measure) { m.EndDate = "2024-03-31" }, "end_date"},
			{"start not a date", func(m *equality.Measure) { m.StartDate = "1 Nisan 2024" }, "start_date"},
			{"no responsible unit", func(m *equality.Measure) { m.Responsible = "  " }, "responsible"},
			{"no title", func(m *equality.Measure) { m.Title = "" }, "title"},
			{"control character", func(m *equality.Measure) { m.Title = "a\x00b" }, "title"},
			{"unknown status", func(m *equality.Measure) { m.Status = "paused" }, "status"},
		} {
			t.Run(c.name, func(t *testing.T) {
				m := good
				c.edit(&m)
				err := f.svc.SaveMeasure(as(f.admin), &m)
				if c.field == "" {
					if err != nil || m.ID == 0 || m.Version != 1 || m.PlanID != f.union.ID {
						t.Errorf("saved %+v, %v", m, err)
					}
					return
				}
				if _, ok := birlik.FieldErrors(err)[c.field]; !ok {
					t.Errorf("error %v, want one on %s", err, c.field)
				}
			})
		}
		m := good
		if err := f.svc.SaveMeasure(as(f.admin), &m); err != nil {
			t.Fatal(err)
		}
		first := m
		m.Status = equality.Done
		if err := f.svc.SaveMeasure(as(f.coordinator), &m); err != nil || m.Version != 2 {
			t.Fatalf("update: version %d, %v", m.Version, err)
		}
		first.Budget = 300000
		wantCode(t, "update from version 1", f.svc.SaveMeasure(as(f.admin), &first), birlik.ECONFLICT)
		_, by, err := f.svc.Objectives(as(f.anon), f.union.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(by[o.ID], func(x equality.Measure) bool { return x.ID == m.ID })
		if i < 0 || by[o.ID][i].Status != equality.Done || by[o.ID][i].Budget != 250000 {
			t.Errorf("stored measures %+v", by[o.ID])
		}
		// A measure moves between objectives of its plan, never to another
		// plan's.
		other := f.objective(t, f.kadikoyPub.ID, "Başka planın hedefi")
		m.ObjectiveID = other.ID
		if err := f.svc.SaveMeasure(as(f.admin), &m); birlik.FieldErrors(err)["objective"] == "" {
			t.Errorf("moved to another plan's objective: %v", err)
		}
		o2 := f.objective(t, f.union.ID, "Kadınların siyasi katılımı")
		m.ObjectiveID = o2.ID
		if err := f.svc.SaveMeasure(as(f.admin), &m); err != nil {
			t.Errorf("moved to another objective of the plan: %v", err)
		}
		// A focal point of a municipality changes none of the union's.
		m.Title = "Değiştirildi"
		wantCode(t, "focal point edits the union's measure", f.svc.SaveMeasure(as(f.kadikoyFP), &m), birlik.EFORBIDDEN)
		// Objective codes are unique in a plan.
		dup := &equality.Objective{PlanID: f.union.ID, Code: o.Code, Title: "Aynı kod"}
		if err := f.svc.SaveObjective(as(f.admin), dup); birlik.FieldErrors(err)["code"] != "error.equality.code_taken" {
			t.Errorf("duplicate code: %v", err)
		}
		if o.Code != "O1" || o2.Code != "O2" {
			t.Errorf("codes given %q, %q", o.Code, o2.Code)
		}
	})
}

func TestReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		o := f.objective(t, f.kadikoyPub.ID, "Toplumsal cinsiyete duyarlı bütçe")
		m1 := f.measure(t, o.ID, "Bütçe analizi")
		m2 := f.measure(t, o.ID, "Eğitim")
		foreign := f.measure(t, f.objective(t, f.union.ID, "Birlik hedefi").ID, "Birliğin faaliyeti")
		ctx := as(f.kadikoyFP)
		r24 := &equality.Report{PlanID: f.kadikoyPub.ID, Period: "2024", Narrative: "İlk yıl.", Published: true,
			MeasureStatus: map[int64]equality.MeasureStatus{m1.ID: equality.Done, m2.ID: equality.Delayed}}
		if err := f.svc.SaveReport(ctx, r24); err != nil {
			t.Fatal(err)
		}
		h1 := &equality.Report{PlanID: f.kadikoyPub.ID, Period: "2025-H1", Narrative: "Ara rapor, taslak."}
		if err := f.svc.SaveReport(ctx, h1); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			r     equality.Report
			code  string
			field string
		}{
			{"same period", equality.Report{PlanID: f.kadikoyPub.ID, Period: " 2024 "}, birlik.ECONFLICT, "period"},
			{"no period", equality.Report{PlanID: f.kadikoyPub.ID}, birlik.EINVALID, "period"},
			{"another plan's measure", equality.Report{PlanID: f.kadikoyPub.ID, Period: "2025",
				MeasureStatus: map[int64]equality.MeasureStatus{foreign.ID: equality.Done}}, birlik.EINVALID, "measures"},
			{"unknown status", equality.Report{PlanID: f.kadikoyPub.ID, Period: "2025",
				MeasureStatus: map[int64]equality.MeasureStatus{m1.ID: "finished"}}, birlik.EINVALID, "measures"},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := c.r
				err := f.svc.SaveReport(ctx, &r)
				wantCode(t, "save", err, c.code)
				if _, ok := birlik.FieldErrors(err)[c.field]; !ok {
					t.Errorf("error %v, want one on %s", err, c.field)
				}
			})
		}
		// The same period in another plan is another report.
		if err := f.svc.SaveReport(as(f.admin), &equality.Report{PlanID: f.union.ID, Period: "2024", Published: true}); err != nil {
			t.Errorf("2024 in the union's plan: %v", err)
		}
		// Renaming a report's period to one taken is refused too.
		moved := *h1
		moved.Period = "2024"
		wantCode(t, "rename to a taken period", f.svc.SaveReport(ctx, &moved), birlik.ECONFLICT)
		// An update replaces the statuses and moves the version on.
		r24.MeasureStatus = map[int64]equality.MeasureStatus{m2.ID: equality.Done}
		if err := f.svc.SaveReport(ctx, r24); err != nil || r24.Version != 2 {
			t.Fatalf("update: version %d, %v", r24.Version, err)
		}
		stale := *r24
		stale.Version = 1
		wantCode(t, "update from version 1", f.svc.SaveReport(ctx, &stale), birlik.ECONFLICT)
		for _, c := range []struct {
			name    string
			actor   birlik.Actor
			periods []string
		}{
			{"writer", f.kadikoyFP, []string{"2025-H1", "2024"}},
			{"staff", f.coordinator, []string{"2025-H1", "2024"}},
			{"another focal point", f.niluferFP, []string{"2024"}},
			{"public", f.anon, []string{"2024"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				rs, err := f.svc.Reports(as(c.actor), f.kadikoyPub.ID)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range rs {
					got = append(got, r.Period)
				}
				if !slices.Equal(got, c.periods) {
					t.Errorf("periods %v, want %v", got, c.periods)
				}
				last := rs[len(rs)-1]
				if len(last.MeasureStatus) != 1 || last.MeasureStatus[m2.ID] != equality.Done {
					t.Errorf("2024's statuses %v", last.MeasureStatus)
				}
				wantDraft := slices.Contains(c.periods, "2025-H1")
				if err := f.svc.MayReadReport(as(c.actor), h1.ID); (err == nil) != wantDraft {
					t.Errorf("MayReadReport of the draft: %v", err)
				}
			})
		}
		wantCode(t, "Nilüfer attaches to Kadıköy's report", f.svc.MayChangeReport(as(f.niluferFP), r24.ID), birlik.EFORBIDDEN)
		wantCode(t, "Kadıköy attaches to its report", f.svc.MayChangeReport(ctx, r24.ID), "")
		// Evidence is a document of kind plan_report: the database takes it.
		if _, err := db.ExecContext(ctx, `INSERT INTO documents (parent_kind, parent_id, name, content_type, size, sha256, blob_key, created_at)
			VALUES ('plan_report', ?, 'kanit.pdf', 'application/pdf', 10, 'x', 'k1', ?)`, r24.ID, time.Now().UTC()); err != nil {
			t.Errorf("a plan report's document: %v", err)
		}
	})
}

func TestFollow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		o := f.objective(t, f.union.ID, "Siyasi katılım")
		other := f.objective(t, f.kadikoyPub.ID, "Kadıköy hedefi")
		ctx := as(f.admin)
		for _, pi := range []equality.PlanIndicator{
			{PlanID: f.union.ID, ObjectiveID: o.ID, IndicatorID: f.share},
			{PlanID: f.union.ID, ObjectiveID: o.ID, IndicatorID: f.count},
			{PlanID: f.kadikoyPub.ID, ObjectiveID: other.ID, IndicatorID: f.share, TargetID: f.kadikoyTarget},
		} {
			if err := f.svc.Follow(ctx, pi); err != nil {
				t.Fatalf("follow %+v: %v", pi, err)
			}
		}
		// Following again changes the target.
		for _, target := range []int64{0, f.regionTarget} {
			if err := f.svc.Follow(ctx, equality.PlanIndicator{PlanID: f.union.ID, IndicatorID: f.share, TargetID: target}); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			name  string
			pi    equality.PlanIndicator
			field string
		}{
			{"another plan's objective", equality.PlanIndicator{PlanID: f.union.ID, ObjectiveID: other.ID, IndicatorID: f.share}, "objective"},
			{"no indicator", equality.PlanIndicator{PlanID: f.union.ID}, "indicator"},
			{"an indicator that does not exist", equality.PlanIndicator{PlanID: f.union.ID, IndicatorID: f.count + 100}, "indicator"},
			{"another indicator's target", equality.PlanIndicator{PlanID: f.union.ID, IndicatorID: f.count, TargetID: f.regionTarget}, "target"},
			{"a municipality's target in the union's plan", equality.PlanIndicator{PlanID: f.union.ID, IndicatorID: f.share, TargetID: f.kadikoyTarget}, "target"},
			{"the region's target in a municipality's plan", equality.PlanIndicator{PlanID: f.kadikoyPub.ID, IndicatorID: f.share, TargetID: f.regionTarget}, "target"},
			{"another municipality's target", equality.PlanIndicator{PlanID: f.kadikoyPub.ID, IndicatorID: f.count, TargetID: f.niluferTarget}, "target"},
		} {
			t.Run(c.name, func(t *testing.T) {
				if err := f.svc.Follow(ctx, c.pi); birlik.FieldErrors(err)[c.field] == "" {
					t.Errorf("error %v, want one on %s", err, c.field)
				}
			})
		}
		got, err := f.svc.Indicators(as(f.anon), f.union.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []equality.PlanIndicator{
			{PlanID: f.union.ID, IndicatorID: f.share, TargetID: f.regionTarget},
			{PlanID: f.union.ID, ObjectiveID: o.ID, IndicatorID: f.share},
			{PlanID: f.union.ID, ObjectiveID: o.ID, IndicatorID: f.count},
		}
		if !slices.Equal(got, want) {
			t.Errorf("followed %+v, want %+v", got, want)
		}
		if got, err := f.svc.Indicators(ctx, f.kadikoyPub.ID); err != nil || len(got) != 1 || got[0].TargetID != f.kadikoyTarget {
			t.Errorf("Kadıköy's plan follows %+v, %v", got, err)
		}
		if _, err := f.svc.Indicators(as(f.anon), f.niluferDraft.ID); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("a draft's indicators to the public: %v", err)
		}
		entries, err := audit.List(ctx, db, audit.Filter{Entity: "equality_plan_indicator"})
		if err != nil || len(entries) != 5 {
			t.Errorf("%d audit entries of followed indicators, want 5; %v", len(entries), err)
		}
	})
}

// TestMigrationKeepsSitePhotos: migration 0017 rebuilds SQLite's
// documents table to accept plan reports' evidence; the street sites'
// photos, which reference documents with ON DELETE CASCADE, must survive
// the rebuild.
func TestMigrationKeepsSitePhotos(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "birlik.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Version >= 17 {
			break
		}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, ?, '')`, m.Version, m.Name)
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
	}
	now := time.Now().UTC()
	for _, q := range []string{
		`INSERT INTO organisations (id, kind, municipality_kind, name, sort_key, search_text, created_at, updated_at)
			VALUES ('istanbul-kadikoy', 'municipality', 'district', 'Kadıköy', X'00', 'kadikoy', ?, ?)`,
		`INSERT INTO street_cycles (id, year, name, created_at, updated_at) VALUES (1, 2024, 'RS 2024', ?, ?)`,
		`INSERT INTO street_sites (id, cycle_id, org_id, phase, intervention, area_m2, centroid_lon, centroid_lat, name, sort_key,
			search_text, created_at, updated_at, overview, geometry) VALUES (1, 1, 'istanbul-kadikoy', 'baseline', 'plaza', 10, 29, 41,
			'Moda', X'00', 'moda', ?, ?, '{}', '{}')`,
		`INSERT INTO documents (id, parent_kind, parent_id, name, content_type, size, sha256, blob_key, created_at)
			VALUES (1, 'site', 1, 'once.jpg', 'image/jpeg', 10, 'x', 'k1', ?)`,
		`INSERT INTO street_site_photos (site_id, document_id, stage, alt) VALUES (1, 1, 'before', 'Otoparktı')`,
	} {
		var args []any
		for range countMarks(q) {
			args = append(args, now)
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var photos, docs int
	if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM street_site_photos), COUNT(*) FROM documents`).Scan(&photos, &docs); err != nil {
		t.Fatal(err)
	}
	if photos != 1 || docs != 1 {
		t.Errorf("after 0017: %d photos, %d documents, want 1 and 1", photos, docs)
	}
	// The photo still points at its document: deleting it cascades.
	if _, err := db.ExecContext(ctx, `DELETE FROM documents WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM street_site_photos`).Scan(&photos); err != nil || photos != 0 {
		t.Errorf("after deleting the document: %d photos, %v", photos, err)
	}
}

func countMarks(q string) int {
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
		}
	}
	return n
}
