package web

import (
	"net/http"
	"strings"

	"birlik/locale"
	"birlik/needs"
	"birlik/spaces"
	"birlik/topics"
)

type needDashboardPage struct {
	Space   *spaces.Space // nil for every space
	All     dashRow
	Spaces  []dashRow
	Themes  []dashRow
	Months  []dashRow
	Path    string // the needs list the figures link to
	Max     int64  // the largest month's needs
	Measure string // how times are measured, for the note under the tables
}

// dashRow is a line of the dashboard with its times in words.
type dashRow struct {
	needs.Row
	Label                                  string
	Link                                   string // the needs list filtered to the row
	RespMedian, RespP90, AnsMedian, AnsP90 string
}

// needDashboard shows the needs figures of one space.
func (s *Server) needDashboard(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	return s.renderNeedDashboard(w, r, sp)
}

// needDashboardAll shows the needs figures of every space the reader may
// read.
func (s *Server) needDashboardAll(w http.ResponseWriter, r *http.Request) error {
	return s.renderNeedDashboard(w, r, nil)
}

func (s *Server) renderNeedDashboard(w http.ResponseWriter, r *http.Request, sp *spaces.Space) error {
	l := reqInfo(r).lang
	var id int64
	title, path := l.T("needs.dashboard.title_all"), "/needs"
	if sp != nil {
		id, path = sp.ID, "/spaces/"+sp.Slug+"/needs"
		title = l.T("needs.dashboard.title", "space", sp.NameIn(l.Code))
	}
	d, err := s.needs.Dashboard(r.Context(), id)
	if err != nil {
		return err
	}
	view := func(row needs.Row, label, link string) dashRow {
		return dashRow{Row: row, Label: label, Link: link, RespMedian: needDuration(l, row.ResponseMedian), RespP90: needDuration(l, row.ResponseP90),
			AnsMedian: needDuration(l, row.AnswerMedian), AnsP90: needDuration(l, row.AnswerP90)}
	}
	p := needDashboardPage{Space: sp, Path: path, All: view(d.All, l.T("needs.dashboard.all"), path)}
	for _, row := range d.BySpace {
		p.Spaces = append(p.Spaces, view(row, row.SpaceName, "/spaces/"+row.Key+"/needs/dashboard"))
	}
	for _, row := range d.ByTheme {
		p.Themes = append(p.Themes, view(row, l.T(topics.Key(topics.Theme, row.Key)), path+"?theme="+row.Key))
	}
	for _, row := range d.ByMonth {
		p.Months = append(p.Months, view(row, monthLabel(l, row.Key), ""))
		p.Max = max(p.Max, row.Total())
	}
	return s.render(w, r, http.StatusOK, "needs/dashboard", page{Title: title, Data: p})
}

// monthLabel says a YYYY-MM month: "Mart 2026".
func monthLabel(l *locale.Lang, m string) string {
	y, mm, ok := strings.Cut(m, "-")
	if !ok {
		return m
	}
	return l.T("needs.month."+strings.TrimPrefix(mm, "0")) + " " + y
}
