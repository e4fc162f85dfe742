package geo

import (
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"
)

// minRingArea is the area below which a ring counts as enclosing nothing:
// a square of 10 cm. No street site is that small; a ring that is, is
// a line drawn twice or points on a line.
const minRingArea = 0.01 // m²

// Validate checks a street site's geometry: coordinates in range, rings
// closed with at least four positions, outer rings counter-clockwise and
// holes clockwise (RFC 7946), no ring crossing itself or another ring of
// its polygon, no two polygons overlapping, at most MaxVertices vertices,
// and the whole inside the region (see Region). The first problem found
// is returned as an *Error.
//
// Checks run from the most basic to the most subtle, so the message names
// the cause rather than a consequence: size, then each position, then
// each ring's shape, then the region (a polygon given as latitude,
// longitude is mirrored, so its winding would be wrong too, and the
// swapped coordinates are what the user must hear about), then area and
// winding, then crossings and the order of rings. Rings must not touch
// each other either, even at a single point: stricter than the Simple
// Features rule, but two pieces of a site that share a corner or an edge
// are one piece and should be drawn as one. A region of nil is no
// constraint. A position repeated right after itself is passed over, as
// Parse drops it.
func Validate(m orb.MultiPolygon, region *Region) error {
	if len(m) == 0 {
		return errorf("geo.error.empty")
	}
	if err := checkCount(m); err != nil {
		return err
	}
	c := make(orb.MultiPolygon, len(m))
	for i, p := range m {
		if len(p) == 0 {
			return errorf("geo.error.polygon_empty", "polygon", i+1)
		}
		c[i] = make(orb.Polygon, len(p))
		for j, r := range p {
			for k, q := range r {
				if key := checkPoint(q); key != "" {
					return errorf(key, where(i, j, k, q)...)
				}
			}
			d := dropRepeats(slices.Clone(r))
			if len(d) < 4 {
				return errorf("geo.error.ring_short", "polygon", i+1, "ring", j+1, "count", len(d))
			}
			if d[0] != d[len(d)-1] {
				return errorf("geo.error.ring_open", "polygon", i+1, "ring", j+1,
					"first", pointText(d[0]), "last", pointText(d[len(d)-1]))
			}
			c[i][j] = d
		}
	}
	if region != nil {
		if err := region.check(c); err != nil {
			return err
		}
	}
	for i, p := range c {
		for j, r := range p {
			a := ringArea(r)
			switch {
			case math.Abs(a) < minRingArea:
				return errorf("geo.error.zero_area", "polygon", i+1, "ring", j+1)
			case j == 0 && a < 0:
				return errorf("geo.error.outer_clockwise", "polygon", i+1)
			case j > 0 && a > 0:
				return errorf("geo.error.hole_counterclockwise", "polygon", i+1, "ring", j+1)
			}
		}
	}
	if err := checkCrossings(c); err != nil {
		return err
	}
	return checkNesting(c)
}

// checkPoint returns the catalogue key of what is wrong with a position,
// or "".
func checkPoint(p orb.Point) string {
	switch {
	case math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0):
		return "geo.error.not_finite"
	case p[0] < -180 || p[0] > 180:
		return "geo.error.longitude"
	case p[1] < -90 || p[1] > 90:
		return "geo.error.latitude"
	}
	return ""
}

// segment is an edge of a ring, in degrees relative to the geometry's
// first vertex (so that the cross products keep their digits).
type segment struct {
	a, b             orb.Point
	minX, maxX       float64
	poly, ring, edge int // edge k runs from vertex k to vertex k+1
	edges            int // the number of edges of its ring
}

// checkCrossings finds the first pair of edges that meet where they
// should not: any two edges of different rings, or two edges of one ring
// that are not neighbours, or neighbours that double back on each other.
// Edges are swept in order of their western end, so each is compared only
// with the edges whose longitude spans overlap its own: for a street
// site, a handful each.
func checkCrossings(m orb.MultiPolygon) error {
	origin := m[0][0][0]
	var segs []segment
	for i, p := range m {
		for j, r := range p {
			for k := 0; k+1 < len(r); k++ {
				a := orb.Point{r[k][0] - origin[0], r[k][1] - origin[1]}
				b := orb.Point{r[k+1][0] - origin[0], r[k+1][1] - origin[1]}
				segs = append(segs, segment{a: a, b: b, minX: min(a[0], b[0]), maxX: max(a[0], b[0]),
					poly: i, ring: j, edge: k, edges: len(r) - 1})
			}
		}
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].minX < segs[j].minX })
	for i := range segs {
		s := &segs[i]
		sMinY, sMaxY := min(s.a[1], s.b[1]), max(s.a[1], s.b[1])
		for j := i + 1; j < len(segs) && segs[j].minX <= s.maxX; j++ {
			t := &segs[j]
			if max(t.a[1], t.b[1]) < sMinY || min(t.a[1], t.b[1]) > sMaxY {
				continue
			}
			if err := meet(s, t, origin); err != nil {
				return err
			}
		}
	}
	return nil
}

// meet returns the error for two edges that meet where they should not.
func meet(s, t *segment, origin orb.Point) error {
	if s.poly == t.poly && s.ring == t.ring {
		first, second := s, t
		if t.edge < s.edge {
			first, second = t, s
		}
		switch {
		case second.edge == first.edge+1:
			return doubleBack(first, second, origin)
		case first.edge == 0 && second.edge == first.edges-1:
			return doubleBack(second, first, origin)
		}
	}
	x, ok := intersection(s.a, s.b, t.a, t.b)
	if !ok {
		return nil
	}
	at := pointText(orb.Point{x[0] + origin[0], x[1] + origin[1]})
	switch {
	case s.poly != t.poly:
		return errorf("geo.error.polygons_overlap", "polygon", min(s.poly, t.poly)+1, "other", max(s.poly, t.poly)+1, "point", at)
	case s.ring != t.ring:
		return errorf("geo.error.rings_cross", "polygon", s.poly+1, "ring", min(s.ring, t.ring)+1, "other", max(s.ring, t.ring)+1, "point", at)
	default:
		return errorf("geo.error.self_intersection", "polygon", s.poly+1, "ring", s.ring+1,
			"vertex", max(s.edge, t.edge)+1, "point", at)
	}
}

// doubleBack refuses an edge that runs back along the one before it (a
// spike: A, B, A), the one way neighbouring edges can overlap.
func doubleBack(before, after *segment, origin orb.Point) error {
	a, b, c := before.a, before.b, after.b
	if orient(a, b, c) != 0 || (b[0]-a[0])*(c[0]-b[0])+(b[1]-a[1])*(c[1]-b[1]) >= 0 {
		return nil
	}
	return errorf("geo.error.self_intersection", "polygon", before.poly+1, "ring", before.ring+1,
		"vertex", after.edge+1, "point", pointText(orb.Point{b[0] + origin[0], b[1] + origin[1]}))
}

// orient is twice the signed area of the triangle a, b, c: positive when
// c lies left of a→b.
func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// intersection returns a point the segments p1p2 and p3p4 share, if they
// share any: where they cross, or an end of one lying on the other.
func intersection(p1, p2, p3, p4 orb.Point) (orb.Point, bool) {
	d1, d2 := orient(p3, p4, p1), orient(p3, p4, p2)
	d3, d4 := orient(p1, p2, p3), orient(p1, p2, p4)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		f := d1 / (d1 - d2)
		return orb.Point{p1[0] + f*(p2[0]-p1[0]), p1[1] + f*(p2[1]-p1[1])}, true
	}
	switch {
	case d1 == 0 && within(p3, p4, p1):
		return p1, true
	case d2 == 0 && within(p3, p4, p2):
		return p2, true
	case d3 == 0 && within(p1, p2, p3):
		return p3, true
	case d4 == 0 && within(p1, p2, p4):
		return p4, true
	}
	return orb.Point{}, false
}

// within reports whether p, known to be on the line through a and b, lies
// on the segment ab.
func within(a, b, p orb.Point) bool {
	return min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) && min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

// checkNesting checks what crossings cannot show, once no rings meet:
// each hole inside its outer ring and outside the other holes, the outer
// ring first, and no polygon inside another (outside that one's holes).
// As rings do not meet, one vertex tells on which side a whole ring lies.
func checkNesting(m orb.MultiPolygon) error {
	for i, p := range m {
		for j := 1; j < len(p); j++ {
			if !inRing(p[j][0], p[0]) {
				if inRing(p[0][0], p[j]) {
					return errorf("geo.error.hole_first", "polygon", i+1, "ring", j+1)
				}
				return errorf("geo.error.hole_outside", "polygon", i+1, "ring", j+1)
			}
			for k := 1; k < len(p); k++ {
				if k != j && inRing(p[j][0], p[k]) {
					return errorf("geo.error.holes_nested", "polygon", i+1, "ring", j+1, "other", k+1)
				}
			}
		}
	}
	if len(m) < 2 {
		return nil
	}
	bounds := make([]orb.Bound, len(m))
	for i, p := range m {
		bounds[i] = p[0].Bound()
	}
	for i, p := range m {
		for j, q := range m {
			if i == j || !bounds[i].Intersects(bounds[j]) {
				continue
			}
			if v := q[0][0]; inPolygon(v, p) {
				return errorf("geo.error.polygons_overlap", "polygon", min(i, j)+1, "other", max(i, j)+1, "point", pointText(v))
			}
		}
	}
	return nil
}

// inRing reports whether p lies inside r (even-odd rule; a point on the
// edge may go either way).
func inRing(p orb.Point, r orb.Ring) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// inPolygon reports whether p lies inside the outer ring of poly and
// outside its holes.
func inPolygon(p orb.Point, poly orb.Polygon) bool {
	if len(poly) == 0 || !inRing(p, poly[0]) {
		return false
	}
	for _, h := range poly[1:] {
		if inRing(p, h) {
			return false
		}
	}
	return true
}
