package web

import (
	"net/http"
	"net/url"
	"slices"

	"birlik"
	"birlik/locale"
	"birlik/practices"
	"birlik/spaces"
	"birlik/topics"
)

// practiceListPage is the library's search page, and a space's list of
// practices.
type practiceListPage struct {
	Result   *practices.Result
	Query    url.Values // the search and filters, without the page: the pager's base
	Action   string     // where the search form goes
	Filtered bool
	Active   []facetItem // the filters set, each a link that removes it
	Facets   []facetView
	CanShare bool
	Space    *spaces.Space // nil on the library's own page
	Drafts   []practices.Summary
}

// facetView is one facet: its values with their counts, each a link
// that adds the value to the filters, or removes it when set.
type facetView struct {
	ID, Title string
	Items     []facetItem
}

type facetItem struct {
	Label    string
	Count    int
	Href     string
	Selected bool
}

// practiceList is the library: a search box, results with the query's
// words marked, counts and pages, and facets to narrow the results by
// theme, group, right, goal, province and language. Everything is a
// link or a GET form, so it works without JavaScript.
func (s *Server) practiceList(w http.ResponseWriter, r *http.Request) error {
	return s.renderPracticeList(w, r, nil, "/practices")
}

func (s *Server) renderPracticeList(w http.ResponseWriter, r *http.Request, sp *spaces.Space, action string) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	q := practices.ParseQuery(r.URL.Query())
	if sp != nil {
		q.SpaceID = sp.ID
	}
	res, err := s.practices.Search(ctx, q)
	if err != nil {
		return err
	}
	base := q.Values()
	p := practiceListPage{
		Result:   res,
		Query:    base,
		Action:   action,
		Filtered: q.Filtered(),
		CanShare: practices.MayShare(birlik.ActorFrom(ctx)),
		Space:    sp,
	}
	p.Facets, p.Active = practiceFacets(l, action, base, res.Facets)
	if sp == nil && q.Text == "" && !q.Filtered() && q.Page <= 1 {
		if p.Drafts, err = s.practices.Drafts(ctx, 10); err != nil {
			return err
		}
	}
	title := l.T("practices.list.title")
	if sp != nil {
		title = l.T("practices.space.title", "space", sp.NameIn(l.Code))
	}
	return s.render(w, r, http.StatusOK, "practices/list", page{
		Title: title,
		Form:  newForm("practices.search", url.Values{"q": {q.Text}}),
		Data:  p,
	})
}

// practiceFacets builds the facets' links from the current query, and
// the list of filters set.
func practiceFacets(l *locale.Lang, action string, base url.Values, f practices.Facets) ([]facetView, []facetItem) {
	var active []facetItem
	toggle := func(param, value string) (string, bool) {
		v := url.Values{}
		for k, vs := range base {
			v[k] = slices.Clone(vs)
		}
		selected := slices.Contains(v[param], value)
		switch {
		case selected:
			v[param] = slices.DeleteFunc(v[param], func(x string) bool { return x == value })
		case param == "province" || param == "text_lang":
			v.Set(param, value)
		default:
			v.Add(param, value)
		}
		return encodeQuery(v), selected
	}
	build := func(id, title, param string, counts []practices.Count, label func(c practices.Count) string) facetView {
		fv := facetView{ID: id, Title: title}
		for _, c := range counts {
			href, selected := toggle(param, c.Code)
			item := facetItem{Label: label(c), Count: c.Count, Href: action + href, Selected: selected}
			fv.Items = append(fv.Items, item)
			if selected {
				active = append(active, item)
			}
		}
		return fv
	}
	topic := func(k topics.Kind) func(c practices.Count) string {
		return func(c practices.Count) string { return l.T(topics.Key(k, c.Code)) }
	}
	views := []facetView{
		build("facet-theme", l.T("practices.facet.themes"), "theme", f.Themes, topic(topics.Theme)),
		build("facet-group", l.T("practices.facet.groups"), "group", f.Groups, topic(topics.Group)),
		build("facet-right", l.T("practices.facet.rights"), "right", f.Rights, topic(topics.Right)),
		build("facet-sdg", l.T("practices.facet.sdgs"), "sdg", f.SDGs, topic(topics.SDG)),
		build("facet-province", l.T("practices.facet.provinces"), "province", f.Provinces, func(c practices.Count) string { return c.Name }),
		build("facet-lang", l.T("practices.facet.langs"), "text_lang", f.Langs, func(c practices.Count) string { return l.T("practices.lang." + c.Code) }),
	}
	return views, active
}

// practiceSpaceList lists the practices shared in a space, with the
// library's search and facets; a private space is not found by whom it
// is not for.
func (s *Server) practiceSpaceList(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaces.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return s.renderPracticeList(w, r, sp, "/spaces/"+sp.Slug+"/practices")
}
