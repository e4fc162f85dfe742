package meetings

import (
	"bytes"
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"birlik"
	"birlik/spaces"
)

// Event is one meeting as an iCalendar VEVENT (RFC 5545).
type Event struct {
	UID         string
	Stamp       time.Time // DTSTAMP: when the meeting last changed
	Start, End  time.Time
	Summary     string
	Description string
	Location    string
	URL         string // back to the meeting's page
	Sequence    int
}

// WriteCalendar returns an iCalendar object holding the events, with
// lines ending in CRLF, text escaped and lines folded at 75 octets. Times
// are written in UTC ("Z"), so no VTIMEZONE is needed; name, when set,
// names the calendar for clients that show one (X-WR-CALNAME).
func WriteCalendar(name string, events []Event) []byte {
	var b bytes.Buffer
	line := func(s string) { b.WriteString(Fold(s)); b.WriteString("\r\n") }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Birlik//Meetings//TR")
	line("CALSCALE:GREGORIAN")
	if name != "" {
		line("X-WR-CALNAME:" + EscapeText(name))
	}
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + e.UID)
		line("DTSTAMP:" + icsTime(e.Stamp))
		line("DTSTART:" + icsTime(e.Start))
		line("DTEND:" + icsTime(e.End))
		line("SEQUENCE:" + strconv.Itoa(e.Sequence))
		line("SUMMARY:" + EscapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:" + EscapeText(e.Description))
		}
		if e.Location != "" {
			line("LOCATION:" + EscapeText(e.Location))
		}
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Bytes()
}

func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// EscapeText escapes a TEXT value (RFC 5545 3.3.11): backslash,
// semicolon and comma take a backslash, a line break becomes \n.
func EscapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// Fold splits a content line into lines of at most 75 octets (RFC 5545
// 3.1), each continuation starting with a space, never inside a UTF-8
// character.
func Fold(s string) string {
	if len(s) <= 75 {
		return s
	}
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	return b.String()
}

func (s *Service) event(m *Meeting, baseURL, host string) Event {
	var desc strings.Builder
	desc.WriteString(m.Description)
	if len(m.Agenda) > 0 {
		if desc.Len() > 0 {
			desc.WriteString("\n\n")
		}
		for i, it := range m.Agenda {
			desc.WriteString(strconv.Itoa(i+1) + ". " + it.Title)
			if it.Presenter != "" {
				desc.WriteString(" (" + it.Presenter + ")")
			}
			desc.WriteString("\n")
		}
	}
	if m.OnlineURL != "" {
		desc.WriteString("\n" + m.OnlineURL)
	}
	loc := m.Place
	if m.Address != "" {
		if loc != "" {
			loc += ", "
		}
		loc += strings.ReplaceAll(m.Address, "\n", ", ")
	}
	if loc == "" && m.OnlineURL != "" {
		loc = m.OnlineURL
	}
	return Event{
		UID: "meeting-" + idString(m.ID) + "@" + host, Stamp: m.UpdatedAt, Start: m.StartsAt, End: m.EndsAt,
		Summary: m.Title, Description: strings.TrimSpace(desc.String()), Location: loc,
		URL: baseURL + "/meetings/" + idString(m.ID), Sequence: m.Version - 1,
	}
}

func hostOf(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "birlik"
}

// MeetingCalendar returns the meeting as an .ics file whose event links
// back to its page under baseURL; ENOTFOUND when the actor may not see
// it. The online link is in it only for whom the meeting page shows it.
func (s *Service) MeetingCalendar(ctx context.Context, id int64, baseURL string) ([]byte, error) {
	m, err := s.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	return WriteCalendar("", []Event{s.event(m, baseURL, hostOf(baseURL))}), nil
}

// SpaceCalendar returns a space's calendar feed: its meetings from a year
// ago on (at most 1000), each linking back to its page, without online
// links (a feed is read by calendar servers, not by a registered person).
// A space the actor may not read has no feed (ENOTFOUND).
func (s *Service) SpaceCalendar(ctx context.Context, spaceID int64, name, baseURL string) ([]byte, error) {
	a := birlik.ActorFrom(ctx)
	vis, args := spaces.VisibleSQL(a, "s")
	var n int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM spaces s WHERE s.id = ? AND `+vis, append([]any{spaceID}, args...)...).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, notFound()
	}
	ms, err := s.list(ctx, `SELECT `+meetingColumns+` FROM meetings m JOIN spaces s ON s.id = m.space_id
		WHERE m.space_id = ? AND m.ends_at > ? AND `+vis+` ORDER BY m.starts_at, m.id LIMIT 1000`,
		append([]any{spaceID, s.now().AddDate(-1, 0, 0)}, args...))
	if err != nil {
		return nil, err
	}
	host := hostOf(baseURL)
	events := make([]Event, len(ms))
	for i, m := range ms {
		events[i] = s.event(m, baseURL, host)
	}
	return WriteCalendar(name, events), nil
}
