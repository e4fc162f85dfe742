package indicators_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"birlik"
	"birlik/demo"
	"birlik/demo/demotest"
	"birlik/indicators"
	"birlik/store"
	"birlik/store/storetest"
)

// The targets: a region dashboard of 12 indicators with their
// breakdowns under 100 ms p95 with 10 million stored values (demo scale
// 100: demo.Indicators), on both dialects, compared with the same
// figures by GROUP BY over the raw values; a 100,000-value CSV import
// under 5 s.
//
//	go test ./indicators -run '^$' -bench 'Dashboard|GroupBy|ImportCSV' -benchtime 50x

// indicatorsFixture names the partial fixture of the benchmarks.
const indicatorsFixture = "indicators_v1"

var system = birlik.WithActor(context.Background(), birlik.SystemActor)

// dashboardIndicators returns the ids of 12 of the fixture's indicators
// that have breakdowns, formulas first (they read their inputs too).
func dashboardIndicators(b *testing.B, s *indicators.Service) []int64 {
	b.Helper()
	all, err := s.Indicators(system)
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for _, pass := range []func(indicators.Indicator) bool{
		func(i indicators.Indicator) bool { return i.Source == indicators.Formula },
		func(i indicators.Indicator) bool { return i.Source != indicators.Formula && len(i.Dimensions) > 0 },
		func(i indicators.Indicator) bool { return i.Source != indicators.Formula && len(i.Dimensions) == 0 },
	} {
		for _, ind := range all {
			if len(ids) < 12 && pass(ind) {
				ids = append(ids, ind.ID)
			}
		}
	}
	if len(ids) < 12 {
		b.Fatalf("the fixture has %d indicators, want 12", len(ids))
	}
	return ids
}

func countValues(b *testing.B, db *store.DB) int {
	var n int
	if err := db.QueryRowContext(system, `SELECT COUNT(*) FROM indicator_values`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkRegionDashboard is the region's dashboard of 12 indicators,
// all values and approved ones, read from the roll-ups.
func BenchmarkRegionDashboard(b *testing.B) {
	demotest.EachPartial(b, indicatorsFixture, demotest.Scale, demo.Indicators, func(b *testing.B, db *store.DB) {
		s := indicators.New(db)
		ids := dashboardIndicators(b, s)
		values := countValues(b, db)
		admin := birlik.WithActor(context.Background(), birlik.Actor{UserID: 1, Role: birlik.RoleAdmin})
		var lat demotest.Latencies
		b.ResetTimer()
		for i := range b.N {
			q := indicators.DashboardQuery{Area: indicators.Area{PlaceID: "marmara"}, Indicators: ids, ApprovedOnly: i%2 == 1}
			lat.Time(func() {
				series, err := s.Dashboard(admin, q)
				if err != nil || len(series) != len(ids) {
					b.Fatal(len(series), err)
				}
			})
		}
		lat.Report(b)
		b.ReportMetric(float64(values), "values")
	})
}

// BenchmarkPlainGroupBy computes the same figures as the region
// dashboard — per indicator the trend of its total per province and
// tier, and the latest period's breakdown by each dimension — by GROUP
// BY over the raw values, the way a dashboard without roll-ups would.
func BenchmarkPlainGroupBy(b *testing.B) {
	demotest.EachPartial(b, indicatorsFixture, demotest.Scale, demo.Indicators, func(b *testing.B, db *store.DB) {
		s := indicators.New(db)
		ids := dashboardIndicators(b, s)
		all, err := s.Indicators(system)
		if err != nil {
			b.Fatal(err)
		}
		byID := map[int64]indicators.Indicator{}
		for _, ind := range all {
			byID[ind.ID] = ind
		}
		var lat demotest.Latencies
		b.ResetTimer()
		for range b.N {
			lat.Time(func() {
				for _, id := range ids {
					plainFigures(b, db, byID[id])
				}
			})
		}
		lat.Report(b)
	})
}

// plainFigures reads an indicator's trend and latest breakdowns by
// GROUP BY over indicator_values. A formula's inputs are not followed:
// the comparison flatters GROUP BY.
func plainFigures(b *testing.B, db *store.DB, ind indicators.Indicator) {
	tier := "CASE WHEN o.municipality_kind = 'metropolitan' THEN 'metro' ELSE 'local' END"
	from := ` FROM indicator_values v JOIN organisations o ON o.id = v.org_id WHERE v.indicator_id = ?`
	if ind.Aggregation != indicators.Sum {
		from += ` AND v.sex = '' AND v.age = '' AND v.disability = '' AND v.migration = ''`
	}
	sums := `COUNT(*), SUM(v.value), SUM(v.value * COALESCE(o.population, 0)), SUM(COALESCE(o.population, 0))`
	latest := ""
	drain := func(q string, args ...any) {
		rows, err := db.QueryContext(system, q, args...)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		dest := make([]any, len(cols))
		for i := range dest {
			dest[i] = new(any)
		}
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				b.Fatal(err)
			}
			if p := fmt.Sprint(*dest[0].(*any)); p > latest {
				latest = p
			}
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
	}
	drain(`SELECT v.period, o.province_id, `+tier+`, `+sums+from+` GROUP BY v.period, o.province_id, `+tier, ind.ID)
	for _, d := range ind.Dimensions {
		col := "v." + string(d)
		drain(`SELECT v.period, o.province_id, `+tier+`, `+col+`, `+sums+
			` FROM indicator_values v JOIN organisations o ON o.id = v.org_id WHERE v.indicator_id = ? AND v.period = ?
			GROUP BY v.period, o.province_id, `+tier+`, `+col, ind.ID, latest)
	}
}

// importFile writes a CSV of n values of a Sum indicator broken down by
// all four dimensions, municipality by municipality and year by year.
func importFile(munis []string, n int) []byte {
	var buf bytes.Buffer
	buf.WriteString("indicator,org_id,period,sex,age,disability,migration,value,note\n")
	written := 0
	for year := 2025; written < n; year-- {
		for _, org := range munis {
			for _, sex := range indicators.Categories[indicators.Sex] {
				for _, age := range indicators.Categories[indicators.AgeBand] {
					for _, dis := range indicators.Categories[indicators.Disability] {
						for _, mig := range indicators.Categories[indicators.Migration] {
							if written == n {
								return buf.Bytes()
							}
							fmt.Fprintf(&buf, "BENCH-1,%s,%d,%s,%s,%s,%s,%d,\n", org, year, sex, age, dis, mig, written%97)
							written++
						}
					}
				}
			}
		}
	}
	return buf.Bytes()
}

// BenchmarkImportCSV imports 100,000 values into a fresh database
// holding the seed and the indicator's definition. Target: under 5 s.
func BenchmarkImportCSV(b *testing.B) {
	const n = 100_000
	for _, dialect := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(dialect.name, func(b *testing.B) {
			var lat demotest.Latencies
			for range b.N {
				b.StopTimer()
				f := newFixture(b, dialect.open(b))
				f.define(b, indicators.Indicator{Code: "BENCH-1", Dimensions: indicators.Dimensions})
				var munis []string
				rows, err := f.db.QueryContext(system, `SELECT id FROM organisations WHERE kind = 'municipality' ORDER BY id`)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
					var id string
					rows.Scan(&id)
					munis = append(munis, id)
				}
				rows.Close()
				file := importFile(munis, n)
				b.StartTimer()
				lat.Time(func() {
					got, err := f.s.ImportCSV(as(f.admin), bytes.NewReader(file))
					if err != nil || got != n {
						b.Fatal(got, err)
					}
				})
			}
			lat.Report(b)
		})
	}
}
