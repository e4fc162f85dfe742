package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/meetings"
	"birlik/spaces"
)

// meetingsPerPage is how many past meetings a page lists.
const meetingsPerPage = 20

type meetingListPage struct {
	Space       *spaces.Space
	Upcoming    []*meetings.Meeting
	Past        []*meetings.Meeting
	PastTotal   int
	Page, Pages int
	Query       url.Values
	CanManage   bool
}

// meetingList lists a space's meetings: all those to come, and the past
// ones a page at a time. A private space's list is not found for whom the
// space is not for.
func (s *Server) meetingList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	p := meetingListPage{Space: sp, CanManage: birlik.ActorFrom(ctx).Staff(), Query: url.Values{}}
	p.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	p.Page = max(1, min(p.Page, 10_000))
	if p.Upcoming, _, err = s.meetings.List(ctx, sp.ID, meetings.Page{Limit: 200}); err != nil {
		return err
	}
	if p.Past, p.PastTotal, err = s.meetings.List(ctx, sp.ID, meetings.Page{Past: true, Limit: meetingsPerPage, Offset: (p.Page - 1) * meetingsPerPage}); err != nil {
		return err
	}
	p.Pages = max(1, (p.PastTotal+meetingsPerPage-1)/meetingsPerPage)
	l := reqInfo(r).lang
	return s.render(w, r, http.StatusOK, "meetings/list", page{Title: l.T("meetings.list.title", "space", sp.NameIn(l.Code)), Data: p})
}
