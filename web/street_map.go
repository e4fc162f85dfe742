package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"birlik/locale"
	"birlik/network"
	"birlik/seed"
	"birlik/streets"
)

// The programme's map, drawn on the server like the places map (see
// mapsvg.go), so that it works with no network, no tile server and no
// JavaScript: the provinces' boundaries, and a marker for each published
// site at its centre. A marker says the site's phase twice, by colour and
// by shape (the legend names both in words), since colour alone does not
// reach everyone. js/streets_map.js turns it into a Leaflet map of the
// same sites, read from /streets/sites.geojson. The table under the map
// lists the same sites with links: the map's accessible equivalent.

// streetMapView is what the streets-map partial draws.
type streetMapView struct {
	ID        string // prefix of the element ids, unique on the page
	Label     string // the map's accessible name, already translated
	Desc      string // what it shows, in words: "412 sites"
	ViewBox   string
	Provinces []string // SVG paths of the boundaries
	// Markers are the sites' <use> elements, written here rather than by
	// the template: 3,000 of them, every value a number this file made,
	// cost 12 ms through html/template's escaping and under 1 ms here.
	Markers     template.HTML
	Legend      []streetLegendItem
	GeoJSON     string // the sites as GeoJSON, for js/streets_map.js
	Attribution string // the boundaries' licence notice, always shown
	TileURL     string
	TileAttr    string
	ZoomIn      string
	ZoomOut     string
}

type streetLegendItem struct {
	Phase int
	Label string // "Tactical intervention: triangle"
}

// markerSize is a marker's width in map units (the map is mapWidth wide).
const markerSize = 12.0

// newStreetMap draws the sites over the provinces' boundaries: every
// province, or the one the filter names. It returns nil when no boundary
// can be drawn.
func (s *Server) newStreetMap(ctx context.Context, l *locale.Lang, id string, f streets.DashboardFilter, sites []streets.MapSite) (*streetMapView, error) {
	provinces, err := s.network.Boundaries(ctx, network.Province)
	if err != nil {
		return nil, err
	}
	var shapes [][][][][2]float64
	for _, p := range provinces {
		if f.ProvinceID != "" && p.ID != f.ProvinceID {
			continue
		}
		if g := geometry(p.Boundary); len(g) > 0 {
			shapes = append(shapes, g)
		}
	}
	if len(shapes) == 0 {
		return nil, nil
	}
	pr, height, ok := newProjection(shapes)
	if !ok {
		return nil, nil
	}
	m := &streetMapView{
		ID:          id,
		Label:       l.T("streets_web.map.label"),
		Desc:        l.N("streets_web.map.desc", int64(len(sites))),
		ViewBox:     "0 0 " + strconv.FormatFloat(mapWidth, 'f', 0, 64) + " " + strconv.FormatFloat(math.Ceil(height), 'f', 0, 64),
		GeoJSON:     "/streets/sites.geojson" + encodeQuery(filterValues(f)),
		Attribution: seed.Attribution,
		TileURL:     s.cfg.TileURL,
		TileAttr:    s.cfg.TileAttribution,
		ZoomIn:      l.T("network.map.zoom_in"),
		ZoomOut:     l.T("network.map.zoom_out"),
	}
	for _, sh := range shapes {
		m.Provinces = append(m.Provinces, pr.path(sh))
	}
	var b strings.Builder
	for _, site := range sites {
		x, y := pr.point([2]float64(site.Centroid))
		if x < -markerSize || y < -markerSize || x > mapWidth+markerSize || y > height+markerSize {
			continue // outside the provinces drawn
		}
		// The marker's colour and shape are its phase's (see streets-map-defs).
		phase := strconv.Itoa(phaseIndex(site.Phase))
		b.WriteString(`<use href="#streets-mk-` + phase + `" class="streets-phase-` + phase + `" x="`)
		b.WriteString(strconv.FormatFloat(math.Round((x-markerSize/2)*10)/10, 'f', -1, 64))
		b.WriteString(`" y="`)
		b.WriteString(strconv.FormatFloat(math.Round((y-markerSize/2)*10)/10, 'f', -1, 64))
		b.WriteString(`" width="12" height="12"/>` + "\n")
	}
	m.Markers = template.HTML(b.String())
	m.Legend = streetLegend(l)
	return m, nil
}

// streetLegend names each phase's colour and shape.
func streetLegend(l *locale.Lang) []streetLegendItem {
	out := make([]streetLegendItem, len(streets.Phases))
	for i, p := range streets.Phases {
		out[i] = streetLegendItem{Phase: i, Label: l.T("streets_web.map.legend_item", "phase", phaseLabel(l, p), "shape", l.T("streets_web.map.shape."+strconv.Itoa(i)))}
	}
	return out
}

// streetMapPage is the map page: the filter, the map and the table of
// the same sites, a page at a time.
type streetMapPage struct {
	Filter streetFilterForm
	Map    *streetMapView
	Rows   []siteRow
	Total  int
	Page   int
	Pages  int
	Query  url.Values // the filter, the pager's base
}

// streetMap shows every published site on the map, filtered by cycle and
// city, with the table of the same sites under it.
func (s *Server) streetMap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	q := r.URL.Query()
	f := streetFilter(q)
	sites, err := s.streets.MapSites(ctx, f, false)
	if err != nil {
		return err
	}
	p := streetMapPage{Total: len(sites), Query: filterValues(f)}
	if p.Map, err = s.newStreetMap(ctx, l, "streets-map", f, sites); err != nil {
		return err
	}
	if p.Filter, err = s.newStreetFilterForm(ctx, l, "/streets/map", f, nil); err != nil {
		return err
	}
	p.Pages = max(1, (len(sites)+sitesPerPage-1)/sitesPerPage)
	p.Page = min(pageNumber(q), p.Pages)
	province := map[string]string{}
	for _, o := range p.Filter.Provinces {
		province[o.Value] = o.Label
	}
	for _, site := range sites[min(len(sites), (p.Page-1)*sitesPerPage):min(len(sites), p.Page*sitesPerPage)] {
		p.Rows = append(p.Rows, siteRow{
			Href: "/streets/sites/" + strconv.FormatInt(site.ID, 10), Name: site.Name, Org: site.OrgName, Province: province[site.ProvinceID],
			Cycle: strconv.Itoa(site.CycleYear), Phase: phaseLabel(l, site.Phase), PhaseIndex: phaseIndex(site.Phase),
			Intervention: interventionLabel(l, site.Intervention), Area: areaText(l, site.AreaM2),
		})
	}
	return s.render(w, r, http.StatusOK, "streets/map", page{Title: l.T("streets_web.map.title"), Data: p})
}

// pageNumber reads ?page=, 1 for anything that is not a page number.
func pageNumber(q url.Values) int {
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 || n > 1_000_000 {
		return 1
	}
	return n
}
