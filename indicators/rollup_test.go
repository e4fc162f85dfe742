package indicators_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"birlik"
	"birlik/indicators"
	"birlik/store"
	"birlik/store/storetest"
)

// rollRow is a roll-up or coverage row written as text (the key) and
// its figures.
type rollRow struct {
	n                   int
	total, wsum, weight float64
}

// storedRollups reads indicator_rollups and indicator_coverage.
func storedRollups(t *testing.T, db *store.DB) map[string]rollRow {
	t.Helper()
	ctx := context.Background()
	out := map[string]rollRow{}
	rows, err := db.QueryContext(ctx, `SELECT indicator_id, approved, depth, period, province_id, tier, sex, age, disability, migration,
		n, total, wsum, weight FROM indicator_rollups`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var approved, depth int
		var period, prov, tier, sex, age, dis, mig string
		var r rollRow
		if err := rows.Scan(&id, &approved, &depth, &period, &prov, &tier, &sex, &age, &dis, &mig, &r.n, &r.total, &r.wsum, &r.weight); err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("roll %d %d %d %s %s %s %s|%s|%s|%s", id, approved, depth, period, prov, tier, sex, age, dis, mig)] = r
	}
	rows.Close()
	rows, err = db.QueryContext(ctx, `SELECT indicator_id, approved, period, province_id, tier, reported FROM indicator_coverage`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var approved, n int
		var period, prov, tier string
		if err := rows.Scan(&id, &approved, &period, &prov, &tier, &n); err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("cover %d %d %s %s %s", id, approved, period, prov, tier)] = rollRow{n: n}
	}
	return out
}

// recomputed adds the raw values up again with plain GROUP BYs: per
// indicator, approved or not, and for a Sum indicator each subset of its
// dimensions kept (the others replaced by ”), others their combinations
// as entered.
func recomputed(t *testing.T, db *store.DB, inds []*indicators.Indicator) map[string]rollRow {
	t.Helper()
	ctx := context.Background()
	out := map[string]rollRow{}
	cols := []string{"sex", "age", "disability", "migration"}
	for _, ind := range inds {
		var used []int
		for i, d := range indicators.Dimensions {
			for _, x := range ind.Dimensions {
				if x == d {
					used = append(used, i)
				}
			}
		}
		masks := []int{(1 << len(used)) - 1}
		if ind.Aggregation == indicators.Sum {
			masks = masks[:0]
			for m := 0; m < 1<<len(used); m++ {
				masks = append(masks, m)
			}
		}
		for approved := 0; approved <= 1; approved++ {
			join := ""
			if approved == 1 {
				join = " JOIN indicator_submissions s ON s.org_id = v.org_id AND s.period = v.period AND s.status = 'approved'"
			}
			tier := "CASE WHEN o.municipality_kind = 'metropolitan' THEN 'metro' ELSE 'local' END"
			for _, mask := range masks {
				exprs := []string{"''", "''", "''", "''"}
				group := []string{"v.period", "o.province_id", tier}
				for j, i := range used {
					if mask&(1<<j) != 0 {
						exprs[i] = "v." + cols[i]
						group = append(group, exprs[i])
					}
				}
				q := `SELECT v.period, o.province_id, ` + tier + `, ` + strings.Join(exprs, ", ") + `, COUNT(*), SUM(v.value),
					SUM(v.value * COALESCE(o.population, 0)), SUM(COALESCE(o.population, 0))
					FROM indicator_values v JOIN organisations o ON o.id = v.org_id` + join + `
					WHERE v.indicator_id = ? GROUP BY ` + strings.Join(group, ", ")
				rows, err := db.QueryContext(ctx, q, ind.ID)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				for rows.Next() {
					var period, prov, tr string
					var c [4]string
					var r rollRow
					if err := rows.Scan(&period, &prov, &tr, &c[0], &c[1], &c[2], &c[3], &r.n, &r.total, &r.wsum, &r.weight); err != nil {
						t.Fatal(err)
					}
					depth := 0
					for _, x := range c {
						if x != "" {
							depth++
						}
					}
					out[fmt.Sprintf("roll %d %d %d %s %s %s %s|%s|%s|%s", ind.ID, approved, depth, period, prov, tr, c[0], c[1], c[2], c[3])] = r
				}
				rows.Close()
			}
			rows, err := db.QueryContext(ctx, `SELECT v.period, o.province_id, `+tier+`, COUNT(DISTINCT v.org_id)
				FROM indicator_values v JOIN organisations o ON o.id = v.org_id`+join+`
				WHERE v.indicator_id = ? GROUP BY v.period, o.province_id, `+tier, ind.ID)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var period, prov, tr string
				var n int
				if err := rows.Scan(&period, &prov, &tr, &n); err != nil {
					t.Fatal(err)
				}
				out[fmt.Sprintf("cover %d %d %s %s %s", ind.ID, approved, period, prov, tr)] = rollRow{n: n}
			}
			rows.Close()
		}
	}
	return out
}

func sameRollups(t *testing.T, got, want map[string]rollRow) {
	t.Helper()
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	bad := 0
	for _, k := range keys {
		g, okg := got[k]
		w, okw := want[k]
		if okg != okw || g.n != w.n || !close(g.total, w.total) || !close(g.wsum, w.wsum) || !close(g.weight, w.weight) {
			if bad++; bad <= 10 {
				t.Errorf("%s: stored %v %+v, recomputed %v %+v", k, okg, g, okw, w)
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("nothing recomputed: the test wrote nothing")
	}
}

// TestRollupsMatchRecomputation writes, corrects and clears values at
// random, submits, approves and reopens periods, and compares every
// roll-up and coverage row with a recomputation from the raw values.
func TestRollupsMatchRecomputation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.admin
		inds := []*indicators.Indicator{
			f.define(t, indicators.Indicator{Code: "SUM-4", Dimensions: indicators.Dimensions}),
			f.define(t, indicators.Indicator{Code: "SUM-1", Dimensions: []indicators.Dimension{indicators.Migration}}),
			f.define(t, indicators.Indicator{Code: "AVG-2", Unit: indicators.Percentage, Aggregation: indicators.Average,
				Dimensions: []indicators.Dimension{indicators.Sex, indicators.Disability}}),
			f.define(t, indicators.Indicator{Code: "WGT-0", Unit: indicators.Ratio, Aggregation: indicators.Weighted}),
		}
		orgs := []string{"istanbul-bb", "istanbul-kadikoy", "istanbul-uskudar", "edirne-il", "edirne-ipsala-esetce", "bursa-nilufer", "yalova-merkez-kadikoy"}
		periods := []string{"2022", "2023", "2024"}
		rng := rand.New(rand.NewPCG(1, 2))
		pick := func(d indicators.Dimension, finest bool) string {
			cats := indicators.Categories[d]
			if !finest && rng.IntN(3) == 0 {
				return ""
			}
			return cats[rng.IntN(len(cats))]
		}
		approved := map[[2]string]bool{}
		for round := 0; round < 30; round++ {
			var vs []indicators.Value
			seen := map[string]bool{}
			for range 40 {
				ind := inds[rng.IntN(len(inds))]
				val := indicators.Value{IndicatorID: ind.ID, OrgID: orgs[rng.IntN(len(orgs))], Period: periods[rng.IntN(len(periods))],
					Value: float64(rng.IntN(100))}
				if approved[[2]string{val.OrgID, val.Period}] {
					continue
				}
				finest := ind.Aggregation == indicators.Sum
				for _, d := range ind.Dimensions {
					c := pick(d, finest)
					switch d {
					case indicators.Sex:
						val.Combo.Sex = c
					case indicators.AgeBand:
						val.Combo.Age = c
					case indicators.Disability:
						val.Combo.Disability = c
					case indicators.Migration:
						val.Combo.Migration = c
					}
				}
				if rng.IntN(6) == 0 {
					val.Value = math.NaN()
				}
				k := fmt.Sprint(val.IndicatorID, val.OrgID, val.Period, val.Combo)
				if seen[k] {
					continue
				}
				seen[k] = true
				vs = append(vs, val)
			}
			f.save(t, a, vs...)
			// Now and then a period goes through approval, or comes back.
			org, period := orgs[rng.IntN(len(orgs))], periods[rng.IntN(len(periods))]
			key := [2]string{org, period}
			switch {
			case approved[key] && rng.IntN(2) == 0:
				if err := f.s.Reopen(as(a), org, period, "corrections"); err != nil {
					t.Fatal(err)
				}
				approved[key] = false
			case !approved[key]:
				err := f.s.Submit(as(a), org, period)
				if birlik.ErrorCode(err) == birlik.EINVALID { // nothing to submit yet
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if err := f.s.Decide(as(a), org, period, true, ""); err != nil {
					t.Fatal(err)
				}
				approved[key] = true
			}
		}
		want := recomputed(t, db, inds)
		approvedRows := 0
		for k := range want {
			if strings.HasPrefix(k, "cover") && strings.Fields(k)[2] == "1" {
				approvedRows++
			}
		}
		if approvedRows == 0 {
			t.Fatal("no approved period: the test did not exercise approval")
		}
		sameRollups(t, storedRollups(t, db), want)
	})
}
