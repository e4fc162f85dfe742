package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"birlik"
	"birlik/locale"
	"birlik/needs"
	"birlik/notify"
	"birlik/spaces"
	"birlik/topics"
)

// Shared by the needs and recommendations pages: who may call them, the
// choices their forms and filters offer, and reading a need or a space
// from the path. Who may read or change which record is decided again by
// the needs service's queries.

// needEditors may raise needs, say "we have this too", endorse and report
// adoption: union staff for any municipality, a focal point for theirs.
var needEditors = roles(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint)

func (s *Server) needOf(r *http.Request) (*needs.Need, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.needs.Need(r.Context(), id)
}

func (s *Server) recOf(r *http.Request) (*needs.Recommendation, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.needs.Recommendation(r.Context(), id)
}

func statusKey(st needs.Status) string          { return "needs.status." + string(st) }
func urgencyKey(u needs.Urgency) string         { return "needs.urgency." + string(u) }
func levelKey(lv needs.Level) string            { return "needs.level." + string(lv) }
func publicationKey(p needs.Publication) string { return "needs.publication." + string(p) }
func adoptionKey(a needs.AdoptionStatus) string { return "needs.adoption." + string(a) }
func reasonKey(r string) string                 { return "needs.reason." + r }

// needTopicOptions are a vocabulary's codes with their names.
func needTopicOptions(l *locale.Lang, first string, k topics.Kind) []option {
	return options(l, first, topics.Codes(k), func(c string) string { return topics.Key(k, c) })
}

// needCheckbox is one box of a group of needCheckboxes.
type needCheckbox struct {
	ID, Value, Label string
	Checked          bool
}

// needCheckboxes lists a vocabulary as needCheckboxes named name, checked from f.
func needCheckboxes(l *locale.Lang, f *form, name string, k topics.Kind) []needCheckbox {
	var out []needCheckbox
	for _, c := range topics.Codes(k) {
		out = append(out, needCheckbox{ID: "f-" + name + "-" + c, Value: c, Label: l.T(topics.Key(k, c)), Checked: f.Has(name, c)})
	}
	return out
}

// needDuration says a number of hours in words: "5 hours", "3 days 4 hours",
// "6 weeks"; "—" for none.
func needDuration(l *locale.Lang, h *int64) string {
	if h == nil {
		return l.T("needs.duration.none")
	}
	hours := *h
	switch {
	case hours < 48:
		return l.N("needs.duration.hours", hours)
	case hours < 24*14:
		d, rest := hours/24, hours%24
		if rest == 0 {
			return l.N("needs.duration.days", d)
		}
		return l.N("needs.duration.days", d) + " " + l.N("needs.duration.hours", rest)
	}
	return l.N("needs.duration.days", hours/24)
}

// needIDs reads need numbers typed in a form ("12, #15 18").
func needIDs(s string) ([]int64, bool) {
	var out []int64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' || r == '\r' }) {
		id, err := strconv.ParseInt(strings.TrimPrefix(f, "#"), 10, 64)
		if err != nil || id < 1 {
			return nil, false
		}
		out = append(out, id)
	}
	return out, true
}

func needIDList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ", ")
}

// needValues is a need as form values.
func needValues(n *needs.Need) url.Values {
	v := url.Values{"title": {n.Title}, "description": {n.Description}, "urgency": {string(n.Urgency)},
		"themes": n.Themes, "groups": n.Groups, "org_id": {n.OrgID}, "version": {strconv.Itoa(n.Version)}}
	if n.PeopleAffected != nil {
		v.Set("people_affected", strconv.FormatInt(*n.PeopleAffected, 10))
	}
	return v
}

// needFormFields are the need form's fields in page order.
var needFormFields = []string{"org_id", "title", "description", "themes", "groups", "people_affected", "urgency"}

// needFromForm reads a need from posted values, and the values to show
// again if it is refused. A count of people that is not one is an error
// of its own.
func needFromForm(pf url.Values) (needs.Need, url.Values, map[string]string) {
	kept := url.Values{}
	for _, name := range append(needFormFields, "version") {
		if v, ok := pf[name]; ok {
			kept[name] = v
		}
	}
	n := needs.Need{OrgID: pf.Get("org_id"), Title: pf.Get("title"), Description: pf.Get("description"),
		Urgency: needs.Urgency(pf.Get("urgency")), Themes: pf["themes"], Groups: pf["groups"], Version: formVersion(pf)}
	var bad map[string]string
	p, ok := needs.ParsePeople(pf.Get("people_affected"))
	if !ok {
		bad = map[string]string{"people_affected": "error.needs.people_invalid"}
	}
	n.PeopleAffected = p
	return n, kept, bad
}

// needFailWith merges extra field errors (found while reading the form) into
// a domain error, so that the form shows every problem at once.
func needFailWith(err error, extra map[string]string) error {
	if len(extra) == 0 {
		return err
	}
	fields := map[string]string{}
	for k, v := range birlik.FieldErrors(err) {
		fields[k] = v
	}
	for k, v := range extra {
		if fields[k] == "" {
			fields[k] = v
		}
	}
	if err != nil && birlik.ErrorCode(err) != birlik.EINVALID {
		return err
	}
	return &birlik.Error{Code: birlik.EINVALID, Message: "error.form_invalid", Fields: fields}
}

type needFormPage struct {
	Space   *spaces.Space
	Need    *needs.Need // nil when raising
	Staff   bool        // chooses the municipality
	OrgName string      // the focal point's municipality, fixed
	Orgs    orgChoices
	Themes  []needCheckbox
	Groups  []needCheckbox
	Urgency []option
}

func (s *Server) renderNeedForm(w http.ResponseWriter, r *http.Request, status int, sp *spaces.Space, n *needs.Need, f *form) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	p := needFormPage{Space: sp, Need: n, Staff: a.Staff(), Themes: needCheckboxes(l, f, "themes", topics.Theme),
		Groups: needCheckboxes(l, f, "groups", topics.Group), Urgency: options(l, "needs.choose", needs.Urgencies, urgencyKey)}
	switch {
	case n != nil:
		p.OrgName = n.OrgName
	case a.Staff():
		var err error
		if p.Orgs, err = s.orgChoices(ctx, f.Get("org_id")); err != nil {
			return err
		}
	default:
		p.OrgName = s.orgName(ctx, a.OrgID)
	}
	title := l.T("needs.new.title", "space", sp.NameIn(l.Code))
	if n != nil {
		title = l.T("needs.edit.title", "id", n.ID)
	}
	return s.render(w, r, status, "needs/form", page{Title: title, Form: f, Data: p})
}

// needLink is a need's address.
func needLink(id int64) string { return "/needs/" + strconv.FormatInt(id, 10) }

// recLink is a recommendation's address.
func recLink(id int64) string { return "/recommendations/" + strconv.FormatInt(id, 10) }

// needActorOrg is the organisation a focal point acts for, "" for others.
func needActorOrg(ctx context.Context) string {
	if a := birlik.ActorFrom(ctx); a.Scoped() {
		return a.OrgID
	}
	return ""
}

// tellNeed tells the followers of a need and of its space what happened
// to it (a notify event of kind, sentence key). The change stands even
// if this fails: it is logged.
func (s *Server) tellNeed(r *http.Request, kind, key string, n *needs.Need, org string) {
	ctx := r.Context()
	if org == "" {
		org = n.OrgName
	}
	_, err := s.notify.Publish(ctx, nil, notify.Event{Kind: kind, TargetKind: notify.Need, TargetID: n.ID, SpaceID: n.SpaceID,
		Key: key, Args: map[string]any{"title": n.Title, "org": org}, URL: needLink(n.ID)})
	if err != nil {
		s.log.WarnContext(ctx, "notify need", "need", n.ID, "kind", kind, "error", err)
	}
}

// tellRec tells the followers of a recommendation and of its space.
func (s *Server) tellRec(r *http.Request, kind, key string, rec *needs.Recommendation, org string) {
	ctx := r.Context()
	_, err := s.notify.Publish(ctx, nil, notify.Event{Kind: kind, TargetKind: notify.Recommendation, TargetID: rec.ID, SpaceID: rec.SpaceID,
		Key: key, Args: map[string]any{"title": rec.Title, "org": org}, URL: recLink(rec.ID)})
	if err != nil {
		s.log.WarnContext(ctx, "notify recommendation", "recommendation", rec.ID, "kind", kind, "error", err)
	}
}
