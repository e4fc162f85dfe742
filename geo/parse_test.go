package geo

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// TestParseKML reads KML as tools write it: Placemarks in Folders, a
// MultiGeometry, holes, altitudes, namespace prefixes, spaces after commas
// and rings of either winding. The result is the GeoJSON reading of the
// same shapes, turned to RFC 7946's winding.
func TestParseKML(t *testing.T) {
	const doc = "\xef\xbb\xbf" + `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document><Folder><name>Kadıköy</name>
 <Placemark><name>Rıhtım</name><Style><LineStyle><color>ff0000ff</color></LineStyle></Style>
  <MultiGeometry>
   <Polygon><extrude>0</extrude><altitudeMode>clampToGround</altitudeMode>
    <outerBoundaryIs><LinearRing><coordinates>
      29.0260,40.9840,0
      29.0260,40.9848,0 29.0270,40.9848,0
      29.0270,40.9840,0 29.0260,40.9840,0
    </coordinates></LinearRing></outerBoundaryIs>
    <innerBoundaryIs><LinearRing><coordinates>29.0263, 40.9842 29.0266, 40.9842 29.0266, 40.9845 29.0263, 40.9845 29.0263, 40.9842</coordinates></LinearRing></innerBoundaryIs>
   </Polygon>
   <Point><coordinates>29.0265,40.9844</coordinates></Point>
  </MultiGeometry>
 </Placemark>
</Folder>
<Placemark><name>Moda</name><kml:Polygon xmlns:kml="http://www.opengis.net/kml/2.2"><kml:outerBoundaryIs><kml:LinearRing><kml:coordinates>
 29.0280,40.9840 29.0285,40.9840 29.0285,40.9844 29.0280,40.9844 29.0280,40.9840
</kml:coordinates></kml:LinearRing></kml:outerBoundaryIs></kml:Polygon></Placemark>
</Document></kml>`
	m, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse = %v %v", err, errorArgs(err))
	}
	want := mustParse(t, multiDoc("["+shell+","+hole+"]", `[[[29.0280,40.9840],[29.0285,40.9840],[29.0285,40.9844],[29.0280,40.9844],[29.0280,40.9840]]]`), false)
	if !m.Equal(want) {
		t.Fatalf("Parse =\n%v\nwant\n%v", m, want)
	}
	if err := Validate(m, nil); err != nil {
		t.Errorf("Validate = %v %v", err, errorArgs(err))
	}
}

// TestParseTidies checks what Parse changes: winding to RFC 7946 and
// repeated positions dropped, nothing else.
func TestParseTidies(t *testing.T) {
	m, err := Parse([]byte(multiDoc("["+modaCW+","+holeCCW+"]", "[[[29.0270,40.9840],[29.0275,40.9840],[29.0275,40.9840],[29.0275,40.9844],[29.0270,40.9840]]]")))
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 || len(m[0]) != 2 || len(m[1]) != 1 {
		t.Fatalf("Parse = %v: want two polygons, the first with a hole", m)
	}
	if a := ringArea(m[0][0]); a <= 0 {
		t.Errorf("outer ring area %v, want counter-clockwise (positive)", a)
	}
	if a := ringArea(m[0][1]); a >= 0 {
		t.Errorf("hole area %v, want clockwise (negative)", a)
	}
	if got := len(m[1][0]); got != 4 {
		t.Errorf("second polygon has %d positions, want 4 (the repeat dropped)", got)
	}
}

// holeCCW is hole wound the wrong way.
const holeCCW = `[[29.0263,40.9842],[29.0266,40.9842],[29.0266,40.9845],[29.0263,40.9845],[29.0263,40.9842]]`

// TestParseNumbersAcrossFeatures checks that a message about a polygon of
// a FeatureCollection counts polygons across the features.
func TestParseNumbersAcrossFeatures(t *testing.T) {
	doc := `{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":` + multiDoc("["+moda+"]", `[[[29.0270,40.9840],[29.0275,40.9840],[29.0275,40.9844],[29.0270,40.9840]]]`) + `},
		{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[29.0280,40.9840],[29.0285],[29.0285,40.9844],[29.0280,40.9840]]]}}]}`
	_, err := Parse([]byte(doc))
	if got := errorArgs(err); got["polygon"] != 3 || got["vertex"] != 2 {
		t.Errorf("Parse = %v %v, want polygon 3, vertex 2", err, got)
	}
}

func TestParseLocation(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		key    string  // "" when valid
		length float64 // of a line, metres (GeodSolve, as in TestLengthReference)
		area   bool    // a polygon with area
	}{
		{name: "screenline", doc: `{"type":"LineString","coordinates":[[29.0267048,40.9839154],[29.0260952,40.9851846]]}`, length: 149.994862829},
		{name: "screenline in a Feature, a point repeated", doc: `{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[29.0267048,40.9839154],[29.0267048,40.9839154],[29.0260952,40.9851846]]}}`, length: 149.994862829},
		{name: "area people stay in", doc: polygonDoc(moda), area: true},
		{name: "clockwise area is turned", doc: polygonDoc(modaCW), area: true},
		{name: "a point", doc: `{"type":"Point","coordinates":[29.026,40.984]}`, key: "geo.error.location_type"},
		{name: "two polygons", doc: multiDoc("[" + moda + "]"), key: "geo.error.location_type"},
		{name: "one point twice", doc: `{"type":"LineString","coordinates":[[29.026,40.984],[29.026,40.984]]}`, key: "geo.error.line_short"},
		{name: "longitude out of range", doc: `{"type":"LineString","coordinates":[[29.026,40.984],[290.026,40.984]]}`, key: "geo.error.line_longitude"},
		{name: "latitude out of range", doc: `{"type":"LineString","coordinates":[[29.026,40.984],[29.026,-91]]}`, key: "geo.error.line_latitude"},
		{name: "position without latitude", doc: `{"type":"LineString","coordinates":[[29.026,40.984],[29.026]]}`, key: "geo.error.line_position"},
		{name: "bow-tie area", doc: polygonDoc(`[[29.0260,40.9840],[29.0266,40.9846],[29.0266,40.9840],[29.0260,40.9843],[29.0260,40.9840]]`), key: "geo.error.self_intersection"},
		{name: "KML", doc: kmlDoc(kmlModaCW), key: "geo.error.format"},
		{name: "malformed", doc: `{"type":"LineString","coordinates":[[29.026,40.984],}`, key: "geo.error.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ParseLocation([]byte(tt.doc))
			if tt.key != "" {
				var ge *Error
				if !errors.As(err, &ge) || ge.Key != tt.key {
					t.Fatalf("ParseLocation = %v, %v, want %s", g, err, tt.key)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseLocation = %v %v", err, errorArgs(err))
			}
			switch g := g.(type) {
			case orb.LineString:
				if got := Length(g); math.Abs(got-tt.length) > 1e-3 {
					t.Errorf("Length = %.6f, want %.6f", got, tt.length)
				}
			case orb.Polygon:
				if !tt.area || ringArea(g[0]) <= 0 {
					t.Errorf("polygon %v: want a counter-clockwise area", g)
				}
			default:
				t.Errorf("ParseLocation = %T, want a LineString or Polygon", g)
			}
		})
	}
}

// FuzzParse feeds Parse any bytes: it must return a geometry or an
// *Error, never panic, and whatever it returns the other functions must
// take without panicking; what Validate accepts has a positive area that
// survives a GeoJSON round trip. Run beyond the seeds with
// go test ./geo -run '^$' -fuzz FuzzParse -fuzztime 60s.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		polygonDoc(moda), polygonDoc(shell, hole), polygonDoc(hole, shell), polygonDoc(modaCW),
		multiDoc("["+moda+"]", "["+innerHole+"]"), circleDoc(40), kmlDoc(kmlModaCW),
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":` + polygonDoc(moda) + `}]}`,
		`{"type":"LineString","coordinates":[[29.026,40.984],[29.027,40.985]]}`,
		`{"type":"Polygon","coordinates":[[[29.0260,40.9840],[29.0265],[]]]}`,
		`<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>1,2 3,4,5 1,2</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`,
		`<Polygon><innerBoundaryIs><LinearRing><coordinates>nan,inf</coordinates></LinearRing></innerBoundaryIs></Polygon>`,
		`{"type":"MultiPolygon","coordinates":[[[]],[[[1e308,-1e308],[0,0],[1,1],[1e308,-1e308]]]]}`,
		"", "{", "<", "null", `{"type":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if g, err := ParseLocation(b); err == nil {
			_ = GeoJSON(g)
		}
		m, err := Parse(b)
		if err != nil {
			var ge *Error
			if !errors.As(err, &ge) {
				t.Fatalf("Parse error %v is not an *Error", err)
			}
			return
		}
		_ = Simplify(m, 1.5)
		_ = Round(m, 5)
		_ = Centroid(m)
		a := Area(m)
		out := GeoJSON(m)
		if err := Validate(m, nil); err != nil {
			return
		}
		if !(a > 0) || math.IsInf(a, 0) {
			t.Fatalf("valid geometry with area %v", a)
		}
		m2, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(GeoJSON(m)) = %v", err)
		}
		if err := Validate(m2, nil); err != nil {
			t.Fatalf("Validate after a round trip = %v %v", err, errorArgs(err))
		}
		if a2 := Area(m2); math.Abs(a2-a) > 1e-9*a {
			t.Fatalf("area %v after a round trip, was %v", a2, a)
		}
	})
}
