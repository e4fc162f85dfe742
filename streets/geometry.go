package streets

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"birlik"
	"birlik/geo"
	"birlik/store"
)

// regionMargin is how far outside its province's boundary a site may
// lie, in metres: the shipped boundaries are coarse (a few hundred
// vertices a province), and coasts and borders move by a kilometre or
// two under that simplification. A polygon in another province, or in
// another country, is still refused.
const regionMargin = 3000

// overviewTolerance is how far, in metres, the overview map's outline of
// a site may stray from its geometry; overviewDigits the decimals its
// coordinates keep (5 is about a metre). Together they keep a site's
// overview near 300 bytes, the whole map of 3,000 sites under 2 MB.
const (
	overviewTolerance = 1.5
	overviewDigits    = 5
)

// region returns the province's boundary as a geo.Region with the
// margin, read once and kept: boundaries rarely change. A province
// without a stored boundary falls back to every province's (the region
// the union works in); with none stored at all, nil (no place check).
func (s *Service) region(ctx context.Context, q store.Querier, provinceID string) (*geo.Region, error) {
	s.mu.Lock()
	r, ok := s.regions[provinceID]
	s.mu.Unlock()
	if ok {
		return r, nil
	}
	var boundaries [][]byte
	var name string
	if provinceID != "" {
		var b sql.NullString
		err := q.QueryRowContext(ctx, `SELECT boundary, name FROM places WHERE id = ?`, provinceID).Scan(&b, &name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		if b.Valid && b.String != "" {
			boundaries = append(boundaries, []byte(b.String))
		}
	}
	if len(boundaries) == 0 {
		if provinceID != "" {
			r, err := s.region(ctx, q, "")
			if err != nil {
				return nil, err
			}
			s.keep(provinceID, r)
			return r, nil
		}
		rows, err := q.QueryContext(ctx, `SELECT boundary FROM places WHERE kind = 'province' AND boundary IS NOT NULL ORDER BY id`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var b string
			if err := rows.Scan(&b); err != nil {
				rows.Close()
				return nil, err
			}
			boundaries = append(boundaries, []byte(b))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if len(boundaries) > 0 {
		var err error
		if r, err = geo.NewRegion(regionMargin, boundaries...); err != nil {
			return nil, fmt.Errorf("streets: the boundary of %q: %w", provinceID, err)
		}
		r.Name = name // "outside Bursa", in the message of a site drawn elsewhere
	}
	s.keep(provinceID, r)
	return r, nil
}

// keep caches the region of a province.
func (s *Service) keep(provinceID string, r *geo.Region) {
	s.mu.Lock()
	if s.regions == nil {
		s.regions = map[string]*geo.Region{}
	}
	s.regions[provinceID] = r
	s.mu.Unlock()
}

// ForgetRegions drops the cached province boundaries, for a change of
// boundaries (an import of places) to take effect without a restart.
func (s *Service) ForgetRegions() {
	s.mu.Lock()
	s.regions = nil
	s.mu.Unlock()
}

// shape is a site's geometry as stored: the GeoJSON, the overview's and
// what is computed from them.
type shape struct {
	m        orb.MultiPolygon
	geometry string
	overview string
	area     float64
	centroid orb.Point
}

// measure parses raw (GeoJSON or KML), validates it inside region and
// computes what is stored with it. A geometry problem is added to v on
// the "geometry" field with its arguments, and measure returns nil.
func measure(v *birlik.Invalid, raw []byte, region *geo.Region) *shape {
	m, err := geo.Parse(raw)
	if err == nil {
		err = geo.Validate(m, region)
	}
	if err != nil {
		var ge *geo.Error
		if errors.As(err, &ge) {
			v.AddArgs("geometry", ge.Key, ge.Args...)
		} else {
			v.Add("geometry", "error.streets.geometry_invalid")
		}
		return nil
	}
	return shapeOf(m)
}

func shapeOf(m orb.MultiPolygon) *shape {
	return &shape{
		m:        m,
		geometry: string(geo.GeoJSON(m)),
		overview: string(geo.GeoJSON(geo.Round(geo.Simplify(m, overviewTolerance), overviewDigits))),
		area:     geo.Area(m),
		centroid: geo.Centroid(m),
	}
}

// decodeGeometry reads a stored geometry: a GeoJSON Polygon or
// MultiPolygon, as geo.GeoJSON wrote it, once validated. (Not geo.Parse:
// what is stored was parsed and checked already.)
func decodeGeometry(text string) (orb.MultiPolygon, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	err := json.Unmarshal([]byte(text), &g)
	if err == nil {
		switch g.Type {
		case "Polygon":
			var p orb.Polygon
			if err = json.Unmarshal(g.Coordinates, &p); err == nil {
				return orb.MultiPolygon{p}, nil
			}
		case "MultiPolygon":
			var m orb.MultiPolygon
			if err = json.Unmarshal(g.Coordinates, &m); err == nil {
				return m, nil
			}
		default:
			err = fmt.Errorf("a %q", g.Type)
		}
	}
	return nil, fmt.Errorf("streets: stored geometry: %w", err)
}
