package geo

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"birlik/locale"

	"github.com/paulmach/orb"
)

// Shapes near Moda Caddesi, Kadıköy, in GeoJSON position lists.
const (
	moda      = `[[29.0260,40.9840],[29.0265,40.9840],[29.0265,40.9844],[29.0260,40.9844],[29.0260,40.9840]]`
	modaCW    = `[[29.0260,40.9840],[29.0260,40.9844],[29.0265,40.9844],[29.0265,40.9840],[29.0260,40.9840]]`
	shell     = `[[29.0260,40.9840],[29.0270,40.9840],[29.0270,40.9848],[29.0260,40.9848],[29.0260,40.9840]]`
	hole      = `[[29.0263,40.9842],[29.0263,40.9845],[29.0266,40.9845],[29.0266,40.9842],[29.0263,40.9842]]`
	innerHole = `[[29.0264,40.9843],[29.0264,40.9844],[29.0265,40.9844],[29.0265,40.9843],[29.0264,40.9843]]`
)

func polygonDoc(rings ...string) string {
	return `{"type":"Polygon","coordinates":[` + strings.Join(rings, ",") + `]}`
}

func multiDoc(polys ...string) string {
	return `{"type":"MultiPolygon","coordinates":[` + strings.Join(polys, ",") + `]}`
}

// circleDoc is a polygon of n vertices around Moda.
func circleDoc(n int) string {
	var sb strings.Builder
	sb.WriteString(`{"type":"Polygon","coordinates":[[`)
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i%n) / float64(n)
		fmt.Fprintf(&sb, "[%.7f,%.7f]", 29.0262+0.001*math.Cos(a), 40.9842+0.001*math.Sin(a))
		if i < n {
			sb.WriteByte(',')
		}
	}
	sb.WriteString(`]]}`)
	return sb.String()
}

func kmlDoc(placemarks string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Moda</name>` + placemarks + `</Document></kml>`
}

const kmlModaCW = `<Placemark><name>Moda Caddesi</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
29.0260,40.9840,0 29.0260,40.9844,0 29.0265,40.9844,0 29.0265,40.9840,0 29.0260,40.9840,0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`

// TestValidate has every class of bad input, read as package streets
// reads it (Parse, then Validate with the site's province) or, for what
// Parse tidies away, given to Validate directly. Each names its own
// catalogue key and says where the problem is.
func TestValidate(t *testing.T) {
	istanbul := provinceRegion(t, "İstanbul")
	marmara := marmaraRegion(t)
	tests := []struct {
		name   string
		doc    string           // read with Parse, or
		geom   orb.MultiPolygon // given to Validate when doc is ""
		region *Region
		key    string         // "" when valid
		args   map[string]any // some of the error's arguments
	}{
		{name: "valid polygon", doc: polygonDoc(moda), region: istanbul},
		{name: "valid polygon with a hole", doc: polygonDoc(shell, hole), region: istanbul},
		{name: "valid Feature", doc: `{"type":"Feature","properties":{"name":"Moda"},"geometry":` + polygonDoc(moda) + `}`, region: istanbul},
		{name: "valid FeatureCollection of two pieces", doc: `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":` + polygonDoc(moda) +
			`},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[29.0270,40.9840],[29.0275,40.9840],[29.0275,40.9844],[29.0270,40.9840]]]}}]}`, region: istanbul},
		{name: "clockwise outer ring is turned (RFC 7946 §3.1.6)", doc: polygonDoc(modaCW), region: istanbul},
		{name: "clockwise KML polygon is turned", doc: kmlDoc(kmlModaCW), region: istanbul},
		{name: "repeated vertices are dropped", doc: polygonDoc(`[[29.0260,40.9840],[29.0265,40.9840],[29.0265,40.9840],[29.0265,40.9844],[29.0260,40.9844],[29.0260,40.9840],[29.0260,40.9840]]`), region: istanbul},
		{name: "altitude is ignored", doc: polygonDoc(`[[29.0260,40.9840,12],[29.0265,40.9840,12],[29.0265,40.9844,13],[29.0260,40.9844,12],[29.0260,40.9840,12]]`), region: istanbul},
		{name: "coast outside the coarse boundary, within the margin (Florya)", doc: polygonDoc(`[[28.7900,40.9650],[28.7906,40.9650],[28.7906,40.9653],[28.7900,40.9653],[28.7900,40.9650]]`), region: istanbul},
		{name: "no region, no place check", doc: polygonDoc(`[[32.85,39.92],[32.851,39.92],[32.851,39.921],[32.85,39.92]]`)},

		{name: "longitude out of range", doc: polygonDoc(`[[29.0260,40.9840],[29.0265,40.9840],[229.0265,40.9844],[29.0260,40.9844],[29.0260,40.9840]]`), region: istanbul,
			key: "geo.error.longitude", args: map[string]any{"polygon": 1, "ring": 1, "vertex": 3, "point": "229.026500, 40.984400"}},
		{name: "latitude out of range", doc: polygonDoc(`[[29.0260,40.9840],[29.0265,40.9840],[29.0265,140.9844],[29.0260,40.9844],[29.0260,40.9840]]`), region: istanbul,
			key: "geo.error.latitude", args: map[string]any{"vertex": 3, "point": "29.026500, 140.984400"}},
		{name: "NaN in KML", doc: kmlDoc(`<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>29.0260,40.9840 29.0265,40.9840 NaN,40.9844 29.0260,40.9844 29.0260,40.9840</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`), region: istanbul,
			key: "geo.error.not_finite", args: map[string]any{"ring": 1, "vertex": 3}},
		{name: "infinity", geom: orb.MultiPolygon{{{{29.026, 40.984}, {29.0265, 40.984}, {math.Inf(1), 40.9844}, {29.026, 40.984}}}}, region: istanbul,
			key: "geo.error.not_finite", args: map[string]any{"vertex": 3}},
		{name: "ring not closed", doc: polygonDoc(`[[29.0260,40.9840],[29.0265,40.9840],[29.0265,40.9844],[29.0260,40.9844]]`), region: istanbul,
			key: "geo.error.ring_open", args: map[string]any{"ring": 1, "first": "29.026000, 40.984000", "last": "29.026000, 40.984400"}},
		{name: "fewer than four positions", doc: polygonDoc(`[[29.0260,40.9840],[29.0265,40.9840],[29.0260,40.9840]]`), region: istanbul,
			key: "geo.error.ring_short", args: map[string]any{"ring": 1, "count": 3}},
		{name: "four positions, two of them the same", doc: polygonDoc(`[[29.0260,40.9840],[29.0265,40.9840],[29.0265,40.9840],[29.0260,40.9840]]`), region: istanbul,
			key: "geo.error.ring_short", args: map[string]any{"count": 3}},
		{name: "outer ring clockwise", geom: mustParse(t, polygonDoc(modaCW), true), region: istanbul,
			key: "geo.error.outer_clockwise", args: map[string]any{"polygon": 1}},
		{name: "hole counter-clockwise (Parse turns holes; here given as read)", geom: orb.MultiPolygon{{mustParse(t, polygonDoc(shell), false)[0][0], mustParse(t, polygonDoc(hole), false)[0][0]}}, region: istanbul,
			key: "geo.error.hole_counterclockwise", args: map[string]any{"polygon": 1, "ring": 2}},
		{name: "hole outside its shell", doc: polygonDoc(moda, `[[29.0280,40.9842],[29.0280,40.9843],[29.0281,40.9843],[29.0281,40.9842],[29.0280,40.9842]]`), region: istanbul,
			key: "geo.error.hole_outside", args: map[string]any{"polygon": 1, "ring": 2}},
		{name: "hole given first", doc: polygonDoc(hole, shell), region: istanbul,
			key: "geo.error.hole_first", args: map[string]any{"polygon": 1, "ring": 2}},
		{name: "hole inside a hole", doc: polygonDoc(shell, hole, innerHole), region: istanbul,
			key: "geo.error.holes_nested", args: map[string]any{"ring": 3, "other": 2}},
		{name: "bow-tie", doc: polygonDoc(`[[29.0260,40.9840],[29.0266,40.9846],[29.0266,40.9840],[29.0260,40.9843],[29.0260,40.9840]]`), region: istanbul,
			key: "geo.error.self_intersection", args: map[string]any{"polygon": 1, "ring": 1, "point": "29.026200, 40.984200"}},
		{name: "spike back along an edge", doc: polygonDoc(`[[29.0260,40.9840],[29.0265,40.9840],[29.0265,40.9844],[29.0265,40.9842],[29.0260,40.9844],[29.0260,40.9840]]`), region: istanbul,
			key: "geo.error.self_intersection", args: map[string]any{"ring": 1}},
		{name: "ring touching itself at a vertex", doc: polygonDoc(`[[29.0260,40.9840],[29.0265,40.9840],[29.0262,40.9842],[29.0265,40.9844],[29.0260,40.9844],[29.0262,40.9842],[29.0260,40.9840]]`), region: istanbul,
			key: "geo.error.self_intersection", args: map[string]any{"point": "29.026200, 40.984200"}},
		{name: "hole crossing the shell", doc: polygonDoc(shell, `[[29.0268,40.9842],[29.0268,40.9845],[29.0275,40.9845],[29.0275,40.9842],[29.0268,40.9842]]`), region: istanbul,
			key: "geo.error.rings_cross", args: map[string]any{"polygon": 1, "ring": 1, "other": 2}},
		{name: "two polygons crossing", doc: multiDoc("["+moda+"]", `[[[29.0263,40.9842],[29.0268,40.9842],[29.0268,40.9846],[29.0263,40.9846],[29.0263,40.9842]]]`), region: istanbul,
			key: "geo.error.polygons_overlap", args: map[string]any{"polygon": 1, "other": 2}},
		{name: "a polygon inside another", doc: multiDoc("["+shell+"]", "["+innerHole+"]"), region: istanbul,
			key: "geo.error.polygons_overlap", args: map[string]any{"polygon": 1, "other": 2, "point": "29.026400, 40.984300"}},
		{name: "two polygons sharing an edge", doc: multiDoc("["+moda+"]", `[[[29.0265,40.9840],[29.0270,40.9840],[29.0270,40.9844],[29.0265,40.9844],[29.0265,40.9840]]]`), region: istanbul,
			key: "geo.error.polygons_overlap", args: map[string]any{"polygon": 1, "other": 2}},
		{name: "a polygon in the hole of another is fine", doc: multiDoc("["+shell+","+hole+"]", "["+innerHole+"]"), region: istanbul},
		{name: "too many vertices", doc: circleDoc(MaxVertices + 1), region: istanbul,
			key: "geo.error.too_many_vertices", args: map[string]any{"count": MaxVertices + 1, "max": MaxVertices}},
		{name: "as many vertices as allowed", doc: circleDoc(MaxVertices), region: istanbul},
		{name: "zero area", doc: polygonDoc(`[[29.0260,40.9840],[29.0265,40.9840],[29.0270,40.9840],[29.0260,40.9840]]`), region: istanbul,
			key: "geo.error.zero_area", args: map[string]any{"polygon": 1, "ring": 1}},
		{name: "in the wrong province (Nilüfer, Bursa, checked against İstanbul)", doc: polygonDoc(`[[28.9847,40.2205],[28.9852,40.2205],[28.9852,40.2209],[28.9847,40.2205]]`), region: istanbul,
			key: "geo.error.outside_named", args: map[string]any{"region": "İstanbul", "vertex": 1, "point": "28.984700, 40.220500"}},
		{name: "in the wrong country (Athens)", doc: polygonDoc(`[[23.7300,37.9800],[23.7305,37.9800],[23.7305,37.9804],[23.7300,37.9800]]`), region: marmara,
			key: "geo.error.outside", args: map[string]any{"polygon": 1, "vertex": 1}},
		{name: "latitude, longitude", doc: polygonDoc(`[[40.9840,29.0260],[40.9840,29.0265],[40.9844,29.0265],[40.9844,29.0260],[40.9840,29.0260]]`), region: istanbul,
			key: "geo.error.swapped", args: map[string]any{"vertex": 1, "point": "40.984000, 29.026000"}},
		{name: "Point", doc: `{"type":"Point","coordinates":[29.026,40.984]}`, region: istanbul,
			key: "geo.error.type", args: map[string]any{"type": "Point"}},
		{name: "LineString", doc: `{"type":"LineString","coordinates":[[29.026,40.984],[29.027,40.985]]}`, region: istanbul,
			key: "geo.error.type", args: map[string]any{"type": "LineString"}},
		{name: "GeometryCollection", doc: `{"type":"GeometryCollection","geometries":[]}`, region: istanbul,
			key: "geo.error.type", args: map[string]any{"type": "GeometryCollection"}},
		{name: "a Point among the features", doc: `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":` + polygonDoc(moda) + `},{"type":"Feature","geometry":{"type":"Point","coordinates":[29.026,40.984]}}]}`, region: istanbul,
			key: "geo.error.feature_type", args: map[string]any{"feature": 2, "type": "Point"}},
		{name: "a Feature without geometry", doc: `{"type":"Feature","geometry":null}`, key: "geo.error.empty"},
		{name: "an empty FeatureCollection", doc: `{"type":"FeatureCollection","features":[]}`, key: "geo.error.empty"},
		{name: "KML with only a Point", doc: kmlDoc(`<Placemark><Point><coordinates>29.026,40.984</coordinates></Point></Placemark>`),
			key: "geo.error.type", args: map[string]any{"type": "Point"}},
		{name: "a position without latitude", doc: polygonDoc(`[[29.0260,40.9840],[29.0265],[29.0265,40.9844],[29.0260,40.9840]]`),
			key: "geo.error.position", args: map[string]any{"ring": 1, "vertex": 2, "count": 1}},
		{name: "coordinates nested wrongly", doc: `{"type":"Polygon","coordinates":[[29.0260,40.9840],[29.0265,40.9840]]}`,
			key: "geo.error.coordinates", args: map[string]any{"polygon": 1}},
		{name: "malformed JSON", doc: "{\"type\":\"Polygon\",\n\"coordinates\":[[[29.0260,40.9840],\n[29.0265 40.9840]]]}",
			key: "geo.error.json", args: map[string]any{"line": 3}},
		{name: "malformed KML", doc: "<kml>\n<Placemark>\n<Polygon></Placemark></kml>", key: "geo.error.kml", args: map[string]any{"line": 3}},
		{name: "KML coordinates unreadable", doc: kmlDoc("<Placemark><Polygon><outerBoundaryIs><LinearRing>\n<coordinates>29.0260;40.9840 29.0265;40.9840</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"),
			key: "geo.error.kml_coordinates", args: map[string]any{"line": 3}},
		{name: "neither GeoJSON nor KML", doc: "29.0260,40.9840 29.0265,40.9840", key: "geo.error.format"},
		{name: "nothing", doc: " \n", key: "geo.error.empty"},
		{name: "too large", doc: "{" + strings.Repeat(" ", MaxBytes) + "}", key: "geo.error.too_large", args: map[string]any{"max": 2}},
	}
	tr := locale.MustLoad().Lang("en")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.geom, error(nil)
			if tt.doc != "" {
				m, err = Parse([]byte(tt.doc))
			}
			if err == nil {
				err = Validate(m, tt.region)
			}
			if tt.key == "" {
				if err != nil {
					t.Fatalf("got %v %v, want no error", err, errorArgs(err))
				}
				if a := Area(m); !(a > 0) {
					t.Errorf("Area = %v, want > 0", a)
				}
				return
			}
			var ge *Error
			if !errors.As(err, &ge) {
				t.Fatalf("got %v, want *Error %s", err, tt.key)
			}
			if ge.Key != tt.key {
				t.Fatalf("got %s %v, want %s", ge.Key, ge.Args, tt.key)
			}
			got := errorArgs(err)
			for name, want := range tt.args {
				if got[name] != want {
					t.Errorf("%s: %s = %v, want %v (all: %v)", ge.Key, name, got[name], want, ge.Args)
				}
			}
			// The message says it all: no placeholder left unfilled.
			if msg := tr.T(ge.Key, ge.Args...); msg == ge.Key || strings.Contains(msg, "{") {
				t.Errorf("message %q has no text or an unfilled placeholder", msg)
			}
		})
	}
}

// mustParse reads a document; raw leaves the rings as written (for the
// cases of what Parse would tidy away).
func mustParse(t *testing.T, doc string, raw bool) orb.MultiPolygon {
	t.Helper()
	b, err := trimDocument([]byte(doc))
	if err == nil && raw {
		var m orb.MultiPolygon
		m, err = parseGeoJSON(b)
		if err == nil {
			return m
		}
	}
	m, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// errorArgs is the arguments of a geo error, by name.
func errorArgs(err error) map[string]any {
	var ge *Error
	if !errors.As(err, &ge) {
		return nil
	}
	m := map[string]any{}
	for i := 0; i+1 < len(ge.Args); i += 2 {
		m[fmt.Sprint(ge.Args[i])] = ge.Args[i+1]
	}
	return m
}
