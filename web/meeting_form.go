package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"birlik"
	"birlik/meetings"
	"birlik/spaces"
)

// meetingFields are the meeting form's fields in the order they appear,
// for the error summary.
var meetingFields = []string{"title", "description", "format", "starts_at", "ends_at", "place", "address", "online_url",
	"capacity", "registration_open", "agenda"}

// agendaBlankRows is how many empty agenda rows the form offers: enough
// for a meeting's usual points without JavaScript to add rows.
const agendaBlankRows = 3

// localLayout is the value format of <input type="datetime-local">.
const localLayout = "2006-01-02T15:04"

func meetingPath(id int64) string { return "/meetings/" + strconv.FormatInt(id, 10) }

// agendaRow is one row of the agenda part of the meeting form.
type agendaRow struct {
	N                         int // from 1
	Title, Presenter, Minutes string
}

type meetingFormPage struct {
	Space   *spaces.Space
	Meeting *meetings.Meeting // nil for a new one
	New     bool
	Formats []option
	Agenda  []agendaRow
	Changed []changed
}

// meetingValues are a stored meeting's form values.
func (s *Server) meetingValues(m *meetings.Meeting) url.Values {
	v := url.Values{
		"title": {m.Title}, "description": {m.Description}, "format": {string(m.Format)}, "place": {m.Place},
		"address": {m.Address}, "online_url": {m.OnlineURL}, "capacity": {strconv.Itoa(m.Capacity)},
		"starts_at": {m.StartsAt.In(s.loc).Format(localLayout)}, "ends_at": {m.EndsAt.In(s.loc).Format(localLayout)},
		"version": {strconv.Itoa(m.Version)},
	}
	if m.RegistrationOpen {
		v.Set("registration_open", "1")
	}
	for _, it := range m.Agenda {
		v.Add("agenda_title", it.Title)
		v.Add("agenda_presenter", it.Presenter)
		d := ""
		if it.Duration > 0 {
			d = strconv.Itoa(it.Duration)
		}
		v.Add("agenda_minutes", d)
	}
	return v
}

// meetingFromForm reads the meeting form. Values the page cannot read
// (a time, a number) are recorded in v, next to their field.
func (s *Server) meetingFromForm(pf url.Values, v *birlik.Invalid) meetings.Meeting {
	m := meetings.Meeting{
		Title: pf.Get("title"), Description: pf.Get("description"), Format: meetings.Format(pf.Get("format")),
		Place: pf.Get("place"), Address: pf.Get("address"), OnlineURL: pf.Get("online_url"),
		RegistrationOpen: pf.Get("registration_open") == "1",
	}
	m.Version, _ = strconv.Atoi(pf.Get("version"))
	for _, f := range []struct {
		name string
		t    *time.Time
	}{{"starts_at", &m.StartsAt}, {"ends_at", &m.EndsAt}} {
		raw := strings.TrimSpace(pf.Get(f.name))
		if raw == "" {
			continue // required: the domain says so
		}
		t, err := time.ParseInLocation(localLayout, raw, s.loc)
		if err != nil {
			t, err = time.ParseInLocation(localLayout+":05", raw, s.loc)
		}
		if err != nil {
			v.Add(f.name, "error.meetings.time.malformed")
			continue
		}
		*f.t = t
	}
	if c := strings.TrimSpace(pf.Get("capacity")); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil {
			v.Add("capacity", "error.meetings.capacity.invalid")
		}
		m.Capacity = n
	}
	titles, presenters, minutes := pf["agenda_title"], pf["agenda_presenter"], pf["agenda_minutes"]
	for i := range titles {
		it := meetings.AgendaItem{Title: titles[i]}
		if i < len(presenters) {
			it.Presenter = presenters[i]
		}
		if i < len(minutes) && strings.TrimSpace(minutes[i]) != "" {
			n, err := strconv.Atoi(strings.TrimSpace(minutes[i]))
			if err != nil {
				n = -1 // the domain refuses it, next to the agenda
			}
			it.Duration = n
		}
		m.Agenda = append(m.Agenda, it)
	}
	return m
}

// agendaRows returns the form's agenda rows with a few blank ones.
func agendaRows(f *form) []agendaRow {
	titles, presenters, minutes := f.Values["agenda_title"], f.Values["agenda_presenter"], f.Values["agenda_minutes"]
	var rows []agendaRow
	for i := range titles {
		r := agendaRow{N: len(rows) + 1, Title: titles[i]}
		if i < len(presenters) {
			r.Presenter = presenters[i]
		}
		if i < len(minutes) {
			r.Minutes = minutes[i]
		}
		if r.Title == "" && r.Presenter == "" && r.Minutes == "" {
			continue
		}
		rows = append(rows, r)
	}
	for range agendaBlankRows {
		rows = append(rows, agendaRow{N: len(rows) + 1})
	}
	return rows
}

func (s *Server) formatOptions(r *http.Request) []option {
	l := reqInfo(r).lang
	out := []option{{"", l.T("meetings.form.choose_format")}}
	for _, f := range meetings.Formats {
		out = append(out, option{string(f), l.T(f.Key())})
	}
	return out
}

func (s *Server) renderMeetingForm(w http.ResponseWriter, r *http.Request, status int, sp *spaces.Space, m *meetings.Meeting, f *form, diff []changed) error {
	l := reqInfo(r).lang
	title := l.T("meetings.new.title")
	if m != nil {
		title = l.T("meetings.edit.title", "title", m.Title)
	}
	return s.render(w, r, status, "meetings/form", page{Title: title, Form: f, Data: meetingFormPage{
		Space: sp, Meeting: m, New: m == nil, Formats: s.formatOptions(r), Agenda: agendaRows(f), Changed: diff,
	}})
}

// spaceOf returns the space named in the path, if the actor may read it.
func (s *Server) spaceOf(r *http.Request) (*spaces.Space, error) {
	slug := r.PathValue("slug")
	if slug == "" || len(slug) > 100 {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return s.spaces.BySlug(r.Context(), slug)
}

// pathMeeting reads the meeting in the path and its space, both as the
// actor may see them.
func (s *Server) pathMeeting(r *http.Request) (*meetings.Meeting, *spaces.Space, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	m, err := s.meetings.Meeting(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	sp, err := s.spaces.ByID(r.Context(), m.SpaceID)
	return m, sp, err
}

// tellPromoted e-mails people moved from a waiting list; a failure is
// logged, not shown: the change itself is saved.
func (s *Server) tellPromoted(r *http.Request, ps []meetings.Promoted) {
	if len(ps) == 0 {
		return
	}
	if err := s.meetings.TellPromoted(r.Context(), s.mail, s.cfg.BaseURL, ps); err != nil {
		s.log.WarnContext(r.Context(), "meetings: promotion e-mail failed", "error", err)
	}
}
