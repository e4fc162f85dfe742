package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"birlik"
	"birlik/locale"
	"birlik/network"
)

// Shared by the network pages (places, organisations, people, import and
// export): who may call them, the choices their filters and forms offer,
// sortable column headers, and downloads.

// The rules of the network routes beyond public, staff and admins. Who
// may read or change which person is decided again, per record, by the
// network service's queries; these rules only turn away those who may
// read no one at all.
var (
	// peopleReaders may list and read people: everyone but viewers and
	// the public (personal data).
	peopleReaders = roles(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleCommittee, birlik.RoleFocalPoint)
	// networkEditors may change people, and an organisation's record; a
	// focal point only their own organisation's.
	networkEditors = roles(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint)
)

// mayReadPeopleOf reports whether the actor may see the people of the
// organisation: union staff and committee members everyone's, a focal
// point their own organisation's only.
func mayReadPeopleOf(a birlik.Actor, orgID string) bool {
	return a.Is(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleCommittee) || (a.Scoped() && a.OrgID == orgID)
}

// mayEditOrg reports whether the actor may change anything of the
// organisation: staff everything, its focal point the contact details.
func mayEditOrg(a birlik.Actor, orgID string) bool {
	return a.ActsFor(orgID)
}

// pagesOf returns how many pages total rows fill.
func pagesOf(total, perPage int) int {
	if perPage <= 0 {
		perPage = network.DefaultPerPage
	}
	return (total + perPage - 1) / perPage
}

// withoutPage returns q without the page, for links that keep filters and
// restart from the first page (sorting, exporting, the pager's base).
func withoutPage(q url.Values, drop ...string) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = v
	}
	out.Del("page")
	for _, k := range drop {
		out.Del(k)
	}
	return out
}

// encodeQuery returns "?…" for a non-empty query, "" otherwise.
func encodeQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// sortColumn is a sortable column header: a link that orders the list by
// the column (or reverses the order when it already does) and the
// aria-sort state it announces.
type sortColumn struct {
	Label    string // already translated
	Href     string
	AriaSort string // "ascending", "descending" or "" when the list is not sorted by it
	Hint     string // already translated: what following the link does
	Class    string // of the header cell: "num" for numbers
}

// newSortColumn builds the header of a column that orders the list by asc
// or desc (either may be "" when the column has one order only). Following
// it orders by first, or reverses the order when the list is already
// sorted by the column. current is the list's order, "" for def.
func newSortColumn(l *locale.Lang, label string, q url.Values, current, def, asc, desc, first string, sortKey func(string) string) sortColumn {
	if current == "" {
		current = def
	}
	c := sortColumn{Label: label}
	next := first
	switch {
	case asc != "" && current == asc:
		c.AriaSort = "ascending"
		if desc != "" {
			next = desc
		}
	case desc != "" && current == desc:
		c.AriaSort = "descending"
		if asc != "" {
			next = asc
		}
	}
	v := withoutPage(q, "sort")
	if next != def {
		v.Set("sort", next)
	}
	c.Href = "?" + v.Encode()
	c.Hint = l.T("network.list.sort_by", "order", l.T(sortKey(next)))
	return c
}

// num marks the column as one of numbers, aligned to the end.
func (c sortColumn) num() sortColumn { c.Class = "num"; return c }

// options builds select options from values and their catalogue keys,
// after an optional first choice with an empty value.
func options[T ~string](l *locale.Lang, first string, values []T, key func(T) string) []option {
	var out []option
	if first != "" {
		out = append(out, option{Value: "", Label: l.T(first)})
	}
	for _, v := range values {
		out = append(out, option{Value: string(v), Label: l.T(key(v))})
	}
	return out
}

func orgKindOptions(l *locale.Lang, first string) []option {
	return options(l, first, network.OrgKinds, network.OrgKind.Key)
}

func munKindOptions(l *locale.Lang, first string) []option {
	return options(l, first, network.MunicipalityKinds, network.MunicipalityKind.Key)
}

func memberOptions(l *locale.Lang, first string) []option {
	return options(l, first, network.MemberStatuses, network.MemberStatus.Key)
}

func affKindOptions(l *locale.Lang, first string) []option {
	return options(l, first, network.AffiliationKinds, network.AffiliationKind.Key)
}

// genderOptions lists the genders, "prefers not to say" among them and
// "not stated" (the empty value) last.
func genderOptions(l *locale.Lang) []option {
	return options(l, "", network.Genders, network.Gender.Key)
}

// langNames are the languages a person may prefer, by their own names.
var langNames = map[string]string{"tr": "Türkçe", "en": "English", "fr": "Français", "ar": "العربية", "es": "Español"}

func personLangOptions() []option {
	var out []option
	for _, code := range network.Langs {
		out = append(out, option{Value: code, Label: langNames[code]})
	}
	return out
}

func sortOptions(l *locale.Lang, sorts []string, key func(string) string) []option {
	out := make([]option, len(sorts))
	for i, s := range sorts {
		out[i] = option{Value: s, Label: l.T(key(s))}
		if i == 0 {
			out[i].Value = ""
		}
	}
	return out
}

// provinceOptions lists the provinces in Turkish order, after a first
// choice with an empty value.
func (s *Server) provinceOptions(ctx context.Context, l *locale.Lang, first string) ([]option, error) {
	provinces, err := s.network.Places(ctx, network.PlaceFilter{Kind: network.Province})
	if err != nil {
		return nil, err
	}
	out := []option{{Value: "", Label: l.T(first)}}
	for _, p := range provinces {
		out = append(out, option{Value: p.ID, Label: p.Name})
	}
	return out, nil
}

// placeChoices is the place select of the organisation form: the region,
// then each province with its districts.
func (s *Server) placeChoices(ctx context.Context, l *locale.Lang) (orgChoices, error) {
	places, err := s.network.Places(ctx, network.PlaceFilter{})
	if err != nil {
		return orgChoices{}, err
	}
	c := orgChoices{names: map[string]string{}}
	group := map[string]int{}
	for _, p := range places {
		switch p.Kind {
		case network.Region:
			c.Extra = append(c.Extra, option{Value: p.ID, Label: p.Name + " (" + l.T(p.Kind.Key()) + ")"})
		case network.Province:
			group[p.ID] = len(c.Groups)
			c.Groups = append(c.Groups, orgGroup{Label: p.Name, Options: []option{{Value: p.ID, Label: p.Name + " (" + l.T(p.Kind.Key()) + ")"}}})
		}
		c.names[p.ID] = p.Name
	}
	for _, p := range places {
		if i, ok := group[p.ParentID]; ok && p.Kind == network.District {
			c.Groups[i].Options = append(c.Groups[i].Options, option{Value: p.ID, Label: p.Name})
		}
	}
	return c, nil
}

// groupedRE matches a whole number written with digit grouping, as
// spreadsheets and people write populations ("1.250.610").
var groupedRE = regexp.MustCompile(`^\d{1,3}([.,  \x{202f}]\d{3})+$`)

// parseCount reads a whole number typed in a form: nil for empty, and -1
// (which the network service refuses as a population, with its own
// message beside the field) for anything that is not one.
func parseCount(s string) *int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if groupedRE.MatchString(s) {
		s = strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "", "\u202f", "").Replace(s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		n = -1
	}
	return &n
}

// formatCount writes a population back into a form, plainly.
func formatCount(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

// formVersion reads the version a form was made from; a form without one
// cannot be checked for staleness and is refused as a conflict.
func formVersion(v url.Values) int {
	n, err := strconv.Atoi(v.Get("version"))
	if err != nil || n < 1 {
		return -1
	}
	return n
}

// download sets the headers of a file the browser saves rather than
// shows: its type and a name with the date, e.g.
// "birlik-organisations-2026-11-25.csv".
func download(w http.ResponseWriter, name, ext, contentType string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="birlik-%s-%s.%s"`, name, time.Now().UTC().Format(time.DateOnly), ext))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// exportFormat reads the format of an export route's path ("….csv" or
// "….json").
func exportFormat(r *http.Request) string {
	if strings.HasSuffix(r.URL.Path, ".json") {
		return "json"
	}
	return "csv"
}

// changed is one field whose stored value differs from what was typed,
// shown after a conflict so the person sees what someone else saved.
type changed struct {
	Label   string // already translated
	Current string // the stored value as the page shows it
}

// differences lists the fields, in the order of names, whose stored value
// differs from the one typed; fields the form did not send are skipped.
// show turns a stored value into what the page shows ("" for none).
func differences(l *locale.Lang, prefix string, typed, stored url.Values, show func(name, value string) string, names ...string) []changed {
	var out []changed
	for _, n := range names {
		if _, sent := typed[n]; !sent || strings.TrimSpace(typed.Get(n)) == stored.Get(n) {
			continue
		}
		cur := stored.Get(n)
		if show != nil {
			cur = show(n, cur)
		}
		if cur == "" {
			cur = l.T("network.empty")
		}
		out = append(out, changed{Label: l.T(prefix + ".field." + n), Current: cur})
	}
	return out
}

// downloaded ends a download: once the first bytes are sent the status
// cannot change, so a failure (mostly a client gone away) is logged
// rather than turned into an error page appended to the file.
func (s *Server) downloaded(r *http.Request, err error) error {
	if err != nil {
		s.log.WarnContext(r.Context(), "download interrupted", "path", r.URL.Path, "error", err)
	}
	return nil
}
