package geo

import (
	"encoding/json"
	"os"
	"testing"
)

// provinceBoundaries returns the GeoJSON geometry of each Marmara province
// of the seed, by name. The seed package keeps its copy unexported, so the
// file is read where it lies.
func provinceBoundaries(t testing.TB) map[string][]byte {
	t.Helper()
	b, err := os.ReadFile("../seed/marmara/marmara-provinces.geojson")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range fc.Features {
		out[f.Properties.Name] = f.Geometry
	}
	if len(out) != 11 {
		t.Fatalf("%d provinces in the seed, want 11", len(out))
	}
	return out
}

// provinceRegion is the region of one province with a 3 km margin, named
// as package streets names it.
func provinceRegion(t testing.TB, name string) *Region {
	t.Helper()
	r, err := NewRegion(3000, provinceBoundaries(t)[name])
	if err != nil {
		t.Fatal(err)
	}
	r.Name = name
	return r
}

// marmaraRegion is the union of the 11 provinces with a 3 km margin.
func marmaraRegion(t testing.TB) *Region {
	t.Helper()
	var all [][]byte
	for _, b := range provinceBoundaries(t) {
		all = append(all, b)
	}
	r, err := NewRegion(3000, all...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
