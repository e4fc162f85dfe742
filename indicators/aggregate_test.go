package indicators_test

import (
	"testing"

	"birlik/indicators"
	"birlik/store"
	"birlik/store/storetest"
)

// Populations from the seed, for the weighted averages.
const (
	popEdirne = 186426
	popEnez   = 10549
)

func TestAggregationRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.admin
		territory := f.define(t, indicators.Indicator{Code: "T-1", Scope: indicators.Territory})
		institution := f.define(t, indicators.Indicator{Code: "I-1", Scope: indicators.Institution})
		districtsOnly := f.define(t, indicators.Indicator{Code: "T-2", Scope: indicators.Territory})
		avg := f.define(t, indicators.Indicator{Code: "A-1", Unit: indicators.Percentage, Aggregation: indicators.Average})
		weighted := f.define(t, indicators.Indicator{Code: "W-1", Unit: indicators.Percentage, Aggregation: indicators.Weighted})
		none := f.define(t, indicators.Indicator{Code: "N-1", Aggregation: indicators.NoneAgg})
		bySex := f.define(t, indicators.Indicator{Code: "S-1", Dimensions: []indicators.Dimension{indicators.Sex}})
		bySexAge := f.define(t, indicators.Indicator{Code: "S-2", Dimensions: []indicators.Dimension{indicators.Sex, indicators.AgeBand}})
		den := f.define(t, indicators.Indicator{Code: "D-1"})
		num := f.define(t, indicators.Indicator{Code: "D-2"})
		ratio := f.define(t, indicators.Indicator{Code: "R-1", Unit: indicators.Ratio, Aggregation: indicators.NoneAgg,
			Source: indicators.Formula, Formula: "100 * [D-2] / [D-1]"})
		for _, ind := range []*indicators.Indicator{territory, institution} {
			f.save(t, a, v(ind, "istanbul-bb", "2024", 100), v(ind, "istanbul-kadikoy", "2024", 30), v(ind, "istanbul-uskudar", "2024", 20),
				v(ind, "edirne-il", "2024", 10), v(ind, "edirne-enez", "2024", 5), v(ind, "edirne-ipsala", "2024", 7),
				v(ind, "edirne-ipsala-esetce", "2024", 2))
		}
		f.save(t, a, v(districtsOnly, "istanbul-kadikoy", "2024", 30), v(districtsOnly, "istanbul-uskudar", "2024", 20))
		f.save(t, a, v(avg, "edirne-il", "2024", 50), v(avg, "edirne-enez", "2024", 10),
			v(weighted, "edirne-il", "2024", 50), v(weighted, "edirne-enez", "2024", 10),
			v(none, "edirne-il", "2024", 3), v(none, "edirne-enez", "2024", 4))
		f.save(t, a, v(bySex, "istanbul-kadikoy", "2024", 10, "female"), v(bySex, "istanbul-kadikoy", "2024", 8, "male"),
			v(bySex, "istanbul-kadikoy", "2024", 2, "nd"), v(bySex, "istanbul-uskudar", "2024", 5, "female"))
		f.save(t, a, v(bySexAge, "istanbul-kadikoy", "2024", 3, "female", "15-24"), v(bySexAge, "istanbul-kadikoy", "2024", 4, "female", "25-44"),
			v(bySexAge, "istanbul-kadikoy", "2024", 5, "male", "15-24"), v(bySexAge, "istanbul-kadikoy", "2024", 1, "nd", "nd"))
		// A ratio of sums: 100 × (5 + 5) / (10 + 30) = 25, not the mean
		// of 50 and 16.7; in 2023 the denominator is zero.
		f.save(t, a, v(den, "istanbul-kadikoy", "2024", 10), v(den, "istanbul-uskudar", "2024", 30),
			v(num, "istanbul-kadikoy", "2024", 5), v(num, "istanbul-uskudar", "2024", 5),
			v(den, "istanbul-kadikoy", "2023", 0), v(num, "istanbul-kadikoy", "2023", 4))

		istanbul := indicators.Area{PlaceID: "istanbul"}
		edirne := indicators.Area{PlaceID: "edirne"}
		region := indicators.Area{PlaceID: "marmara"}
		tests := []struct {
			name   string
			area   indicators.Area
			ind    *indicators.Indicator
			period string
			want   string
		}{
			{"territory: metro stands for İstanbul", istanbul, territory, "2024", "100 (40 of 40)"},
			{"institution: İstanbul adds metro and districts", istanbul, institution, "2024", "150 (3 of 40)"},
			{"territory without the metro: districts add up", istanbul, districtsOnly, "2024", "50 (2 of 40)"},
			{"territory: a district reads its municipality", indicators.Area{PlaceID: "istanbul-kadikoy"}, territory, "2024", "30 (1 of 1)"},
			{"one municipality", indicators.Area{OrgID: "istanbul-bb"}, territory, "2024", "100 (1 of 1)"},
			{"Edirne: provincial, districts and beldes add up", edirne, territory, "2024", "24 (4 of 16)"},
			{"Edirne, institution: the same", edirne, institution, "2024", "24 (4 of 16)"},
			{"district of İpsala with its beldes", indicators.Area{PlaceID: "edirne-ipsala"}, territory, "2024", "9 (2 of 3)"},
			{"region, territory: İstanbul's metro and Edirne", region, territory, "2024", "124 (44 of 206)"},
			{"region, institution", region, institution, "2024", "174 (7 of 206)"},
			{"average of municipalities", edirne, avg, "2024", "30 (2 of 16)"},
			{"weighted by population", edirne, weighted, "2024",
				figureString(indicators.Figure{HasValue: true, Value: (50.0*popEdirne + 10*popEnez) / (popEdirne + popEnez), Reported: 2, Expected: 16})},
			{"none: no area figure", edirne, none, "2024", "none (2 of 16)"},
			{"none: a municipality's own", indicators.Area{OrgID: "edirne-enez"}, none, "2024", "4 (1 of 1)"},
			{"sum total from the finest level", istanbul, bySex, "2024", "25 (2 of 40)"},
			{"sum total over two dimensions", indicators.Area{OrgID: "istanbul-kadikoy"}, bySexAge, "2024", "13 (1 of 1)"},
			{"formula: ratio of sums", istanbul, ratio, "2024", "25 (2 of 40)"},
			{"formula: division by zero", istanbul, ratio, "2023", "none (1 of 40)"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				s := f.dashboard(t, a, tc.area, false, tc.ind)[0]
				if got := figureString(total(t, s, tc.period)); got != tc.want {
					t.Errorf("%s %s: %s, want %s", tc.ind.Code, tc.period, got, tc.want)
				}
			})
		}

		breakdowns := []struct {
			name  string
			area  indicators.Area
			ind   *indicators.Indicator
			combo indicators.Combo
			want  string
		}{
			{"female over two districts", istanbul, bySex, indicators.Combo{Sex: "female"}, "15 (2 of 40)"},
			{"not disclosed is a category", istanbul, bySex, indicators.Combo{Sex: "nd"}, "2 (2 of 40)"},
			{"region keeps not disclosed", region, bySex, indicators.Combo{Sex: "nd"}, "2 (2 of 206)"},
			{"female over ages", istanbul, bySexAge, indicators.Combo{Sex: "female"}, "7 (1 of 40)"},
			{"15-24 over sexes", istanbul, bySexAge, indicators.Combo{Age: "15-24"}, "8 (1 of 40)"},
			{"age not disclosed", indicators.Area{PlaceID: "istanbul-kadikoy"}, bySexAge, indicators.Combo{Age: "nd"}, "1 (1 of 1)"},
		}
		for _, tc := range breakdowns {
			t.Run(tc.name, func(t *testing.T) {
				s := f.dashboard(t, a, tc.area, false, tc.ind)[0]
				got, ok := part(s, tc.combo)
				if !ok {
					t.Fatalf("no breakdown for %v in %+v", tc.combo, s.Breakdown)
				}
				if figureString(got) != tc.want {
					t.Errorf("%s %v: %s, want %s", tc.ind.Code, tc.combo, figureString(got), tc.want)
				}
			})
		}
	})
}
