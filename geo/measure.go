package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// The WGS84 ellipsoid.
const (
	wgs84A  = 6378137.0
	wgs84F  = 1 / 298.257223563
	wgs84B  = wgs84A * (1 - wgs84F)
	wgs84E2 = wgs84F * (2 - wgs84F)
)

var wgs84E = math.Sqrt(wgs84E2)

const rad = math.Pi / 180

// authalicQ is q(φ) of the Lambert cylindrical equal-area projection of
// the ellipsoid, from sin φ: y = a·q/2 makes dx·dy equal the ellipsoid's
// area element. atanh(e·sinφ)/e is the series' −ln((1−e·sinφ)/(1+e·sinφ))/(2e)
// written so that it keeps its digits.
func authalicQ(sinPhi float64) float64 {
	es := wgs84E * sinPhi
	return (1 - wgs84E2) * (sinPhi/(1-es*es) + math.Atanh(es)/wgs84E)
}

// Area returns the area of m in square metres on the WGS84 ellipsoid.
//
// Each ring is projected with the Lambert cylindrical equal-area
// projection of the ellipsoid and measured with the shoelace formula,
// holes subtracted. The projection is exact for area, so the only
// approximation is that edges are straight in the projection rather than
// geodesics, which for edges of a few hundred metres differs by far less
// than a square centimetre. Coordinates are taken relative to the ring's
// first vertex so that the products of the formula stay small and a
// 100-metre polygon keeps its digits. Orientation does not matter: shells
// count positive and holes negative whatever their winding.
func Area(m orb.MultiPolygon) float64 {
	total := 0.0
	for _, p := range m {
		for i, r := range p {
			a := math.Abs(ringArea(r))
			if i == 0 {
				total += a
			} else {
				total -= a
			}
		}
	}
	return total
}

// ringArea is the signed area of r in square metres, positive when r runs
// counter-clockwise. A ring need not repeat its first position at the end:
// the closing edge is taken either way.
func ringArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	lon0 := r[0][0]
	q0 := authalicQ(math.Sin(r[0][1] * rad))
	xy := func(p orb.Point) (float64, float64) {
		return wgs84A * lonDelta(p[0], lon0) * rad, wgs84A / 2 * (authalicQ(math.Sin(p[1]*rad)) - q0)
	}
	sum := 0.0
	px, py := 0.0, 0.0 // the first vertex is the origin
	for i := 1; i <= len(r); i++ {
		x, y := xy(r[i%len(r)])
		sum += px*y - x*py
		px, py = x, y
	}
	return sum / 2
}

// lonDelta returns lon − lon0 in degrees, taken the short way round so a
// ring across the antimeridian is measured as the small shape it is.
func lonDelta(lon, lon0 float64) float64 {
	d := lon - lon0
	switch {
	case d > 180:
		d -= 360
	case d < -180:
		d += 360
	}
	return d
}

// Length returns the length of a line in metres on the WGS84 ellipsoid,
// the sum of the geodesic distances between its positions.
func Length(l orb.LineString) float64 {
	s := 0.0
	for i := 1; i < len(l); i++ {
		s += Distance(l[i-1], l[i])
	}
	return s
}

// Distance returns the geodesic distance in metres between two points on
// the WGS84 ellipsoid, by Vincenty's inverse formula: exact to well under
// a millimetre for the distances this product measures. For nearly
// antipodal points, where the iteration may not converge, it returns its
// last estimate.
func Distance(p1, p2 orb.Point) float64 {
	L := lonDelta(p2[0], p1[0]) * rad
	u1 := math.Atan((1 - wgs84F) * math.Tan(p1[1]*rad))
	u2 := math.Atan((1 - wgs84F) * math.Tan(p2[1]*rad))
	sinU1, cosU1 := math.Sincos(u1)
	sinU2, cosU2 := math.Sincos(u2)
	lambda := L
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM float64
	for iter := 0; iter < 200; iter++ {
		sinL, cosL := math.Sincos(lambda)
		a := cosU2 * sinL
		b := cosU1*sinU2 - sinU1*cosU2*cosL
		sinSigma = math.Sqrt(a*a + b*b)
		if sinSigma == 0 {
			return 0 // the same point
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosL
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinL / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		cos2SigmaM = 0 // both points on the equator
		if cos2Alpha != 0 {
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		}
		c := wgs84F / 16 * cos2Alpha * (4 + wgs84F*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-c)*wgs84F*sinAlpha*(sigma+c*sinSigma*(cos2SigmaM+c*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < 1e-12 {
			break
		}
	}
	uSq := cos2Alpha * (wgs84A*wgs84A - wgs84B*wgs84B) / (wgs84B * wgs84B)
	A := 1 + uSq/16384*(4096+uSq*(-768+uSq*(320-175*uSq)))
	B := uSq / 1024 * (256 + uSq*(-128+uSq*(74-47*uSq)))
	deltaSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
		B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	return wgs84B * A * (sigma - deltaSigma)
}

// local is a plane tangent to the ellipsoid at a point, in metres: east
// and north distances from it. Within a few kilometres it is accurate to
// a fraction of a percent, which is what simplification tolerances,
// region margins and centroids need.
type local struct {
	lon0, lat0 float64
	kx, ky     float64 // metres per degree of longitude and latitude at lat0
}

func newLocal(p orb.Point) local {
	sin, cos := math.Sincos(p[1] * rad)
	w := 1 - wgs84E2*sin*sin
	n := wgs84A / math.Sqrt(w)                       // prime vertical radius of curvature
	m := wgs84A * (1 - wgs84E2) / (w * math.Sqrt(w)) // meridional radius of curvature
	return local{lon0: p[0], lat0: p[1], kx: n * cos * rad, ky: m * rad}
}

func (l local) xy(p orb.Point) (float64, float64) {
	return lonDelta(p[0], l.lon0) * l.kx, (p[1] - l.lat0) * l.ky
}

func (l local) point(x, y float64) orb.Point {
	lon := l.lon0
	if l.kx != 0 {
		lon += x / l.kx
	}
	return orb.Point{lon, l.lat0 + y/l.ky}
}

// Centroid returns the area-weighted centre of m, computed in a plane
// tangent at m's first vertex (exact enough for a site's label or map
// pin). A geometry without area gets the mean of its vertices; an empty
// one the zero point.
func Centroid(m orb.MultiPolygon) orb.Point {
	var first orb.Point
	n := 0
	for _, p := range m {
		for _, r := range p {
			if len(r) > 0 && n == 0 {
				first = r[0]
			}
			n += len(r)
		}
	}
	if n == 0 {
		return orb.Point{}
	}
	l := newLocal(first)
	var area, cx, cy, mx, my float64
	for _, p := range m {
		for i, r := range p {
			ra, rx, ry := 0.0, 0.0, 0.0
			for j := range r {
				x0, y0 := l.xy(r[j])
				x1, y1 := l.xy(r[(j+1)%len(r)])
				c := x0*y1 - x1*y0
				ra += c
				rx += (x0 + x1) * c
				ry += (y0 + y1) * c
				mx += x0
				my += y0
			}
			// Shells add, holes take away, whatever their winding.
			if (i == 0) != (ra >= 0) {
				ra, rx, ry = -ra, -rx, -ry
			}
			area += ra / 2
			cx += rx / 6
			cy += ry / 6
		}
	}
	if math.Abs(area) < 1e-6 {
		return l.point(mx/float64(n), my/float64(n))
	}
	return l.point(cx/area, cy/area)
}
