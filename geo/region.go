package geo

import (
	"bytes"
	"errors"
	"math"

	"github.com/paulmach/orb"
)

// Region is where geometry may lie: the union of some boundaries (the
// Marmara provinces), with a margin for coarse boundaries along coasts.
// Once built (and named) it is only read, so one Region may serve many
// goroutines; set Name before sharing it.
type Region struct {
	// Name, when set, names the region in messages ("outside Bursa"):
	// a province's name as the reader knows it.
	Name string

	bounds orb.Bound // of all polygons, grown by the margin
	polys  []orb.Polygon
	boxes  []orb.Bound // boxes[i] is the bound of polys[i]
	margin float64     // metres
}

// NewRegion returns the region made of the boundaries, each a GeoJSON
// Polygon or MultiPolygon (bare, or in a Feature or FeatureCollection),
// with a margin in metres. Boundaries are trusted data: they are read
// without Validate's checks or Parse's size bound.
func NewRegion(margin float64, boundaries ...[]byte) (*Region, error) {
	if len(boundaries) == 0 {
		return nil, errors.New("geo: a region needs at least one boundary")
	}
	if margin < 0 || math.IsNaN(margin) {
		margin = 0
	}
	r := &Region{margin: margin}
	for _, b := range boundaries {
		m, err := parseGeoJSON(bytes.TrimSpace(b))
		if err != nil {
			return nil, err
		}
		for _, p := range m {
			if len(p) == 0 || len(p[0]) < 4 {
				continue
			}
			box := p.Bound()
			if len(r.polys) == 0 {
				r.bounds = box
			} else {
				r.bounds = r.bounds.Union(box)
			}
			r.polys = append(r.polys, p)
			r.boxes = append(r.boxes, box)
		}
	}
	if len(r.polys) == 0 {
		return nil, errors.New("geo: a region's boundaries hold no polygon")
	}
	// Grow the box by the margin: a degree of latitude is at least
	// 110.5 km; one of longitude is shortest at the region's latitude
	// furthest from the equator.
	lat := math.Max(math.Abs(r.bounds.Min[1]), math.Abs(r.bounds.Max[1]))
	dLat := margin / 110_500
	dLon := 180.0
	if c := math.Cos(math.Min(lat+dLat, 89.9) * rad); margin/(111_320*c) < 180 {
		dLon = margin / (111_320 * c)
	}
	r.bounds = orb.Bound{
		Min: orb.Point{r.bounds.Min[0] - dLon, r.bounds.Min[1] - dLat},
		Max: orb.Point{r.bounds.Max[0] + dLon, r.bounds.Max[1] + dLat},
	}
	return r, nil
}

// Contains reports whether p lies in the region or within its margin.
func (r *Region) Contains(p orb.Point) bool {
	if !r.bounds.Contains(p) {
		return false
	}
	return r.inside(p) || r.edgeDistance(p) <= r.margin
}

func (r *Region) inside(p orb.Point) bool {
	for i, poly := range r.polys {
		if r.boxes[i].Contains(p) && inPolygon(p, poly) {
			return true
		}
	}
	return false
}

// Distance returns how far p lies from the region, in metres: 0 inside
// its boundaries (the margin not counted). Measured in a plane tangent at
// p, it is exact to a fraction of a percent within tens of kilometres and
// a fair "about" beyond.
func (r *Region) Distance(p orb.Point) float64 {
	if r.inside(p) {
		return 0
	}
	return r.edgeDistance(p)
}

// edgeDistance is the distance from p to the nearest edge of the
// boundaries, boxes first so that far polygons cost four comparisons.
func (r *Region) edgeDistance(p orb.Point) float64 {
	l := newLocal(p)
	best := math.Inf(1)
	for i, poly := range r.polys {
		if boxDistance(l, r.boxes[i]) >= best {
			continue
		}
		for _, ring := range poly {
			for k := 0; k+1 < len(ring); k++ {
				ax, ay := l.xy(ring[k])
				bx, by := l.xy(ring[k+1])
				best = math.Min(best, originToSegment(ax, ay, bx, by))
			}
		}
	}
	return best
}

// boxDistance is the distance from the origin of l to the box b (0 inside).
func boxDistance(l local, b orb.Bound) float64 {
	x0, y0 := l.xy(b.Min)
	x1, y1 := l.xy(b.Max)
	dx := math.Max(0, math.Max(x0, -x1))
	dy := math.Max(0, math.Max(y0, -y1))
	return math.Hypot(dx, dy)
}

// originToSegment is the distance from (0, 0) to the segment ab.
func originToSegment(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}

// check refuses the first vertex of m outside the region, and says so
// plainly when the vertex's numbers swapped would be inside: the usual
// mistake of giving latitude, longitude where GeoJSON wants longitude,
// latitude.
func (r *Region) check(m orb.MultiPolygon) error {
	for i, p := range m {
		for j, ring := range p {
			for k, q := range ring {
				if r.Contains(q) {
					continue
				}
				if s := (orb.Point{q[1], q[0]}); checkPoint(s) == "" && r.Contains(s) {
					return errorf("geo.error.swapped", where(i, j, k, q)...)
				}
				// Kilometres with one decimal: enough to tell a coarse
				// boundary (0.4 km) from the wrong province (40 km).
				km := math.Round(r.Distance(q)/100) / 10
				if r.Name != "" {
					return errorf("geo.error.outside_named", append(where(i, j, k, q), "km", km, "region", r.Name)...)
				}
				return errorf("geo.error.outside", append(where(i, j, k, q), "km", km)...)
			}
		}
	}
	return nil
}
