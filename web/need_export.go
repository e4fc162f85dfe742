package web

import (
	"birlik"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"birlik/needs"
)

// needExport writes the needs that match the list's filters as CSV, in
// the list's order: across spaces, or of the space in the path.
func (s *Server) needExport(w http.ResponseWriter, r *http.Request) error {
	f := needs.ParseNeedFilter(r.URL.Query())
	name := "needs"
	if r.PathValue("slug") != "" {
		sp, err := s.spaceOf(r)
		if err != nil {
			return err
		}
		f.SpaceID = sp.ID
		name = "needs-" + sp.Slug
	}
	// Check the reader may list needs at all before the download starts.
	if _, _, err := s.needs.Needs(r.Context(), needs.NeedFilter{SpaceID: f.SpaceID, PerPage: 1}); err != nil {
		return err
	}
	download(w, name, "csv", "text/csv; charset=utf-8")
	if _, err := w.Write([]byte("\xef\xbb\xbf")); err != nil {
		return s.downloaded(r, err)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "space", "org_id", "organisation", "title", "status", "urgency", "themes", "groups", "people_affected",
		"organisations", "people_total", "created_at", "first_response_at", "answered_at", "closed_at", "response_hours", "answer_hours",
		"close_reason", "merged_into"})
	ts := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	num := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	err := s.needs.ExportNeeds(r.Context(), f, func(n *needs.Need) error {
		merged := ""
		if n.MergedInto != 0 {
			merged = strconv.FormatInt(n.MergedInto, 10)
		}
		cw.Write([]string{strconv.FormatInt(n.ID, 10), n.SpaceSlug, n.OrgID, n.OrgName, birlik.CSVCell(n.Title), string(n.Status), string(n.Urgency),
			strings.Join(n.Themes, " "), strings.Join(n.Groups, " "), num(n.PeopleAffected), strconv.Itoa(n.Organisations()),
			strconv.FormatInt(n.People(), 10), ts(&n.CreatedAt), ts(n.FirstResponseAt), ts(n.AnsweredAt), ts(n.ClosedAt),
			num(n.ResponseHours), num(n.AnswerHours), n.CloseReason, merged})
		return cw.Error()
	})
	cw.Flush()
	return s.downloaded(r, err)
}
