package indicators_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"birlik"
	"birlik/indicators"
	"birlik/network"
	"birlik/seed"
	"birlik/store"
)

func as(a birlik.Actor) context.Context { return birlik.WithActor(context.Background(), a) }

// fixture is a database with the seed's places and municipalities,
// accounts of the roles the engine tells apart, and a clock in June 2025.
type fixture struct {
	db                                  *store.DB
	s                                   *indicators.Service
	admin, kadikoyFP, uskudarFP, viewer birlik.Actor
}

var start = time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := as(birlik.SystemActor)
	if _, err := seed.Base(ctx, db, network.New(db)); err != nil {
		t.Fatalf("seed: %v", err)
	}
	f := &fixture{db: db, s: indicators.New(db)}
	clock := start
	f.s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	user := func(email string, role birlik.Role, org string) birlik.Actor {
		t.Helper()
		var o any
		if org != "" {
			o = org
		}
		var id int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, `INSERT INTO users (email, role, org_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				email, string(role), o, start, start).Scan(&id)
		})
		if err != nil {
			t.Fatal(err)
		}
		return birlik.Actor{UserID: id, Email: email, Role: role, OrgID: org}
	}
	f.admin = user("admin@test", birlik.RoleAdmin, "")
	f.kadikoyFP = user("odak@kadikoy.test", birlik.RoleFocalPoint, "istanbul-kadikoy")
	f.uskudarFP = user("odak@uskudar.test", birlik.RoleFocalPoint, "istanbul-uskudar")
	f.viewer = user("izleyici@test", birlik.RoleViewer, "")
	return f
}

// define saves an indicator with sensible defaults for what ind leaves
// empty.
func (f *fixture) define(t testing.TB, ind indicators.Indicator) *indicators.Indicator {
	t.Helper()
	if ind.Name == nil {
		ind.Name = map[string]string{"tr": ind.Code + " göstergesi", "en": ind.Code + " indicator"}
	}
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def((*string)(&ind.Unit), string(indicators.Count))
	def((*string)(&ind.Type), string(indicators.Outcome))
	def((*string)(&ind.Direction), string(indicators.HigherBetter))
	def((*string)(&ind.Aggregation), string(indicators.Sum))
	def((*string)(&ind.Scope), string(indicators.Institution))
	def((*string)(&ind.Period), string(indicators.Yearly))
	def((*string)(&ind.Source), string(indicators.Entered))
	if err := f.s.SaveIndicator(as(f.admin), &ind); err != nil {
		t.Fatalf("define %s: %v", ind.Code, err)
	}
	return &ind
}

// v is a value of ind; combo holds sex, age, disability, migration in
// that order, as many as given.
func v(ind *indicators.Indicator, org, period string, x float64, combo ...string) indicators.Value {
	var p [4]string
	copy(p[:], combo)
	return indicators.Value{IndicatorID: ind.ID, OrgID: org, Period: period, Value: x,
		Combo: indicators.Combo{Sex: p[0], Age: p[1], Disability: p[2], Migration: p[3]}}
}

func (f *fixture) save(t testing.TB, who birlik.Actor, vs ...indicators.Value) {
	t.Helper()
	if err := f.s.SaveValues(as(who), vs); err != nil {
		t.Fatalf("save values: %v", err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := birlik.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

// total returns the trend figure of period in s.
func total(t *testing.T, s indicators.Series, period string) indicators.Figure {
	t.Helper()
	for _, f := range s.Trend {
		if f.Period == period {
			return f
		}
	}
	return indicators.Figure{Period: period}
}

// part returns the breakdown figure of a category of s.
func part(s indicators.Series, combo indicators.Combo) (indicators.Figure, bool) {
	for _, f := range s.Breakdown {
		if f.Combo == combo {
			return f, true
		}
	}
	return indicators.Figure{}, false
}

func (f *fixture) dashboard(t *testing.T, who birlik.Actor, area indicators.Area, approvedOnly bool, inds ...*indicators.Indicator) []indicators.Series {
	t.Helper()
	q := indicators.DashboardQuery{Area: area, ApprovedOnly: approvedOnly}
	for _, ind := range inds {
		q.Indicators = append(q.Indicators, ind.ID)
	}
	out, err := f.s.Dashboard(as(who), q)
	if err != nil {
		t.Fatalf("dashboard %+v: %v", area, err)
	}
	return out
}

func figureString(f indicators.Figure) string {
	if !f.HasValue {
		return fmt.Sprintf("none (%d of %d)", f.Reported, f.Expected)
	}
	return fmt.Sprintf("%g (%d of %d)", f.Value, f.Reported, f.Expected)
}
