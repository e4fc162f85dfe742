package geo

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestOverview makes the overview package streets stores for each
// reference site (Simplify 1.5 m, then Round to 5 decimals) and checks it
// is valid, close in area and small: 3,000 sites must fit in 2 MB.
func TestOverview(t *testing.T) {
	total := 0
	for _, tt := range referenceAreas {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(GeoJSON(tt.geom))
			if err != nil {
				t.Fatal(err)
			}
			before := GeoJSON(m)
			o := Round(Simplify(m, 1.5), 5)
			if string(GeoJSON(m)) != string(before) {
				t.Fatal("Simplify or Round changed their argument")
			}
			if err := Validate(o, nil); err != nil {
				t.Fatalf("overview invalid: %v %v", err, errorArgs(err))
			}
			// Each edge moves by at most the tolerance and the rounding
			// (under a metre at 5 decimals), so the area by at most the
			// perimeter times 1.5 m; on a narrow street that is a fair
			// share of it, which is why areas are measured on the full
			// geometry, never on the overview.
			perimeter := 0.0
			for _, p := range m {
				for _, r := range p {
					perimeter += Length(orb.LineString(r))
				}
			}
			if d := math.Abs(Area(o) - tt.want); d > perimeter*1.5 {
				t.Errorf("overview area %.1f m², site %.1f m²: off by more than the perimeter (%.0f m) × 1.5 m", Area(o), tt.want, perimeter)
			}
			b := GeoJSON(o)
			t.Logf("overview %d bytes, %d positions, area %.1f m² (site %.1f m²)", len(b), len(o[0][0]), Area(o), tt.want)
			total += len(b)
			if len(b) > 450 {
				t.Errorf("overview is %d bytes, want at most 450: %s", len(b), b)
			}
		})
	}
	if mean := total / len(referenceAreas); mean > 300 {
		t.Errorf("overviews average %d bytes, want at most 300", mean)
	}
}

func TestSimplify(t *testing.T) {
	curve := referenceAreas[6].geom // Hürriyet Caddesi, 24 vertices
	if !strings.Contains(referenceAreas[6].name, "hurriyet") {
		t.Fatal("the table moved: referenceAreas[6] is not the curved street")
	}
	t.Run("a curve loses vertices, keeps the others exactly", func(t *testing.T) {
		s := Simplify(curve, 1.5)
		if n, was := len(s[0][0]), len(curve[0][0]); n >= was || n < 5 {
			t.Fatalf("%d positions from %d, want fewer but a shape", n, was)
		}
		for _, p := range s[0][0] {
			if !containsPoint(curve[0][0], p) {
				t.Errorf("%v is not a vertex of the original", p)
			}
		}
	})
	t.Run("a rectangle stays", func(t *testing.T) {
		m := referenceAreas[0].geom
		if s := Simplify(m, 1.5); !s.Equal(m) {
			t.Errorf("Simplify = %v, want %v", s, m)
		}
	})
	t.Run("a tolerance that would collapse rings keeps them", func(t *testing.T) {
		if s := Simplify(curve, 1000); !s.Equal(curve) {
			t.Errorf("Simplify(1 km) = %v, want the original ring", s)
		}
	})
	t.Run("a simplification that would cross a hole keeps the polygon", func(t *testing.T) {
		// A 40 × 20 m plaza whose north edge bulges 1 m at its middle,
		// with a kiosk under the bulge: dropping the bulge (1 m < 1.5 m)
		// would cut through the kiosk.
		l := newLocal(orb.Point{29.0260, 40.9840})
		ring := func(xy ...float64) orb.Ring {
			var r orb.Ring
			for i := 0; i < len(xy); i += 2 {
				r = append(r, l.point(xy[i], xy[i+1]))
			}
			return append(r, r[0])
		}
		m := orb.MultiPolygon{{
			ring(0, 0, 40, 0, 40, 20, 20, 21, 0, 20),
			ring(18, 20.2, 18, 20.6, 22, 20.6, 22, 20.2),
		}}
		if err := Validate(m, nil); err != nil {
			t.Fatalf("the test plaza is invalid: %v %v", err, errorArgs(err))
		}
		if s := Simplify(m, 1.5); !s.Equal(m) {
			t.Errorf("Simplify = %v, want the polygon unchanged", s)
		}
		if s := Simplify(orb.MultiPolygon{m[0][:1]}, 1.5); len(s[0][0]) != 5 {
			t.Errorf("without the kiosk, Simplify = %v, want the bulge dropped", s)
		}
	})
}

func containsPoint(r orb.Ring, p orb.Point) bool {
	for _, q := range r {
		if q == p {
			return true
		}
	}
	return false
}

func TestRound(t *testing.T) {
	m := orb.MultiPolygon{{{{29.026000012, 40.98400001}, {29.026500004, 40.984}, {29.026500001, 40.984000004}, {29.0265, 40.9844}, {29.026000012, 40.98400001}}}}
	got := Round(m, 5)
	want := orb.MultiPolygon{{{{29.026, 40.984}, {29.0265, 40.984}, {29.0265, 40.9844}, {29.026, 40.984}}}}
	if !got.Equal(want) {
		t.Errorf("Round = %v, want %v", got, want)
	}
	tiny := orb.MultiPolygon{{{{29.026, 40.984}, {29.026001, 40.984}, {29.026001, 40.984001}, {29.026, 40.984}}}}
	if got := Round(tiny, 5); !got.Equal(tiny) {
		t.Errorf("Round of a ring smaller than the rounding = %v, want it kept unrounded", got)
	}
}

func TestCentroid(t *testing.T) {
	tests := []struct {
		name string
		m    orb.MultiPolygon
		want orb.Point
		tol  float64 // degrees
	}{
		{"rectangle", mustParse(t, polygonDoc(moda), false), orb.Point{29.02625, 40.9842}, 1e-7},
		{"two equal pieces", mustParse(t, multiDoc("["+moda+"]", `[[[29.0270,40.9840],[29.0275,40.9840],[29.0275,40.9844],[29.0270,40.9844],[29.0270,40.9840]]]`), false), orb.Point{29.02675, 40.9842}, 1e-7},
		// The plaza 29.0260–29.0270 × 40.9840–40.9848 less the kiosk
		// 29.0263–29.0266 × 40.9842–40.9845: (80 × (29.0265, 40.9844) −
		// 9 × (29.02645, 40.98435)) / 71, to within the plane's
		// approximation.
		{"with a hole", mustParse(t, polygonDoc(shell, hole), false), orb.Point{29.0265063, 40.9844063}, 2e-7},
		{"empty", nil, orb.Point{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Centroid(tt.m)
			if math.Abs(got[0]-tt.want[0]) > tt.tol || math.Abs(got[1]-tt.want[1]) > tt.tol {
				t.Errorf("Centroid = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGeoJSON(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
		want string
	}{
		{"one polygon is a Polygon", orb.MultiPolygon{{{{29.026, 40.984}, {29.0265, 40.984}, {29.0265, 40.9844}, {29.026, 40.984}}}},
			`{"type":"Polygon","coordinates":[[[29.026,40.984],[29.0265,40.984],[29.0265,40.9844],[29.026,40.984]]]}`},
		{"two are a MultiPolygon", orb.MultiPolygon{{{{1, 2}, {3, 4}}}, {{{5, 6}}}},
			`{"type":"MultiPolygon","coordinates":[[[[1,2],[3,4]]],[[[5,6]]]]}`},
		{"a line", orb.LineString{{29.0267048, 40.9839154}, {-0.5, 1e-7}},
			`{"type":"LineString","coordinates":[[29.0267048,40.9839154],[-0.5,0.0000001]]}`},
		{"not a number", orb.MultiPolygon{{{{1, 2}}}, {{{math.NaN(), 6}}}}, ""},
		{"a point is not written", orb.Point{1, 2}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(GeoJSON(tt.g)); got != tt.want {
				t.Errorf("GeoJSON = %s, want %s", got, tt.want)
			}
		})
	}
}
