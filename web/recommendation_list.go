package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"birlik/needs"
	"birlik/spaces"
	"birlik/topics"
)

type recListPage struct {
	Space    *spaces.Space
	Path     string
	Recs     []needs.Recommendation
	Total    int
	Page     int
	Pages    int
	Query    url.Values
	Filtered bool
	CanDraft bool
	Levels   []option
	Rights   []option
}

// recommendationList lists a space's recommendations the reader may read.
func (s *Server) recommendationList(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	return s.renderRecList(w, r, sp)
}

// recommendationListAll lists the recommendations of every space the
// reader may read.
func (s *Server) recommendationListAll(w http.ResponseWriter, r *http.Request) error {
	return s.renderRecList(w, r, nil)
}

func (s *Server) renderRecList(w http.ResponseWriter, r *http.Request, sp *spaces.Space) error {
	l := reqInfo(r).lang
	q := r.URL.Query()
	f := needs.RecFilter{Query: strings.TrimSpace(q.Get("q"))}
	if len([]rune(f.Query)) > 200 {
		f.Query = string([]rune(f.Query)[:200])
	}
	if lv := needs.Level(q.Get("level")); slices.Contains(needs.Levels, lv) {
		f.Level = lv
	}
	if rt := q.Get("right"); topics.Valid(topics.Right, rt) {
		f.Right = rt
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 && n < 1_000_000 {
		f.Page = n
	}
	vals := url.Values{}
	for k, v := range map[string]string{"q": f.Query, "level": string(f.Level), "right": f.Right} {
		if v != "" {
			vals.Set(k, v)
		}
	}
	path, title := "/recommendations", l.T("recs.list.title_all")
	if sp != nil {
		f.SpaceID = sp.ID
		path, title = "/spaces/"+sp.Slug+"/recommendations", l.T("recs.list.title", "space", sp.NameIn(l.Code))
	}
	recs, total, err := s.needs.Recommendations(r.Context(), f)
	if err != nil {
		return err
	}
	p := recListPage{Space: sp, Path: path, Recs: recs, Total: total, Page: max(f.Page, 1), Pages: pagesOf(total, needs.DefaultPerPage),
		Query: vals, Filtered: len(vals) > 0, CanDraft: sp != nil && s.needs.MayDraft(r.Context(), sp.ID),
		Levels: options(l, "recs.filter.any_level", needs.Levels, levelKey), Rights: needTopicOptions(l, "recs.filter.any_right", topics.Right)}
	return s.render(w, r, http.StatusOK, "needs/rec_list", page{Title: title, Form: newForm("recs.filter", vals), Data: p})
}
