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
	"strconv"

	"github.com/paulmach/orb"
)

// MaxVertices bounds the vertices of one geometry: a street site has tens,
// a careful drawing hundreds; more is a mistake or an attack, and would
// make the self-intersection check slow.
const MaxVertices = 5000

// MaxBytes bounds the size of a document Parse reads. MaxVertices
// positions written with generous precision, altitudes and the styles KML
// tools add fit in a tenth of it; the bound keeps a hostile upload from
// costing more than a few milliseconds of decoding.
const MaxBytes = 2 << 20

// Error is a geometry problem, said as a catalogue key with the values of
// its placeholders ("ring 1 crosses itself near vertex 4"). Its Key is one
// of the geo.error.* keys of the "geo" catalogue; Args are name, value
// pairs as locale.Lang.T takes them ("ring", 1, "vertex", 4, "point",
// "29.02611, 40.98512"). Ring, vertex, polygon and feature numbers count
// from 1; ring 1 of a polygon is its outer boundary, the others its holes.
// Coordinates are given as preformatted text, longitude first, because
// the number formatting of messages keeps only two decimals.
type Error struct {
	Key  string
	Args []any
}

func (e *Error) Error() string { return "geo: " + e.Key }

func errorf(key string, args ...any) *Error { return &Error{Key: key, Args: args} }

// pointText writes a position the way messages show it: longitude,
// latitude with six decimals (about 10 cm), which is enough to find the
// vertex on a map and short enough to read.
func pointText(p orb.Point) string {
	return strconv.FormatFloat(p[0], 'f', 6, 64) + ", " + strconv.FormatFloat(p[1], 'f', 6, 64)
}

// where is the polygon, ring and vertex placeholders of a message, with
// the vertex's coordinates.
func where(poly, ring, vertex int, p orb.Point) []any {
	return []any{"polygon", poly + 1, "ring", ring + 1, "vertex", vertex + 1, "point", pointText(p)}
}
