// Package geo holds the geometry of places the union works on: the
// polygons of reclaimed street space and the lines and areas where people
// are counted. It reads them from GeoJSON and KML, refuses geometry that
// is wrong (saying what is wrong and where), measures areas and lengths
// on the WGS84 ellipsoid, and simplifies shapes for overview maps.
//
// Coordinates are longitude, latitude in degrees (WGS84), as in GeoJSON
// (RFC 7946). Types are those of github.com/paulmach/orb.
package geo

import (
	"github.com/paulmach/orb"
)

// MaxVertices bounds the vertices of one geometry: a street site has tens,
// a careful drawing hundreds; more is a mistake or an attack, and would
// make the self-intersection check slow.
const MaxVertices = 5000

// Error is a geometry problem, said as a catalogue key with the values of
// its placeholders ("ring 1 crosses itself near vertex 4"). Its Key is one
// of the geo.error.* keys of the "geo" catalogue.
type Error struct {
	Key  string
	Args []any
}

func (e *Error) Error() string { return "geo: " + e.Key }

// Parse reads a geometry from a GeoJSON or KML document, telling them
// apart by content: a Polygon or MultiPolygon, a Feature holding one, or
// a FeatureCollection whose features are polygons (merged into one
// MultiPolygon). Anything else is an *Error.
func Parse(b []byte) (orb.MultiPolygon, error) { return nil, &Error{Key: "geo.error.format"} }

// ParseLocation reads the place of a public-life count: a LineString (a
// screenline people cross) or a Polygon (an area people stay in), from
// GeoJSON. The returned geometry is an orb.LineString or orb.Polygon.
func ParseLocation(b []byte) (orb.Geometry, error) { return nil, &Error{Key: "geo.error.format"} }

// Validate checks a street site's geometry: coordinates in range, rings
// closed with at least four positions, outer rings counter-clockwise and
// holes clockwise (RFC 7946), no ring crossing itself or another ring of
// its polygon, no two polygons overlapping, at most MaxVertices vertices,
// and the whole inside the region (see Region). The first problem found
// is returned as an *Error.
func Validate(m orb.MultiPolygon, region *Region) error { return nil }

// Area returns the area of m in square metres on the WGS84 ellipsoid.
func Area(m orb.MultiPolygon) float64 { return 0 }

// Length returns the length of a line in metres on the WGS84 ellipsoid.
func Length(l orb.LineString) float64 { return 0 }

// Simplify returns m with vertices closer than tolerance metres to the
// simplified outline removed, keeping every ring valid (at least four
// positions), for overview maps.
func Simplify(m orb.MultiPolygon, tolerance float64) orb.MultiPolygon { return m }

// Round returns m with coordinates rounded to digits decimals (5 is about
// a metre), dropping repeated positions the rounding makes.
func Round(m orb.MultiPolygon, digits int) orb.MultiPolygon { return m }

// Centroid returns the area-weighted centre of m.
func Centroid(m orb.MultiPolygon) orb.Point { return orb.Point{} }

// GeoJSON returns the GeoJSON geometry of g (a Polygon when m has one
// polygon, otherwise a MultiPolygon).
func GeoJSON(g orb.Geometry) []byte { return nil }

// Region is where geometry may lie: the union of some boundaries (the
// Marmara provinces), with a margin for coarse boundaries along coasts.
type Region struct {
	bounds orb.Bound
	areas  []orb.MultiPolygon
	margin float64 // metres
}

// NewRegion returns the region made of the boundaries, each a GeoJSON
// Polygon or MultiPolygon, with a margin in metres.
func NewRegion(margin float64, boundaries ...[]byte) (*Region, error) { return &Region{margin: margin}, nil }

// Contains reports whether p lies in the region or within its margin.
func (r *Region) Contains(p orb.Point) bool { return true }
