package publiclife

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/paulmach/orb"

	"birlik"
	"birlik/audit"
	"birlik/geo"
	"birlik/store"
)

// checkLocation returns the problems of l as field errors (fields name,
// kind, geometry), with its text cleaned, its geometry in the form geo
// writes it and its measure computed from it.
func checkLocation(l *Location) *birlik.Invalid {
	var v birlik.Invalid
	cleanField(&v, "name", &l.Name, maxName, false)
	if l.Name == "" {
		v.Add("name", "error.publiclife.required")
	}
	if l.Kind != Line && l.Kind != Area {
		v.Add("kind", "error.publiclife.kind_invalid")
	}
	l.Measure = 0
	if len(l.Geometry) == 0 {
		l.Geometry = nil
		return &v
	}
	g, err := geo.ParseLocation(l.Geometry)
	var ge *geo.Error
	switch {
	case errors.As(err, &ge):
		v.AddArgs("geometry", ge.Key, ge.Args...)
		return &v
	case err != nil:
		v.Add("geometry", "error.publiclife.geometry_invalid")
		return &v
	}
	switch g := g.(type) {
	case orb.LineString:
		if l.Kind == Area {
			v.Add("geometry", "error.publiclife.geometry_kind")
		}
		l.Measure = geo.Length(g)
	case orb.Polygon:
		if l.Kind == Line {
			v.Add("geometry", "error.publiclife.geometry_kind")
		}
		l.Measure = geo.Area(orb.MultiPolygon{g})
	default:
		v.Add("geometry", "error.publiclife.geometry_kind")
	}
	l.Geometry = geo.GeoJSON(g)
	return &v
}

const locationColumns = `l.id, l.site_id, l.name, l.kind, l.geometry, l.measure, l.version`

func scanLocation(sc interface{ Scan(...any) error }) (Location, error) {
	var l Location
	var g string
	err := sc.Scan(&l.ID, &l.SiteID, &l.Name, &l.Kind, &g, &l.Measure, &l.Version)
	if g != "" {
		l.Geometry = []byte(g)
	}
	return l, err
}

// Locations returns a site's locations in the order they were made.
// ENOTFOUND when the site is hidden from the actor in ctx.
func (s *Service) Locations(ctx context.Context, siteID int64) ([]Location, error) {
	return siteRows(ctx, s.DB, siteID, `SELECT `+locationColumns+` FROM publiclife_locations l WHERE l.site_id = ? ORDER BY l.id`, scanLocation)
}

func locationByID(ctx context.Context, q store.Querier, id int64) (*Location, error) {
	l, err := scanLocation(q.QueryRowContext(ctx, `SELECT `+locationColumns+` FROM publiclife_locations l WHERE l.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return &l, err
}

// SaveLocation creates a location of l.SiteID (l.ID 0) or updates one
// from the version l.Version. Its geometry is optional; when given it
// must be a LineString for a line and a Polygon for an area (EINVALID on
// field "geometry", with geo's message and arguments). A change of kind
// moves the people its surveys counted between staying and moving. It
// returns ENOTFOUND, EFORBIDDEN, EINVALID and ECONFLICT as SaveStudy.
func (s *Service) SaveLocation(ctx context.Context, l *Location) error {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var old *Location
	if l.ID != 0 {
		if old, err = locationByID(ctx, tx, l.ID); err != nil {
			return err
		}
		l.SiteID = old.SiteID
	}
	org, err := mayWrite(ctx, tx, l.SiteID)
	if err != nil {
		return err
	}
	if err := checkLocation(l).Err(); err != nil {
		return err
	}
	if old != nil && l.Version != old.Version {
		return conflict()
	}
	now := s.now()
	action := audit.Create
	if old == nil {
		err = tx.QueryRowContext(ctx, `INSERT INTO publiclife_locations (site_id, name, kind, geometry, measure, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, l.SiteID, l.Name, string(l.Kind), string(l.Geometry), l.Measure, now, now).Scan(&l.ID)
		if err != nil {
			return err
		}
	} else {
		action = audit.Update
		res, err := tx.ExecContext(ctx, `UPDATE publiclife_locations SET name = ?, kind = ?, geometry = ?, measure = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			l.Name, string(l.Kind), string(l.Geometry), l.Measure, now, l.ID, old.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict()
		}
		if old.Kind != l.Kind {
			if _, err := tx.ExecContext(ctx, `UPDATE publiclife_surveys SET
				staying = CASE WHEN ? = 'area' THEN people ELSE 0 END, moving = CASE WHEN ? = 'line' THEN people ELSE 0 END
				WHERE location_id = ?`, string(l.Kind), string(l.Kind), l.ID); err != nil {
				return err
			}
		}
	}
	stored, err := locationByID(ctx, tx, l.ID)
	if err != nil {
		return err
	}
	var before any
	if old != nil {
		before = old
	}
	if err := audit.Write(ctx, tx, now, action, "publiclife_location", strconv.FormatInt(l.ID, 10), org, before, stored); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*l = *stored
	return nil
}
