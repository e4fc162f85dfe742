package streets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"birlik"
	"birlik/audit"
	"birlik/geo"
	"birlik/locale"
	"birlik/store"
)

const siteColumns = `ss.id, ss.cycle_id, c.year, ss.org_id, o.name, COALESCE(ss.province_id, ''), COALESCE(pl.name, ''),
	ss.name, ss.description, ss.intervention, ss.phase, COALESCE(ss.baseline_on, ''), COALESCE(ss.design_on, ''),
	COALESCE(ss.tactical_on, ''), COALESCE(ss.permanent_on, ''), COALESCE(ss.evaluated_on, ''), ss.area_m2,
	ss.centroid_lon, ss.centroid_lat, ss.published, ss.version, COALESCE(ss.created_by, 0), ss.created_at, ss.updated_at`

const siteFrom = ` FROM street_sites ss JOIN street_cycles c ON c.id = ss.cycle_id
	JOIN organisations o ON o.id = ss.org_id
	LEFT JOIN places pl ON pl.id = ss.province_id`

// scanSite reads siteColumns, and the geometry after them when geometry
// is not nil.
func scanSite(sc interface{ Scan(...any) error }, geometry *string) (*Site, error) {
	var s Site
	var dates [5]string
	dest := []any{&s.ID, &s.CycleID, &s.CycleYear, &s.OrgID, &s.OrgName, &s.ProvinceID, &s.ProvinceName,
		&s.Name, &s.Description, &s.Intervention, &s.Phase, &dates[0], &dates[1], &dates[2], &dates[3], &dates[4], &s.AreaM2,
		&s.Centroid[0], &s.Centroid[1], &s.Published, &s.Version, &s.CreatedBy, &s.CreatedAt, &s.UpdatedAt}
	if geometry != nil {
		dest = append(dest, geometry)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	s.PhaseDates = map[Phase]string{}
	for i, p := range Phases {
		if dates[i] != "" {
			s.PhaseDates[p] = dates[i]
		}
	}
	return &s, nil
}

// siteByID reads one site with its geometry, under cond.
func siteByID(ctx context.Context, q store.Querier, id int64, cond string, args []any) (*Site, error) {
	var text string
	s, err := scanSite(q.QueryRowContext(ctx, `SELECT `+siteColumns+`, ss.geometry`+siteFrom+` WHERE ss.id = ? AND `+cond,
		append([]any{id}, args...)...), &text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	if s.Geometry, err = decodeGeometry(text); err != nil {
		return nil, err
	}
	return s, nil
}

// Site returns one site with its geometry. ENOTFOUND, also for a draft
// the actor may not read.
func (s *Service) Site(ctx context.Context, id int64) (*Site, error) {
	cond, args := readCond(birlik.ActorFrom(ctx))
	return siteByID(ctx, s.DB, id, cond, args)
}

// MayRead returns nil when the actor in ctx may read site id, ENOTFOUND
// otherwise: its photos and counts are read by those who may read it.
func (s *Service) MayRead(ctx context.Context, id int64) error {
	cond, args := readCond(birlik.ActorFrom(ctx))
	var one int
	err := s.DB.QueryRowContext(ctx, `SELECT 1 FROM street_sites ss WHERE ss.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound()
	}
	return err
}

// MayChange returns nil when the actor in ctx may change site id (and
// attach photos to it), ENOTFOUND when they may not read it and
// EFORBIDDEN when they may read but not change it.
func (s *Service) MayChange(ctx context.Context, id int64) error {
	a := birlik.ActorFrom(ctx)
	cond, args := readCond(a)
	var org string
	err := s.DB.QueryRowContext(ctx, `SELECT ss.org_id FROM street_sites ss WHERE ss.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&org)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return notFound()
	case err != nil:
		return err
	case !MayEdit(a, org):
		return forbidden()
	}
	return nil
}

// siteWhere returns the conditions of a list of sites: what the actor
// may read, narrowed by the filter's cycle, province, municipality and
// phase.
func siteWhere(a birlik.Actor, cycleID int64, provinceID, orgID string, phase Phase) (string, []any) {
	cond, args := readCond(a)
	where := []string{cond}
	add := func(c string, v any) { where = append(where, c); args = append(args, v) }
	if cycleID != 0 {
		add("ss.cycle_id = ?", cycleID)
	}
	if provinceID != "" {
		add("ss.province_id = ?", provinceID)
	}
	if orgID != "" {
		add("ss.org_id = ?", orgID)
	}
	if phase != "" {
		add("ss.phase = ?", string(phase))
	}
	return strings.Join(where, " AND "), args
}

// DefaultPerPage and MaxPerPage bound a page of sites.
const (
	DefaultPerPage = 50
	MaxPerPage     = 200
)

// Sites returns a page of sites the actor may read (published ones, and
// drafts to staff and to their municipality's focal point), latest cycle
// first, then by name; without their geometry.
func (s *Service) Sites(ctx context.Context, f SiteFilter) (SitePage, error) {
	where, args := siteWhere(birlik.ActorFrom(ctx), f.CycleID, f.ProvinceID, f.OrgID, f.Phase)
	if q := birlik.CleanQuery(f.Query, 100); q != "" {
		where += ` AND ss.search_text LIKE ? ESCAPE '\'`
		args = append(args, locale.LikePattern(q))
	}
	var page SitePage
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM street_sites ss WHERE `+where, args...).Scan(&page.Total); err != nil {
		return page, err
	}
	per := f.PerPage
	if per <= 0 || per > MaxPerPage {
		per = DefaultPerPage
	}
	offset := (max(f.Page, 1) - 1) * per
	rows, err := s.DB.QueryContext(ctx, `SELECT `+siteColumns+siteFrom+` WHERE `+where+`
		ORDER BY c.year DESC, ss.sort_key, ss.id LIMIT `+strconv.Itoa(per)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		site, err := scanSite(rows, nil)
		if err != nil {
			return page, err
		}
		page.Sites = append(page.Sites, *site)
	}
	return page, rows.Err()
}

// ExportSites returns every site the actor may read, with its full
// geometry, for the GeoJSON and CSV exports, by id.
func (s *Service) ExportSites(ctx context.Context, f DashboardFilter) ([]Site, error) {
	where, args := siteWhere(birlik.ActorFrom(ctx), f.CycleID, f.ProvinceID, "", "")
	rows, err := s.DB.QueryContext(ctx, `SELECT `+siteColumns+`, ss.geometry`+siteFrom+` WHERE `+where+` ORDER BY ss.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Site
	for rows.Next() {
		var text string
		site, err := scanSite(rows, &text)
		if err != nil {
			return nil, err
		}
		if site.Geometry, err = decodeGeometry(text); err != nil {
			return nil, err
		}
		out = append(out, *site)
	}
	return out, rows.Err()
}

// siteAudit is what the audit log keeps of a site.
type siteAudit struct {
	ID           int64            `json:"id"`
	CycleID      int64            `json:"cycle_id"`
	OrgID        string           `json:"org_id"`
	Name         string           `json:"name"`
	Description  string           `json:"description"`
	Intervention Intervention     `json:"intervention"`
	Phase        Phase            `json:"phase"`
	PhaseDates   map[Phase]string `json:"phase_dates"`
	AreaM2       float64          `json:"area_m2"`
	Geometry     string           `json:"geometry"`
	Published    bool             `json:"published"`
	Version      int              `json:"version"`
}

func auditSite(s *Site, geometry string) siteAudit {
	return siteAudit{s.ID, s.CycleID, s.OrgID, s.Name, s.Description, s.Intervention, s.Phase, s.PhaseDates,
		s.AreaM2, geometry, s.Published, s.Version}
}

// orgRef is what a site needs of its municipality.
type orgRef struct {
	ok                       bool // a municipality
	name, province, provName string
}

// prepared is a site ready to store: its input checked and cleaned, its
// references and its geometry's figures found.
type prepared struct {
	in    SiteInput
	org   orgRef
	shape *shape // nil: the stored geometry stays
	dates [5]any // the phases' dates, NULL where none
}

// refs caches the cycles and organisations a batch of sites refers to.
type refs struct {
	cycles map[int64]bool
	orgs   map[string]orgRef
}

func (r *refs) cycle(ctx context.Context, q store.Querier, id int64) (bool, error) {
	if ok, seen := r.cycles[id]; seen {
		return ok, nil
	}
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM street_cycles WHERE id = ?`, id).Scan(&one)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if r.cycles == nil {
		r.cycles = map[int64]bool{}
	}
	r.cycles[id] = err == nil
	return err == nil, nil
}

func (r *refs) org(ctx context.Context, q store.Querier, id string) (orgRef, error) {
	if o, seen := r.orgs[id]; seen {
		return o, nil
	}
	var o orgRef
	var kind string
	err := q.QueryRowContext(ctx, `SELECT o.kind, o.name, COALESCE(o.province_id, ''), COALESCE(pl.name, '')
		FROM organisations o LEFT JOIN places pl ON pl.id = o.province_id WHERE o.id = ?`, id).Scan(&kind, &o.name, &o.province, &o.provName)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return o, err
	}
	o.ok = err == nil && kind == "municipality"
	if r.orgs == nil {
		r.orgs = map[string]orgRef{}
	}
	r.orgs[id] = o
	return o, nil
}

// phaseField is the form field of a phase's date.
func phaseField(p Phase) string { return "phase_date_" + string(p) }

// checkPhases checks the phase, the intervention and the phases' dates:
// dates only for the phases reached so far, each a date, none before the
// date of an earlier phase.
func checkPhases(v *birlik.Invalid, in *SiteInput) (dates [5]any) {
	if !slices.Contains(Interventions, in.Intervention) {
		v.Add("intervention", "error.streets.intervention_invalid")
	}
	current := slices.Index(Phases, in.Phase)
	if current < 0 {
		v.Add("phase", "error.streets.phase_invalid")
	}
	for p := range in.PhaseDates {
		if !slices.Contains(Phases, p) {
			v.Add("phase_dates", "error.streets.phase_invalid")
		}
	}
	last := ""
	for i, p := range Phases {
		d := strings.TrimSpace(in.PhaseDates[p])
		if d == "" {
			continue
		}
		field := phaseField(p)
		if current >= 0 && i > current {
			v.Add(field, "error.streets.phase_not_reached")
			continue
		}
		if _, err := time.Parse(dateLayout, d); err != nil {
			v.Add(field, "error.streets.date_invalid")
			continue
		}
		if d < last {
			v.Add(field, "error.streets.phase_dates_order")
		}
		last = max(last, d)
		dates[i] = d
	}
	return dates
}

// prepare checks in (old is the stored site for an update, nil for a new
// one), finds its cycle and municipality, and parses, validates and
// measures its geometry inside the municipality's province. Every
// problem is returned at once, as field errors.
func (s *Service) prepare(ctx context.Context, q store.Querier, r *refs, in SiteInput, old *Site) (*prepared, error) {
	var v birlik.Invalid
	checkText(&v, "name", &in.Name, true, false, maxName)
	checkText(&v, "description", &in.Description, false, true, maxText)
	p := &prepared{dates: checkPhases(&v, &in)}
	ok, err := r.cycle(ctx, q, in.CycleID)
	if err != nil {
		return nil, err
	}
	if !ok {
		v.Add("cycle_id", "error.streets.cycle_invalid")
	}
	if p.org, err = r.org(ctx, q, in.OrgID); err != nil {
		return nil, err
	}
	if !p.org.ok {
		v.Add("org_id", "error.streets.org_invalid")
	}
	region, err := s.region(ctx, q, p.org.province)
	if err != nil {
		return nil, err
	}
	switch {
	case len(in.Geometry) > 0:
		p.shape = measure(&v, in.Geometry, region)
	case old == nil:
		v.Add("geometry", "error.streets.geometry_required")
	case old.ProvinceID != p.org.province:
		// Moved to a municipality of another province: the stored
		// geometry must lie in the new one.
		p.shape = measure(&v, []byte(geoText(old.Geometry)), region)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	p.in = in
	return p, nil
}

const insertSite = `INSERT INTO street_sites (cycle_id, org_id, province_id, published, phase, intervention, area_m2,
	centroid_lon, centroid_lat, baseline_on, design_on, tactical_on, permanent_on, evaluated_on, name, sort_key, search_text,
	version, created_by, created_at, updated_at, description, overview, geometry)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?) RETURNING id`

func (p *prepared) insertArgs(createdBy int64, now time.Time) []any {
	in, sh := &p.in, p.shape
	return []any{in.CycleID, in.OrgID, store.Null(p.org.province), in.Published, string(in.Phase), string(in.Intervention), sh.area,
		sh.centroid[0], sh.centroid[1], p.dates[0], p.dates[1], p.dates[2], p.dates[3], p.dates[4], in.Name,
		locale.SortKey(in.Name), searchText(in.Name, p.org.name), store.Null(createdBy), now, now, in.Description, sh.overview, sh.geometry}
}

func searchText(name, org string) string { return locale.Fold(name + " " + org) }

// geoText is the GeoJSON of a geometry read back from the store.
func geoText(m orb.MultiPolygon) string { return string(geo.GeoJSON(m)) }

// SaveSite creates (in.ID 0) or updates a site from in: the geometry is
// parsed, validated (geo.Validate, inside the municipality's province,
// with a margin) and measured; its errors go to the "geometry" field
// with their arguments. Other fields: name, description, intervention,
// phase, phase_date_<phase>, cycle_id, org_id. A focal point creates
// sites of their own municipality (in.OrgID empty or theirs) and changes
// only those, which the update's WHERE clause enforces. EINVALID,
// EFORBIDDEN (another municipality's site), ECONFLICT (stale version),
// ENOTFOUND.
func (s *Service) SaveSite(ctx context.Context, in SiteInput) (*Site, error) {
	a := birlik.ActorFrom(ctx)
	if in.ID == 0 && in.OrgID == "" && a.Scoped() {
		in.OrgID = a.OrgID
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var old *Site
	if in.ID != 0 {
		cond, args := readCond(a)
		if old, err = siteByID(ctx, tx, in.ID, cond, args); err != nil {
			return nil, err
		}
		if in.OrgID == "" {
			in.OrgID = old.OrgID
		}
		if !MayEdit(a, old.OrgID) {
			return nil, forbidden()
		}
		if in.Version != old.Version {
			return nil, conflict()
		}
	}
	if !MayEdit(a, in.OrgID) {
		return nil, forbidden()
	}
	p, err := s.prepare(ctx, tx, &refs{}, in, old)
	if err != nil {
		return nil, err
	}
	now := s.now()
	id := in.ID
	if old == nil {
		if err := tx.QueryRowContext(ctx, insertSite, p.insertArgs(a.UserID, now)...).Scan(&id); err != nil {
			return nil, err
		}
	} else {
		set, args := `cycle_id = ?, org_id = ?, province_id = ?, published = ?, phase = ?, intervention = ?,
			baseline_on = ?, design_on = ?, tactical_on = ?, permanent_on = ?, evaluated_on = ?, name = ?, sort_key = ?,
			search_text = ?, description = ?, version = version + 1, updated_at = ?`,
			[]any{in.CycleID, in.OrgID, store.Null(p.org.province), in.Published, string(in.Phase), string(in.Intervention),
				p.dates[0], p.dates[1], p.dates[2], p.dates[3], p.dates[4], p.in.Name, locale.SortKey(p.in.Name),
				searchText(p.in.Name, p.org.name), p.in.Description, now}
		if sh := p.shape; sh != nil {
			set += `, area_m2 = ?, centroid_lon = ?, centroid_lat = ?, overview = ?, geometry = ?`
			args = append(args, sh.area, sh.centroid[0], sh.centroid[1], sh.overview, sh.geometry)
		}
		cond, cargs := editCond(a)
		if err := updateVersioned(ctx, tx, `UPDATE street_sites SET `+set+` WHERE id = ? AND version = ? AND `+cond,
			append(append(args, in.ID, in.Version), cargs...)...); err != nil {
			return nil, err
		}
	}
	stored, err := siteByID(ctx, tx, id, "1 = 1", nil)
	if err != nil {
		return nil, err
	}
	action, before := audit.Create, any(nil)
	if old != nil {
		action, before = audit.Update, auditSite(old, geoText(old.Geometry))
	}
	if err := audit.Write(ctx, tx, now, action, "street_site", strconv.FormatInt(id, 10), stored.OrgID,
		before, auditSite(stored, geoText(stored.Geometry))); err != nil {
		return nil, err
	}
	return stored, tx.Commit()
}

// ImportSites stores many new sites in one transaction, each checked as
// SaveSite checks it, with one audit entry for the batch: the demo data
// and bulk loads. Union staff and the system only. It returns the new
// sites' ids, in the order of ins.
func (s *Service) ImportSites(ctx context.Context, ins []SiteInput) ([]int64, error) {
	a := birlik.ActorFrom(ctx)
	if !staff(a) {
		return nil, forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	st, err := tx.Prepared(ctx, insertSite)
	if err != nil {
		return nil, err
	}
	var r refs
	now := s.now()
	ids := make([]int64, len(ins))
	for i, in := range ins {
		in.ID = 0
		p, err := s.prepare(ctx, tx, &r, in, nil)
		if err != nil {
			return nil, fmt.Errorf("site %d (%q): %w %v", i, in.Name, err, birlik.FieldArgs(err, "geometry"))
		}
		if err := st.QueryRowContext(ctx, p.insertArgs(a.UserID, now)...).Scan(&ids[i]); err != nil {
			return nil, fmt.Errorf("site %d (%q): %w", i, in.Name, err)
		}
	}
	if len(ids) > 0 {
		if err := audit.Write(ctx, tx, now, audit.Import, "street_site", strconv.FormatInt(ids[0], 10), "",
			nil, map[string]any{"count": len(ids), "first_id": ids[0], "last_id": ids[len(ids)-1]}); err != nil {
			return nil, err
		}
	}
	return ids, tx.Commit()
}
