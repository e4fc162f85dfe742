package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"birlik"
	"birlik/locale"
	"birlik/streets"
)

// sitesPerPage is how many sites a page of the list and of the map's
// table shows.
const sitesPerPage = 50

// siteListPage is the list of street sites with its filters.
type siteListPage struct {
	Filter  streetFilterForm
	Phases  []option
	Phase   string
	Text    string
	OrgID   string
	OrgName string // the municipality the list is narrowed to, "" for none
	Rows    []siteRow
	Total   int
	Page    int
	Pages   int
	Query   url.Values // the filters, the pager's and the exports' base
	Exports string     // "?cycle=…&province=…" for the export links
	CanAdd  bool
}

// siteRow is a line of a list of sites.
type siteRow struct {
	Href, Name, Org, Province, Cycle, Intervention, Phase, Area string
	PhaseIndex                                                  int
	Draft                                                       bool
}

func newSiteRow(l *locale.Lang, s streets.Site) siteRow {
	return siteRow{
		Href: "/streets/sites/" + strconv.FormatInt(s.ID, 10), Name: s.Name, Org: s.OrgName, Province: s.ProvinceName,
		Cycle: strconv.Itoa(s.CycleYear), Intervention: interventionLabel(l, s.Intervention), Phase: phaseLabel(l, s.Phase),
		PhaseIndex: phaseIndex(s.Phase), Area: areaText(l, s.AreaM2), Draft: !s.Published,
	}
}

// siteList lists the sites the reader may read (drafts too, to their
// municipality and to union staff), filtered by cycle, city,
// municipality, phase and words, a page at a time.
func (s *Server) siteList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	q := r.URL.Query()
	df := streetFilter(q)
	f := streets.SiteFilter{CycleID: df.CycleID, ProvinceID: df.ProvinceID, Page: pageNumber(q), PerPage: sitesPerPage,
		Query: birlik.CleanQuery(q.Get("q"), 200)}
	if org := q.Get("org"); len(org) <= 100 {
		f.OrgID = org
	}
	if ph := streets.Phase(q.Get("phase")); slices.Contains(streets.Phases, ph) {
		f.Phase = ph
	}
	res, err := s.streets.Sites(ctx, f)
	if err != nil {
		return err
	}
	p := siteListPage{Phase: string(f.Phase), Text: f.Query, OrgID: f.OrgID, Total: res.Total, Page: f.Page,
		Pages: (res.Total + sitesPerPage - 1) / sitesPerPage, Exports: encodeQuery(filterValues(df)), CanAdd: birlik.ActorFrom(ctx).Is(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint)}
	if p.Filter, err = s.newStreetFilterForm(ctx, l, "/streets/sites", df, nil); err != nil {
		return err
	}
	p.Phases = options(l, "streets_web.filter.all_phases", streets.Phases, func(ph streets.Phase) string { return "streets.phase." + string(ph) })
	if f.OrgID != "" {
		p.OrgName = s.orgName(ctx, f.OrgID)
	}
	p.Query = filterValues(df)
	for k, v := range map[string]string{"q": f.Query, "org": f.OrgID, "phase": string(f.Phase)} {
		if v != "" {
			p.Query.Set(k, v)
		}
	}
	for _, site := range res.Sites {
		p.Rows = append(p.Rows, newSiteRow(l, site))
	}
	return s.render(w, r, http.StatusOK, "streets/sites", page{Title: l.T("streets_web.sites.title"), Data: p})
}
