package publiclife_test

import (
	"context"
	"testing"
	"time"

	"birlik"
	"birlik/demo"
	"birlik/demo/demotest"
	"birlik/publiclife"
	"birlik/store"
	"birlik/store/storetest"
)

// forty is a survey's forty count rows: a tally of every component at a
// screenline and in an area.
func forty() []publiclife.Count {
	var cs []publiclife.Count
	for _, part := range []struct {
		values []string
		n      int
		set    func(c *publiclife.Count, v string)
	}{
		{publiclife.Genders, 12, func(c *publiclife.Count, v string) { c.Gender = v }},
		{publiclife.AgeBands[:7], 5, func(c *publiclife.Count, v string) { c.Age = v }},
		{publiclife.Modes, 6, func(c *publiclife.Count, v string) { c.Mode = v }},
		{publiclife.Postures, 6, func(c *publiclife.Count, v string) { c.Posture = v }},
		{publiclife.Activities[:11], 3, func(c *publiclife.Count, v string) { c.Activity = v }},
		{publiclife.Groups, 9, func(c *publiclife.Count, v string) { c.Group = v }},
		{publiclife.Objects[:3], 2, func(c *publiclife.Count, v string) { c.Object = v }},
	} {
		for _, v := range part.values {
			c := publiclife.Count{N: part.n}
			part.set(&c, v)
			cs = append(cs, c)
		}
	}
	return cs
}

// BenchmarkSaveSurvey saves a new survey with forty count rows, as a
// focal point entering a count: access, validation, the survey, its
// counts, the site's reach and the audit entry, in one transaction.
//
//	go test ./publiclife -run '^$' -bench SaveSurvey
func BenchmarkSaveSurvey(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *store.DB
			if dialect == "sqlite" {
				db = storetest.SQLite(b)
			} else {
				db = storetest.Postgres(b)
			}
			f := newFixture(b, db)
			p := f.place(b, f.kadikoyFP, f.kadikoy)
			ctx := as(f.kadikoyFP)
			counts := forty()
			if len(counts) != 40 {
				b.Fatalf("%d count rows", len(counts))
			}
			start := at
			for b.Loop() {
				start = start.Add(time.Hour)
				if err := f.s.SaveSurvey(ctx, survey(p.after, p.area, start, 1, counts...)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// fixtureName names the programme's partial fixture (the seed,
// demo.Streets and demo.Surveys at scale 100). It is the one package
// streets' benchmarks build, written by the same parts, so that a machine
// builds it once; follow streets/bench_test.go when it moves.
const fixtureName = "streets2"

func programme(ctx context.Context, d demo.Deps, scale int) error {
	if err := demo.Streets(ctx, d, scale); err != nil {
		return err
	}
	return demo.Surveys(ctx, d, scale)
}

// BenchmarkReaches reads every site's reach, as the programme's dashboard
// does, and a site's comparison, as its page does, at demo scale 100
// (3,000 sites, about 60,000 surveys). Each reports its 95th percentile.
//
//	go test ./publiclife -run '^$' -bench 'Reaches|Compare' -benchtime 200x
func BenchmarkReaches(b *testing.B) {
	demotest.EachPartial(b, fixtureName, demotest.Scale, programme, func(b *testing.B, db *store.DB) {
		s := publiclife.New(db)
		ctx := birlik.WithActor(context.Background(), birlik.Actor{})
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM publiclife_surveys`).Scan(&n); err != nil || n < 50_000 {
			b.Fatalf("the fixture holds %d surveys (%v)", n, err)
		}
		var lat demotest.Latencies
		for b.Loop() {
			lat.Time(func() {
				rs, err := s.Reaches(ctx, db)
				if err != nil || len(rs) < 1000 {
					b.Fatalf("%d reaches, %v", len(rs), err)
				}
			})
		}
		lat.Report(b)
	})
}

func BenchmarkCompare(b *testing.B) {
	demotest.EachPartial(b, fixtureName, demotest.Scale, programme, func(b *testing.B, db *store.DB) {
		s := publiclife.New(db)
		ctx := birlik.WithActor(context.Background(), birlik.Actor{})
		var sites []int64
		rows, err := db.QueryContext(ctx, `SELECT r.site_id FROM publiclife_reach r JOIN street_sites ss ON ss.id = r.site_id
			WHERE ss.published ORDER BY r.site_id`)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			sites = append(sites, id)
		}
		rows.Close()
		if len(sites) == 0 {
			b.Fatal("no published site with surveys")
		}
		var lat demotest.Latencies
		i := 0
		for b.Loop() {
			site := sites[(i*97)%len(sites)]
			i++
			lat.Time(func() {
				c, err := s.Compare(ctx, site)
				if err != nil || c.Before.Surveys == 0 {
					b.Fatalf("site %d: %+v, %v", site, c, err)
				}
			})
		}
		lat.Report(b)
	})
}
