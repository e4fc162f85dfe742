package web

import (
	"net/url"
	"testing"
	"time"
	"unicode/utf8"
)

// The query-string parsers of the account pages take anything a browser
// or a bot sends. These fuzz targets check they never panic, keep what
// they accept valid, and read back what they write (so that pagination
// links keep the filters exactly).

func FuzzParseUserFilter(f *testing.F) {
	for _, s := range []string{"", "q=ayşe&role=focal-point&org=istanbul-kadikoy&active=yes&page=3",
		"role=superuser&active=maybe&page=-1", "q=%ff%fe&page=99999999999", "page=2&page=3&q=a&q=b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		filter, page, out := parseUserFilter(q)
		if page < 1 || filter.Offset < 0 || filter.Limit <= 0 {
			t.Fatalf("%q: page %d, offset %d, limit %d", raw, page, filter.Offset, filter.Limit)
		}
		if filter.Role != "" && !filter.Role.Valid() {
			t.Fatalf("%q: invalid role %q kept", raw, filter.Role)
		}
		if !utf8.ValidString(filter.Query) || utf8.RuneCountInString(filter.Query) > 200 {
			t.Fatalf("%q: query %q", raw, filter.Query)
		}
		again, _, out2 := parseUserFilter(out)
		if again.Query != filter.Query || again.Role != filter.Role || again.OrgID != filter.OrgID ||
			(again.Active == nil) != (filter.Active == nil) || out2.Encode() != out.Encode() {
			t.Fatalf("%q: does not read back: %+v then %+v", raw, filter, again)
		}
	})
}

func FuzzParseAuditFilter(f *testing.F) {
	for _, s := range []string{"", "entity=organisation&entity_id=bursa-nilufer&actor=admin&action=update&from=2026-01-01&to=2026-12-31&before=40",
		"from=31.12.2026&to=yesterday&before=-5", "actor=%00%01&entity=" + url.QueryEscape(string(make([]byte, 300)))} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/Istanbul")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		fm := newForm("audit", nil)
		filter, out := parseAuditFilter(q, fm, loc)
		if filter.Before < 0 {
			t.Fatalf("%q: before %d", raw, filter.Before)
		}
		if !filter.To.IsZero() && filter.To.Hour() != 0 {
			t.Fatalf("%q: to %v is not the start of a day", raw, filter.To)
		}
		for _, s := range []string{filter.Entity, filter.EntityID, filter.Actor, filter.Action} {
			if !utf8.ValidString(s) {
				t.Fatalf("%q: invalid UTF-8 kept: %q", raw, s)
			}
		}
		fm2 := newForm("audit", nil)
		again, out2 := parseAuditFilter(out, fm2, loc)
		if again.Entity != filter.Entity || again.Actor != filter.Actor || !again.From.Equal(filter.From) || !again.To.Equal(filter.To) ||
			len(fm2.Errors) != 0 || out2.Encode() != out.Encode() {
			t.Fatalf("%q: does not read back: %+v then %+v (%v)", raw, filter, again, fm2.Errors)
		}
	})
}
