package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestRegionContains(t *testing.T) {
	places := map[string]orb.Point{
		"İstanbul": {29.0264, 40.98455}, // Moda, Kadıköy
		"Bursa":    {28.9847, 40.22055}, // Nilüfer
		"Kocaeli":  {29.9219, 40.7652},  // İzmit, Cumhuriyet Parkı
		"Edirne":   {26.5594, 41.6780},  // Selimiye
		"Sakarya":  {30.4035, 40.7731},  // Adapazarı
		"Yalova":   {29.2720, 40.6550},
	}
	for name := range places {
		r := provinceRegion(t, name)
		for other, p := range places {
			t.Run(name+"/"+other, func(t *testing.T) {
				if got, want := r.Contains(p), name == other; got != want {
					t.Errorf("Contains(%v) = %v, want %v", p, got, want)
				}
				if d := r.Distance(p); (d == 0) != (name == other) {
					t.Errorf("Distance(%v) = %.0f m", p, d)
				}
			})
		}
	}
	marmara := marmaraRegion(t)
	for name, p := range map[string]orb.Point{"Ankara": {32.85, 39.92}, "Athens": {23.73, 37.98}, "Moda, swapped": {40.98455, 29.0264}, "off the map": {179, -89}} {
		if marmara.Contains(p) {
			t.Errorf("the Marmara region contains %s %v", name, p)
		}
	}
}

// TestRegionMargin checks the margin on the coarse coast: the seaside at
// Florya lies about 450 m outside the seed's İstanbul boundary.
func TestRegionMargin(t *testing.T) {
	florya := orb.Point{28.7900, 40.9650}
	b := provinceBoundaries(t)["İstanbul"]
	for _, tt := range []struct {
		margin float64
		want   bool
	}{{0, false}, {300, false}, {1000, true}, {3000, true}} {
		r, err := NewRegion(tt.margin, b)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Contains(florya); got != tt.want {
			t.Errorf("margin %.0f m: Contains(Florya) = %v, want %v (distance %.0f m)", tt.margin, got, tt.want, r.Distance(florya))
		}
	}
}

// TestRegionDistance checks Distance against the geodesic distance to
// the nearest edge of a square region.
func TestRegionDistance(t *testing.T) {
	r, err := NewRegion(0, []byte(`{"type":"Polygon","coordinates":[[[29,41],[29.1,41],[29.1,41.1],[29,41.1],[29,41]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []orb.Point{{29.112, 41.05}, {29.05, 40.98}, {28.99, 41.05}} {
		var want float64
		switch {
		case p[0] > 29.1:
			want = Distance(p, orb.Point{29.1, p[1]})
		case p[0] < 29:
			want = Distance(p, orb.Point{29, p[1]})
		default:
			want = Distance(p, orb.Point{p[0], 41})
		}
		if got := r.Distance(p); math.Abs(got-want) > want*0.005 {
			t.Errorf("Distance(%v) = %.1f m, want %.1f m within 0.5 %%", p, got, want)
		}
	}
	if d := r.Distance(orb.Point{29.05, 41.05}); d != 0 {
		t.Errorf("Distance inside = %v, want 0", d)
	}
}

func TestNewRegionRefuses(t *testing.T) {
	for name, b := range map[string][][]byte{
		"no boundary": nil,
		"malformed":   {[]byte(`{"type":"Polygon",`)},
		"a point":     {[]byte(`{"type":"Point","coordinates":[29,41]}`)},
		"no ring":     {[]byte(`{"type":"Polygon","coordinates":[[]]}`)},
	} {
		if _, err := NewRegion(1000, b...); err == nil {
			t.Errorf("%s: NewRegion accepted it", name)
		}
	}
}
