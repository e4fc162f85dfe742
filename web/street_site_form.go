package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"birlik"
	"birlik/geo"
	"birlik/streets"
)

// maxGeometryFile bounds an uploaded GeoJSON or KML file: a street
// site's geometry is a few kilobytes; geo bounds the vertices further.
const maxGeometryFile = 2 << 20

// siteFields are the site form's fields, in the order errors are listed.
var siteFields = func() []string {
	f := []string{"cycle_id", "org_id", "name", "description", "intervention", "phase"}
	for _, p := range streets.Phases {
		f = append(f, "phase_date_"+string(p))
	}
	return append(f, "phase_dates", "geometry", "geometry_file", "published")
}()

// siteFormPage is the new and edit form of a site.
type siteFormPage struct {
	S             *streets.Site // nil for a new site
	New           bool
	ChooseOrg     bool // union staff choose the municipality
	Orgs          orgChoices
	OrgName       string
	Cycles        []option
	Interventions []option
	Phases        []option
	DateFields    []string
	Boundaries    string // GeoJSON of the provinces, drawn under the drawing tool
}

// siteFromForm reads a site from the form.
func siteFromForm(v url.Values) streets.SiteInput {
	in := streets.SiteInput{
		OrgID: v.Get("org_id"), Name: v.Get("name"), Description: v.Get("description"),
		Intervention: streets.Intervention(v.Get("intervention")), Phase: streets.Phase(v.Get("phase")),
		PhaseDates: map[streets.Phase]string{}, Published: v.Get("published") != "", Version: formVersion(v),
	}
	in.CycleID, _ = strconv.ParseInt(v.Get("cycle_id"), 10, 64)
	for _, p := range streets.Phases {
		if d := v.Get("phase_date_" + string(p)); d != "" {
			in.PhaseDates[p] = d
		}
	}
	if g := v.Get("geometry"); g != "" {
		in.Geometry = []byte(g)
	}
	return in
}

// siteValues writes a stored site into form values.
func siteValues(s *streets.Site) url.Values {
	v := url.Values{
		"cycle_id": {strconv.FormatInt(s.CycleID, 10)}, "org_id": {s.OrgID}, "name": {s.Name}, "description": {s.Description},
		"intervention": {string(s.Intervention)}, "phase": {string(s.Phase)}, "version": {strconv.Itoa(s.Version)},
	}
	for p, d := range s.PhaseDates {
		v.Set("phase_date_"+string(p), d)
	}
	if len(s.Geometry) > 0 {
		v.Set("geometry", string(geo.GeoJSON(s.Geometry)))
	}
	if s.Published {
		v.Set("published", "1")
	}
	return v
}

// parseSiteForm reads the site form, sent as multipart (with a GeoJSON
// or KML file) or urlencoded (without JavaScript's help, or by tests).
// An uploaded file's content takes the textarea's place, so that a
// refused file is shown there, to be corrected, and is not lost.
func parseSiteForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := parseForm(w, r); err != nil {
			return nil, err
		}
		return r.PostForm, nil
	}
	v := url.Values{}
	var fileErr error
	tooLarge := fieldErr("geometry_file", "error.streets_web.file_too_large")
	_, err := eachPart(w, r, maxGeometryFile+1<<20, tooLarge, func(p *multipart.Part) (bool, error) {
		name := p.FormName()
		geometry := name == "geometry_file" || name == "geometry"
		limit := int64(1 << 16)
		if geometry {
			limit = maxGeometryFile
		}
		b, over, err := readAll(p, limit, tooLarge)
		switch {
		case err != nil:
			return true, err
		case over && geometry:
			// Refused next to its field; the rest of the form is still
			// read, so that nothing typed is lost.
			fileErr = fieldErr(name, "error.streets_web.file_too_large")
			return false, nil
		case over:
			return true, birlik.Errorf(birlik.EINVALID, "error.bad_request")
		}
		switch {
		case name == "geometry_file" && len(b) == 0:
		case name == "geometry_file" && !utf8.Valid(b):
			fileErr = fieldErr("geometry_file", "error.streets_web.file_unreadable")
		case name == "geometry_file":
			v.Set("geometry", strings.TrimSpace(string(b)))
		case name == "geometry" && v.Get("geometry") != "":
			// the file's content, read before, wins
		default:
			v.Add(name, strings.TrimSpace(string(b)))
		}
		return false, nil
	})
	switch {
	case errors.Is(err, errNoForm):
		return nil, birlik.Errorf(birlik.EINVALID, "error.bad_request")
	case errors.Is(err, tooLarge):
		return v, err
	case err != nil:
		return nil, err
	}
	return v, fileErr
}

// renderSiteForm renders the new or edit form.
func (s *Server) renderSiteForm(w http.ResponseWriter, r *http.Request, status int, site *streets.Site, f *form) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	d := siteFormPage{S: site, New: site == nil, ChooseOrg: a.Staff(), Boundaries: "/places.geojson"}
	var err error
	if d.ChooseOrg {
		if d.Orgs, err = s.orgChoices(ctx, f.Get("org_id")); err != nil {
			return err
		}
	} else if site != nil {
		d.OrgName = site.OrgName
	} else {
		d.OrgName = s.orgName(ctx, a.OrgID)
	}
	if d.Cycles, err = s.cycleOptions(ctx, l, "streets_web.site.choose_cycle"); err != nil {
		return err
	}
	d.Interventions = options(l, "streets_web.site.choose_intervention", streets.Interventions, func(i streets.Intervention) string { return "streets.intervention." + string(i) })
	d.Phases = options(l, "", streets.Phases, func(p streets.Phase) string { return "streets.phase." + string(p) })
	for _, p := range streets.Phases {
		d.DateFields = append(d.DateFields, "phase_date_"+string(p))
	}
	title := l.T("streets_web.site.new_title")
	if site != nil {
		title = l.T("streets_web.site.edit_title", "name", site.Name)
	}
	return s.render(w, r, status, "streets/site_form", page{Title: title, Form: f, Data: d})
}

// siteNew shows the empty form; ?cycle= chooses the cycle.
func (s *Server) siteNew(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"phase": {string(streets.Baseline)}}
	if f := streetFilter(r.URL.Query()); f.CycleID != 0 {
		v.Set("cycle_id", strconv.FormatInt(f.CycleID, 10))
	}
	return s.renderSiteForm(w, r, http.StatusOK, nil, newForm("streets_web.site", v))
}

// siteCreate saves a new site from the form. A focal point's site is
// their own municipality's, whatever the form says.
func (s *Server) siteCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := parseSiteForm(w, r)
	if v == nil {
		return err
	}
	if err == nil {
		in := siteFromForm(v)
		in.ID, in.Version = 0, 0
		if a := birlik.ActorFrom(ctx); !a.Staff() {
			in.OrgID = a.OrgID
		}
		var site *streets.Site
		if site, err = s.streets.SaveSite(ctx, in); err == nil {
			return s.redirect(w, r, "/streets/sites/"+strconv.FormatInt(site.ID, 10), "flash.streets_web.site_saved")
		}
	}
	f := newForm("streets_web.site", v)
	status, err := f.fail(err, siteFields...)
	if err != nil {
		return err
	}
	return s.renderSiteForm(w, r, status, nil, f)
}

// siteEdit shows a site's form to its municipality and to union staff.
func (s *Server) siteEdit(w http.ResponseWriter, r *http.Request) error {
	site, err := s.editableSite(r)
	if err != nil {
		return err
	}
	return s.renderSiteForm(w, r, http.StatusOK, site, newForm("streets_web.site", siteValues(site)))
}

// siteUpdate saves the form. The geometry is sent to be checked again
// only when it changed. A stale form (someone saved meanwhile) comes back
// with 409, everything typed kept and the new version, so that saving
// again is deliberate.
func (s *Server) siteUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	old, err := s.editableSite(r)
	if err != nil {
		return err
	}
	v, err := parseSiteForm(w, r)
	if v == nil {
		return err
	}
	if err == nil {
		in := siteFromForm(v)
		in.ID = old.ID
		if !birlik.ActorFrom(ctx).Staff() {
			in.OrgID = old.OrgID
		}
		if len(old.Geometry) > 0 && string(in.Geometry) == string(geo.GeoJSON(old.Geometry)) {
			in.Geometry = nil
		}
		if _, err = s.streets.SaveSite(ctx, in); err == nil {
			return s.redirect(w, r, "/streets/sites/"+strconv.FormatInt(old.ID, 10), "flash.streets_web.site_saved")
		}
	}
	f := newForm("streets_web.site", v)
	status, err := f.fail(err, siteFields...)
	if err != nil {
		return err
	}
	current := old
	if status == http.StatusConflict {
		if current, err = s.streets.Site(ctx, old.ID); err != nil {
			return err
		}
		f.Values.Set("version", strconv.Itoa(current.Version))
	}
	return s.renderSiteForm(w, r, status, current, f)
}
