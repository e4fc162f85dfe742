package geo

import (
	"math"

	"strconv"

	"github.com/paulmach/orb"
)

// Simplify returns m with vertices closer than tolerance metres to the
// simplified outline removed, keeping every ring valid (at least four
// positions), for overview maps.
//
// Each ring is simplified by Douglas–Peucker in a plane tangent at its
// first vertex, so the tolerance is in metres whatever the latitude, and
// kept vertices keep their exact coordinates. A ring that would fall
// below four positions is kept whole; a polygon whose simplified rings
// would cross is kept whole; and if the simplified polygons would meet
// each other, m is returned as it is. m is not changed.
func Simplify(m orb.MultiPolygon, tolerance float64) orb.MultiPolygon {
	if tolerance <= 0 || math.IsNaN(tolerance) {
		return m
	}
	out := make(orb.MultiPolygon, len(m))
	for i, p := range m {
		sp := make(orb.Polygon, len(p))
		for j, r := range p {
			sp[j] = simplifyRing(r, tolerance)
		}
		if !sound(orb.MultiPolygon{sp}) {
			sp = p
		}
		out[i] = sp
	}
	if !sound(out) {
		return m
	}
	return out
}

// sound reports whether m's rings have their four positions and meet
// nowhere they should not: what Simplify and Round must not break.
func sound(m orb.MultiPolygon) bool {
	if len(m) == 0 {
		return false
	}
	for _, p := range m {
		if len(p) == 0 {
			return false
		}
		for _, r := range p {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				return false
			}
		}
	}
	return checkCrossings(m) == nil && checkNesting(m) == nil
}

// simplifyRing is Douglas–Peucker on a closed ring: the ring is cut at its
// first vertex and at the vertex furthest from it, and each half is
// simplified as a line, so both cut points stay.
func simplifyRing(r orb.Ring, tolerance float64) orb.Ring {
	n := len(r)
	if n <= 4 || r[0] != r[n-1] {
		return r
	}
	l := newLocal(r[0])
	xs, ys := make([]float64, n), make([]float64, n)
	for i, p := range r {
		xs[i], ys[i] = l.xy(p)
	}
	far, farD := 0, -1.0
	for i := 1; i < n-1; i++ {
		if d := xs[i]*xs[i] + ys[i]*ys[i]; d > farD {
			far, farD = i, d
		}
	}
	keep := make([]bool, n)
	keep[0], keep[far], keep[n-1] = true, true, true
	stack := [][2]int{{0, far}, {far, n - 1}}
	for len(stack) > 0 {
		a, b := stack[len(stack)-1][0], stack[len(stack)-1][1]
		stack = stack[:len(stack)-1]
		worst, worstD := -1, tolerance
		for k := a + 1; k < b; k++ {
			if d := originToSegment(xs[a]-xs[k], ys[a]-ys[k], xs[b]-xs[k], ys[b]-ys[k]); d > worstD {
				worst, worstD = k, d
			}
		}
		if worst >= 0 {
			keep[worst] = true
			stack = append(stack, [2]int{a, worst}, [2]int{worst, b})
		}
	}
	out := make(orb.Ring, 0, n)
	for i, p := range r {
		if keep[i] {
			out = append(out, p)
		}
	}
	if len(out) < 4 {
		return r
	}
	return out
}

// Round returns m with coordinates rounded to digits decimals (5 is about
// a metre), dropping repeated positions the rounding makes. A ring that
// rounding would shrink below four positions, or a polygon whose rounded
// rings would meet, is kept unrounded, so that rounding never makes valid
// geometry invalid; m is not changed.
func Round(m orb.MultiPolygon, digits int) orb.MultiPolygon {
	digits = min(max(digits, 0), 15)
	f := math.Pow10(digits)
	round := func(v float64) float64 { return math.Round(v*f) / f }
	out := make(orb.MultiPolygon, len(m))
	for i, p := range m {
		rp := make(orb.Polygon, len(p))
		for j, r := range p {
			rr := make(orb.Ring, len(r))
			for k, q := range r {
				rr[k] = orb.Point{round(q[0]), round(q[1])}
			}
			if rr = dropRepeats(rr); len(rr) < 4 {
				rr = r
			}
			rp[j] = rr
		}
		if !sound(orb.MultiPolygon{rp}) && sound(orb.MultiPolygon{p}) {
			rp = p
		}
		out[i] = rp
	}
	return out
}

// GeoJSON returns the GeoJSON geometry of g (a Polygon when m has one
// polygon, otherwise a MultiPolygon; also a LineString or Polygon from
// ParseLocation), or nil when g cannot be written (another type, or a
// coordinate that is not a finite number).
//
// It is written here rather than by orb/geojson, whose package pulls in a
// BSON driver the product does not otherwise need. Numbers take the
// shortest form that reads back exactly, so rounded coordinates stay
// short.
func GeoJSON(g orb.Geometry) []byte {
	if m, ok := g.(orb.MultiPolygon); ok && len(m) == 1 {
		g = m[0]
	}
	var b []byte
	switch g := g.(type) {
	case orb.MultiPolygon:
		b = append(b, `{"type":"MultiPolygon","coordinates":[`...)
		for i, p := range g {
			if i > 0 {
				b = append(b, ',')
			}
			if b = appendPolygon(b, p); b == nil {
				return nil
			}
		}
		b = append(b, ']')
	case orb.Polygon:
		b = append(b, `{"type":"Polygon","coordinates":`...)
		b = appendPolygon(b, g)
	case orb.LineString:
		b = append(b, `{"type":"LineString","coordinates":`...)
		b = appendPositions(b, g)
	default:
		return nil
	}
	if b == nil {
		return nil
	}
	return append(b, '}')
}

func appendPolygon(b []byte, p orb.Polygon) []byte {
	b = append(b, '[')
	for i, r := range p {
		if i > 0 {
			b = append(b, ',')
		}
		if b = appendPositions(b, r); b == nil {
			return nil
		}
	}
	return append(b, ']')
}

// appendPositions writes a list of positions; nil when one is not a
// finite number, which JSON cannot hold.
func appendPositions[S ~[]orb.Point](b []byte, ps S) []byte {
	if b == nil {
		return nil
	}
	b = append(b, '[')
	for i, p := range ps {
		if checkPoint(p) == "geo.error.not_finite" {
			return nil
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendFloat(b, p[0], 'f', -1, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, p[1], 'f', -1, 64)
		b = append(b, ']')
	}
	return append(b, ']')
}
