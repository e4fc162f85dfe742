package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"birlik/audit"
	"birlik/locale"
)

// auditPerPage is how many entries one page of the audit log shows.
const auditPerPage = 50

type auditPage struct {
	Entries []auditEntryView
	Query   url.Values // the filters, without the paging position
	Older   int64      // the id to page on from, 0 when there is nothing older
	Paged   bool       // the page does not start at the newest entry
	Filters bool       // whether any filter is set
}

// auditEntryView is an entry ready to read: its action and record named
// in the reader's language, and its field changes.
type auditEntryView struct {
	audit.Entry
	ActionLabel string
	EntityLabel string
	Link        string // the record's own page, when it has one
	History     string // the query string of this record's entries
	ActorQuery  string // the query string of this actor's entries
	Changes     []audit.Change
}

// parseAuditFilter reads the audit log's query string (entity, entity_id,
// actor, action, from, to as YYYY-MM-DD, before). It never fails: values
// that cannot be used are dropped, and dates that do not parse are
// reported on the form so that the reader knows the list is not filtered
// by them. Dates are whole days in loc, the zone the entries show their
// times in; "to" includes its day.
func parseAuditFilter(q url.Values, f *form, loc *time.Location) (audit.Filter, url.Values) {
	var af audit.Filter
	out := url.Values{}
	text := func(name string, max int) string {
		s := strings.TrimSpace(strings.ToValidUTF8(q.Get(name), ""))
		if s == "" || utf8.RuneCountInString(s) > max || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return ""
		}
		out.Set(name, s)
		return s
	}
	af.Entity = text("entity", 100)
	af.EntityID = text("entity_id", 200)
	af.Actor = text("actor", 200)
	af.Action = text("action", 100)
	date := func(name string) time.Time {
		s := strings.TrimSpace(q.Get(name))
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil {
			f.Errors[name] = "admin.audit.error.date"
			f.Order = append(f.Order, name)
			return time.Time{}
		}
		out.Set(name, s)
		return t
	}
	af.From = date("from")
	if to := date("to"); !to.IsZero() {
		af.To = to.AddDate(0, 0, 1)
	}
	if n, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && n > 0 {
		af.Before = n
	}
	return af, out
}

// adminAuditList shows the audit log, newest first, filtered, paging back
// in time by entry id. The log is read-only: no route changes it, and the
// database refuses to.
func (s *Server) adminAuditList(w http.ResponseWriter, r *http.Request) error {
	l := reqInfo(r).lang
	f := newForm("admin.audit", r.URL.Query())
	filter, query := parseAuditFilter(r.URL.Query(), f, s.loc)
	filter.Limit = auditPerPage + 1 // one more tells whether older entries exist
	entries, err := audit.List(r.Context(), s.db, filter)
	if err != nil {
		return err
	}
	p := auditPage{Query: query, Paged: filter.Before > 0, Filters: len(query) > 0}
	if len(entries) > auditPerPage {
		entries = entries[:auditPerPage]
		p.Older = entries[len(entries)-1].ID
	}
	for _, e := range entries {
		p.Entries = append(p.Entries, auditView(l, e))
	}
	return s.render(w, r, http.StatusOK, "admin/audit_list", page{Title: l.T("admin.audit.title"), Form: f, Data: p})
}

func auditView(l *locale.Lang, e audit.Entry) auditEntryView {
	v := auditEntryView{Entry: e, ActionLabel: known(l, "admin.audit.action."+e.Action, e.Action), EntityLabel: known(l, "admin.audit.entity."+e.Entity, e.Entity)}
	v.History = "?" + url.Values{"entity": {e.Entity}, "entity_id": {e.EntityID}}.Encode()
	v.ActorQuery = "?" + url.Values{"actor": {e.Actor}}.Encode()
	switch e.Entity {
	case "user":
		v.Link = "/admin/users/" + url.PathEscape(e.EntityID)
	case "organisation":
		v.Link = "/organisations/" + url.PathEscape(e.EntityID)
	}
	for _, c := range e.Changes() {
		if c.Field == "role" {
			c.Before = known(l, "account.role."+c.Before, c.Before)
			c.After = known(l, "account.role."+c.After, c.After)
		}
		c.Before, c.After = auditValue(l, c.Before), auditValue(l, c.After)
		v.Changes = append(v.Changes, c)
	}
	return v
}

// known translates key, or returns fallback when the catalogue has no
// such key: entries may carry actions and records added after this page.
func known(l *locale.Lang, key, fallback string) string {
	if s := l.T(key); s != key {
		return s
	}
	return fallback
}

// auditValue makes a stored value readable: yes and no for booleans.
func auditValue(l *locale.Lang, s string) string {
	switch s {
	case "true":
		return l.T("admin.audit.true")
	case "false":
		return l.T("admin.audit.false")
	}
	return s
}
