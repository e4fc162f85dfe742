package streets_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"birlik"
	"birlik/demo/demotest"
	"birlik/store"
	"birlik/streets"
)

// The performance targets for the programme, at demo scale 100
// (about 3,000 sites and 60,000 surveys): the dashboard under 30 ms and
// the whole map's GeoJSON under 100 ms and 2 MB. They run on a fixture
// of the seed and the programme only (demo.Streets and demo.Surveys),
// built once per machine (demotest.StreetsFixture):
//
//	go test ./streets -run '^$' -bench . -benchtime 200x
//
// Each reports the 95th percentile (p95-ms); the map also its size.

func benchService(b *testing.B, db *store.DB) *streets.Service {
	s := streets.New(db)
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM street_sites`).Scan(&n); err != nil || n < 2900 {
		b.Fatalf("the fixture holds %d sites (%v)", n, err)
	}
	return s
}

// BenchmarkDashboard is the data behind the programme's dashboard page,
// for the public and for staff, whole and filtered by cycle and city.
func BenchmarkDashboard(b *testing.B) {
	demotest.EachPartial(b, demotest.StreetsFixture, demotest.Scale, demotest.StreetsProgramme, func(b *testing.B, db *store.DB) {
		s := benchService(b, db)
		public := birlik.WithActor(context.Background(), birlik.Actor{})
		staff := birlik.WithActor(context.Background(), birlik.Actor{UserID: 1, Email: "admin@demo.birlik", Role: birlik.RoleAdmin})
		cycles, err := s.Cycles(public)
		if err != nil || len(cycles) == 0 {
			b.Fatal(cycles, err)
		}
		views := []struct {
			ctx context.Context
			f   streets.DashboardFilter
		}{
			{public, streets.DashboardFilter{}},
			{staff, streets.DashboardFilter{}},
			{public, streets.DashboardFilter{CycleID: cycles[0].ID}},
			{public, streets.DashboardFilter{ProvinceID: "istanbul"}},
		}
		d, err := s.Dashboard(public, views[0].f)
		if err != nil || d.Totals.Streets == 0 || d.Totals.Children == 0 {
			b.Fatalf("%+v %v", d.Totals, err)
		}
		var lat demotest.Latencies
		i := 0
		for b.Loop() {
			v := views[i%len(views)]
			i++
			lat.Time(func() {
				if _, err := s.Dashboard(v.ctx, v.f); err != nil {
					b.Fatal(err)
				}
			})
		}
		lat.Report(b)
	})
}

// BenchmarkMapSites is the sites GeoJSON of the whole map: the overview
// outlines and each marker's properties, encoded. It reports the
// document's size in bytes.
func BenchmarkMapSites(b *testing.B) {
	demotest.EachPartial(b, demotest.StreetsFixture, demotest.Scale, demotest.StreetsProgramme, func(b *testing.B, db *store.DB) {
		s := benchService(b, db)
		public := birlik.WithActor(context.Background(), birlik.Actor{})
		var lat demotest.Latencies
		var size int
		for b.Loop() {
			lat.Time(func() {
				ms, err := s.MapSites(public, streets.DashboardFilter{}, true)
				if err != nil || len(ms) < 2500 {
					b.Fatalf("%d sites, %v", len(ms), err)
				}
				size = encodeMap(b, ms)
			})
		}
		lat.Report(b)
		b.ReportMetric(float64(size), "bytes")
	})
}

// encodeMap writes the sites as the map's GeoJSON FeatureCollection,
// with the properties a marker shows, and returns its length.
func encodeMap(b *testing.B, ms []streets.MapSite) int {
	type props struct {
		ID           int64   `json:"id"`
		Name         string  `json:"name"`
		Municipality string  `json:"municipality"`
		Phase        string  `json:"phase"`
		Year         int     `json:"year"`
		Area         float64 `json:"area_m2"`
		URL          string  `json:"url"`
	}
	type feature struct {
		Type       string          `json:"type"`
		Geometry   json.RawMessage `json:"geometry"`
		Properties props           `json:"properties"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: make([]feature, 0, len(ms))}
	for _, m := range ms {
		fc.Features = append(fc.Features, feature{"Feature", m.Overview, props{m.ID, m.Name, m.OrgName, string(m.Phase), m.CycleYear,
			float64(int(m.AreaM2)), "/streets/sites/" + strconv.FormatInt(m.ID, 10)}})
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(fc); err != nil {
		b.Fatal(err)
	}
	return buf.Len()
}
