package indicators_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"birlik"
	"birlik/indicators"
	"birlik/store"
	"birlik/store/storetest"
)

func TestImportCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.define(t, indicators.Indicator{Code: "GEP-03", Dimensions: []indicators.Dimension{indicators.Sex, indicators.Migration}})
		f.define(t, indicators.Indicator{Code: "GEP-04", Unit: indicators.Percentage, Aggregation: indicators.Average})
		bad := "indicator,org_id,period,sex,age,disability,migration,value,note\n" +
			"GEP-03,istanbul-kadikoy,2024,female,,,citizen,12,\n" + // line 2: fine
			"GEP-03,istanbul-kadikoy,2024,female,,,citizen,13,\n" + // line 3: the same combination again
			"GEP-04,istanbul-kadikoy,2024,,,,,140,\n" + // line 4: over 100 %
			"GEP-03,nowhere,2024,male,,,other,1,\n" + // line 5: no such municipality
			"GEP-99,istanbul-kadikoy,2024,,,,,1,\n" + // line 6: no such indicator
			"GEP-04,istanbul-kadikoy,2023,,,,,abc,\n" // line 7: not a number
		_, err := f.s.ImportCSV(as(f.admin), strings.NewReader(bad))
		wantCode(t, err, birlik.EINVALID)
		var ie *indicators.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v is not an ImportError", err)
		}
		var got []string
		for _, r := range ie.Rows {
			got = append(got, fmt.Sprintf("%d %s %s", r.Line, r.Column, r.Key))
		}
		want := []string{
			"3 value error.indicators.duplicate_row",
			"4 value error.indicators.percentage_range",
			"5 org_id error.indicators.org_invalid",
			"6 indicator error.indicators.indicator_invalid",
			"7 value error.indicators.value_invalid",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("row errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if vals, _ := f.s.Values(as(f.admin), "istanbul-kadikoy", "2024", nil); len(vals) != 0 {
			t.Errorf("a refused import saved %d values", len(vals))
		}

		// A focal point imports their municipality's rows only.
		mixed := "indicator,org_id,period,sex,migration,value\n" +
			"GEP-03,istanbul-kadikoy,2024,female,citizen,12\n" +
			"GEP-03,istanbul-uskudar,2024,female,citizen,12\n"
		_, err = f.s.ImportCSV(as(f.kadikoyFP), strings.NewReader(mixed))
		if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != 3 || ie.Rows[0].Key != "error.indicators.org_forbidden" {
			t.Fatalf("focal point importing another municipality's row: %v", err)
		}

		good := "\ufeffIndicator,Org_ID,Period,Sex,Migration,Value,Note\n" +
			"GEP-03,istanbul-kadikoy,2024,female,citizen,12,\n" +
			"gep-03,istanbul-kadikoy,2024,nd,nd,3,'=not a formula\n" +
			"GEP-04,istanbul-kadikoy,2024,,,\"40,5\",\n"
		n, err := f.s.ImportCSV(as(f.kadikoyFP), strings.NewReader(good))
		if err != nil || n != 3 {
			t.Fatalf("import: %d, %v", n, err)
		}
		vals, _ := f.s.Values(as(f.kadikoyFP), "istanbul-kadikoy", "2024", nil)
		notes := map[float64]string{}
		for _, x := range vals {
			notes[x.Value] = x.Note
		}
		if len(vals) != 3 || notes[3] != "=not a formula" || notes[40.5] != "" {
			t.Errorf("imported %+v", vals)
		}
		// The same file again changes nothing.
		if n, err := f.s.ImportCSV(as(f.kadikoyFP), strings.NewReader(good)); err != nil || n != 0 {
			t.Errorf("import again: %d, %v", n, err)
		}
		_, err = f.s.ImportCSV(as(f.admin), strings.NewReader("org_id,period\nistanbul-kadikoy,2024\n"))
		if !errors.As(err, &ie) || len(ie.Rows) != 2 || ie.Rows[0].Line != 1 {
			t.Errorf("missing columns: %v", err)
		}
	})
}

// TestDefinitions checks the rules of a definition: codes, rights, SDG
// targets, formulas, and the dimensions of an indicator with values.
func TestDefinitions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		base := f.define(t, indicators.Indicator{Code: "GEP-10", Dimensions: []indicators.Dimension{indicators.Sex},
			Rights: []string{"gender_equality"}, SDGTargets: []string{"5.5", "11.7"}})
		f.define(t, indicators.Indicator{Code: "GEP-11"})
		f.define(t, indicators.Indicator{Code: "R-1", Source: indicators.Formula, Formula: "[GEP-10] / [GEP-11]", Aggregation: indicators.NoneAgg})
		tests := []struct {
			name  string
			ind   indicators.Indicator
			field string
		}{
			{"code taken", indicators.Indicator{Code: "gep-10"}, "code"},
			{"code form", indicators.Indicator{Code: "GEP 12"}, "code"},
			{"unknown right", indicators.Indicator{Code: "X-1", Rights: []string{"flying"}}, "rights"},
			{"SDG target form", indicators.Indicator{Code: "X-2", SDGTargets: []string{"5.5", "18.1"}}, "sdg_targets"},
			{"SDG letter target", indicators.Indicator{Code: "X-3", SDGTargets: []string{"5.c"}}, ""},
			{"formula syntax", indicators.Indicator{Code: "X-4", Source: indicators.Formula, Formula: "[GEP-10] / "}, "formula"},
			{"formula unknown code", indicators.Indicator{Code: "X-5", Source: indicators.Formula, Formula: "[GEP-99] * 2"}, "formula"},
			{"formula on itself", indicators.Indicator{Code: "X-6", Source: indicators.Formula, Formula: "[X-6] + 1"}, "formula"},
			{"duplicate dimension", indicators.Indicator{Code: "X-7", Dimensions: []indicators.Dimension{indicators.Sex, indicators.Sex}}, "dimensions"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				ind := tc.ind
				ind.Name = map[string]string{"tr": "Ad"}
				ind.Unit, ind.Type, ind.Direction, ind.Scope, ind.Period = indicators.Count, indicators.Outcome, indicators.HigherBetter, indicators.Institution, indicators.Yearly
				if ind.Aggregation == "" {
					ind.Aggregation = indicators.Sum
				}
				if ind.Source == "" {
					ind.Source = indicators.Entered
				}
				err := f.s.SaveIndicator(as(f.admin), &ind)
				if tc.field == "" {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				if _, ok := birlik.FieldErrors(err)[tc.field]; !ok {
					t.Fatalf("error %v, want a field error on %s", err, tc.field)
				}
			})
		}
		// A cycle through another formula: GEP-11 made a formula over R-1.
		gep11, err := f.s.ByCode(as(f.admin), "GEP-11")
		if err != nil {
			t.Fatal(err)
		}
		gep11.Source, gep11.Formula, gep11.Aggregation = indicators.Formula, "[R-1] * 2", indicators.NoneAgg
		err = f.s.SaveIndicator(as(f.admin), gep11)
		if birlik.FieldErrors(err)["formula"] != "formula.error.cycle" {
			t.Errorf("cycle: %v", err)
		}
		// Dimensions are locked once values exist, with their count.
		f.save(t, f.admin, v(base, "istanbul-kadikoy", "2024", 3, "female"), v(base, "istanbul-kadikoy", "2024", 2, "male"))
		stored, err := f.s.Indicator(as(f.admin), base.ID)
		if err != nil || !stored.HasValues {
			t.Fatalf("stored: %+v, %v", stored, err)
		}
		stored.Dimensions = append(stored.Dimensions, indicators.AgeBand)
		err = f.s.SaveIndicator(as(f.admin), stored)
		if birlik.FieldErrors(err)["dimensions"] != "error.indicators.dimensions_locked" || fmt.Sprint(birlik.FieldArgs(err, "dimensions")) != "[n 2]" {
			t.Errorf("dimensions of an indicator with values: %v %v", err, birlik.FieldArgs(err, "dimensions"))
		}
		stored.Dimensions = []indicators.Dimension{indicators.Sex}
		stored.Name["en"] = "Renamed"
		if err := f.s.SaveIndicator(as(f.admin), stored); err != nil || stored.Version != 2 {
			t.Errorf("renaming: %v, version %d", err, stored.Version)
		}
	})
}
