package indicators_test

import (
	"math"
	"strings"
	"testing"

	"birlik"
	"birlik/indicators"
	"birlik/store"
	"birlik/store/storetest"
)

// TestApprovalLocks walks a period through submission, return, approval
// and reopening, checking who may do what and that approved values are
// locked and counted in the approved-only figures.
func TestApprovalLocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ind := f.define(t, indicators.Indicator{Code: "GEP-01"})
		kadikoy := indicators.Area{OrgID: "istanbul-kadikoy"}
		f.save(t, f.kadikoyFP, v(ind, "istanbul-kadikoy", "2024", 12))

		wantCode(t, f.s.Submit(as(f.uskudarFP), "istanbul-kadikoy", "2024"), birlik.EFORBIDDEN)
		wantCode(t, f.s.Submit(as(f.kadikoyFP), "istanbul-kadikoy", "2023"), birlik.EINVALID) // nothing entered
		if err := f.s.Submit(as(f.kadikoyFP), "istanbul-kadikoy", "2024"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.Submit(as(f.kadikoyFP), "istanbul-kadikoy", "2024"), birlik.ECONFLICT)
		// Submitted: the focal point waits, staff may still correct.
		wantCode(t, f.s.SaveValues(as(f.kadikoyFP), []indicators.Value{v(ind, "istanbul-kadikoy", "2024", 13)}), birlik.ECONFLICT)
		wantCode(t, f.s.Decide(as(f.kadikoyFP), "istanbul-kadikoy", "2024", true, ""), birlik.EFORBIDDEN)
		wantCode(t, f.s.Decide(as(f.admin), "istanbul-kadikoy", "2024", false, "  "), birlik.EINVALID) // a return needs a comment
		if err := f.s.Decide(as(f.admin), "istanbul-kadikoy", "2024", false, "Kaynak eksik."); err != nil {
			t.Fatal(err)
		}
		f.save(t, f.kadikoyFP, v(ind, "istanbul-kadikoy", "2024", 14)) // returned: editable again
		if err := f.s.Submit(as(f.kadikoyFP), "istanbul-kadikoy", "2024"); err != nil {
			t.Fatal(err)
		}
		if got := figureString(total(t, f.dashboard(t, f.admin, kadikoy, true, ind)[0], "2024")); got != "none (0 of 0)" { // no figure at all
			t.Errorf("approved only, before approval: %s", got)
		}
		if err := f.s.Decide(as(f.admin), "istanbul-kadikoy", "2024", true, ""); err != nil {
			t.Fatal(err)
		}
		for _, who := range []birlik.Actor{f.kadikoyFP, f.admin} {
			err := f.s.SaveValues(as(who), []indicators.Value{v(ind, "istanbul-kadikoy", "2024", 15)})
			wantCode(t, err, birlik.ECONFLICT)
			if birlik.ErrorMessage(err) != "error.indicators.locked" {
				t.Errorf("%s: %v, want error.indicators.locked", who.Email, err)
			}
		}
		wantCode(t, f.s.SaveValues(as(f.admin), []indicators.Value{v(ind, "istanbul-kadikoy", "2024", math.NaN())}), birlik.ECONFLICT)
		for _, region := range []indicators.Area{kadikoy, {PlaceID: "marmara"}} {
			if got := figureString(total(t, f.dashboard(t, f.viewer, region, true, ind)[0], "2024")); !strings.HasPrefix(got, "14 (1 of") {
				t.Errorf("approved only, %+v: %s, want 14", region, got)
			}
		}
		vals, err := f.s.Values(as(f.kadikoyFP), "istanbul-kadikoy", "2024", nil)
		if err != nil || len(vals) != 1 || vals[0].Status != indicators.Approved || vals[0].EnteredBy != f.kadikoyFP.UserID {
			t.Fatalf("values after approval: %+v, %v", vals, err)
		}
		wantCode(t, f.s.Reopen(as(f.kadikoyFP), "istanbul-kadikoy", "2024", "yanlış"), birlik.EFORBIDDEN)
		wantCode(t, f.s.Reopen(as(f.admin), "istanbul-kadikoy", "2024", ""), birlik.EINVALID)
		if err := f.s.Reopen(as(f.admin), "istanbul-kadikoy", "2024", "Nüfus düzeltmesi"); err != nil {
			t.Fatal(err)
		}
		f.save(t, f.kadikoyFP, v(ind, "istanbul-kadikoy", "2024", 16))
		if got := figureString(total(t, f.dashboard(t, f.admin, kadikoy, true, ind)[0], "2024")); got != "none (0 of 0)" { // no figure at all
			t.Errorf("approved only, after reopening: %s", got)
		}
		if got := figureString(total(t, f.dashboard(t, f.admin, kadikoy, false, ind)[0], "2024")); got != "16 (1 of 1)" {
			t.Errorf("all values, after the correction: %s", got)
		}
		var corrections int
		if err := db.QueryRowContext(as(f.admin), `SELECT COUNT(*) FROM audit_log WHERE action = 'indicator_value.correct'`).Scan(&corrections); err != nil {
			t.Fatal(err)
		}
		if corrections != 2 { // 12 → 14, 14 → 16
			t.Errorf("%d corrections audited, want 2", corrections)
		}
	})
}

// TestWhoEnters is the authorization matrix of entering values.
func TestWhoEnters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ind := f.define(t, indicators.Indicator{Code: "GEP-02"})
		tests := []struct {
			name string
			who  birlik.Actor
			org  string
			want string
		}{
			{"focal point, own municipality", f.kadikoyFP, "istanbul-kadikoy", ""},
			{"focal point, another municipality", f.kadikoyFP, "istanbul-uskudar", birlik.EFORBIDDEN},
			{"staff, any municipality", f.admin, "istanbul-uskudar", ""},
			{"viewer", f.viewer, "istanbul-kadikoy", birlik.EFORBIDDEN},
			{"anonymous", birlik.Actor{}, "istanbul-kadikoy", birlik.EFORBIDDEN},
			{"not a municipality", f.admin, "mbb", birlik.EINVALID},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				wantCode(t, f.s.SaveValues(as(tc.who), []indicators.Value{v(ind, tc.org, "2024", 1)}), tc.want)
			})
		}
		wantCode(t, f.s.SaveIndicator(as(f.kadikoyFP), &indicators.Indicator{Code: "X", Name: map[string]string{"tr": "x"}}), birlik.EFORBIDDEN)
		_, err := f.s.Submissions(as(f.kadikoyFP), "")
		wantCode(t, err, birlik.EFORBIDDEN)
		// A viewer reads approved values only.
		vals, err := f.s.Values(as(f.viewer), "istanbul-kadikoy", "2024", nil)
		if err != nil || len(vals) != 0 {
			t.Errorf("viewer reads draft values: %+v, %v", vals, err)
		}
	})
}

// TestValueRules checks every rule a value is held to, each problem
// reported with its column.
func TestValueRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sum := f.define(t, indicators.Indicator{Code: "C-1", Dimensions: []indicators.Dimension{indicators.Sex}})
		pct := f.define(t, indicators.Indicator{Code: "P-1", Unit: indicators.Percentage, Aggregation: indicators.Average,
			Period: indicators.Quarterly, Dimensions: []indicators.Dimension{indicators.Sex}})
		yn := f.define(t, indicators.Indicator{Code: "Y-1", Unit: indicators.YesNo, Aggregation: indicators.Average})
		calc := f.define(t, indicators.Indicator{Code: "F-1", Source: indicators.Formula, Formula: "[C-1] * 2", Aggregation: indicators.NoneAgg})
		tests := []struct {
			name   string
			value  indicators.Value
			column string
			key    string
		}{
			{"sum entered at a total", v(sum, "istanbul-kadikoy", "2024", 4), "sex", "error.indicators.sum_finest"},
			{"category unknown", v(sum, "istanbul-kadikoy", "2024", 4, "woman"), "sex", "error.indicators.category_invalid"},
			{"dimension not used", v(sum, "istanbul-kadikoy", "2024", 4, "female", "15-24"), "age", "error.indicators.dimension_unused"},
			{"count not whole", v(sum, "istanbul-kadikoy", "2024", 4.5, "female"), "value", "error.indicators.count_invalid"},
			{"count negative", v(sum, "istanbul-kadikoy", "2024", -1, "female"), "value", "error.indicators.count_invalid"},
			{"infinite", v(sum, "istanbul-kadikoy", "2024", math.Inf(1), "female"), "value", "error.indicators.value_invalid"},
			{"future year", v(sum, "istanbul-kadikoy", "2026", 4, "female"), "period", "error.indicators.period_range"},
			{"year for a quarterly indicator", v(pct, "istanbul-kadikoy", "2024", 4), "period", "error.indicators.period_invalid"},
			{"percentage over 100", v(pct, "istanbul-kadikoy", "2024-Q2", 101), "value", "error.indicators.percentage_range"},
			{"yes/no other than 0 and 1", v(yn, "istanbul-kadikoy", "2024", 2), "value", "error.indicators.yes_no"},
			{"formula indicators are computed", v(calc, "istanbul-kadikoy", "2024", 2), "indicator", "error.indicators.computed"},
			{"unknown indicator", indicators.Value{IndicatorID: 9999, OrgID: "istanbul-kadikoy", Period: "2024"}, "indicator", "error.indicators.indicator_invalid"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				err := f.s.SaveValues(as(f.admin), []indicators.Value{v(sum, "istanbul-kadikoy", "2024", 1, "male"), tc.value})
				wantCode(t, err, birlik.EINVALID)
				ie, ok := err.(*indicators.ImportError)
				if !ok || len(ie.Rows) == 0 || ie.Rows[0].Line != 1 || ie.Rows[0].Column != tc.column || ie.Rows[0].Key != tc.key {
					t.Fatalf("error %#v, want value 1 %s %s", err, tc.column, tc.key)
				}
			})
		}
		// Nothing of a refused batch is saved.
		if vals, _ := f.s.Values(as(f.admin), "istanbul-kadikoy", "2024", nil); len(vals) != 0 {
			t.Errorf("a refused batch saved %+v", vals)
		}
		// Not disclosed is always a category; partial combinations are
		// fine for an average; NaN clears.
		f.save(t, f.admin, v(pct, "istanbul-kadikoy", "2024-Q2", 40), v(pct, "istanbul-kadikoy", "2024-Q2", 30, "nd"))
		f.save(t, f.admin, v(pct, "istanbul-kadikoy", "2024-Q2", math.NaN(), "nd"))
		if vals, _ := f.s.Values(as(f.admin), "istanbul-kadikoy", "2024-Q2", nil); len(vals) != 1 || vals[0].Value != 40 {
			t.Errorf("after clearing: %+v", vals)
		}
	})
}
