package needs

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"birlik"
	"birlik/store"
	"birlik/topics"
)

// Field lengths, in characters.
const (
	maxTitle       = 200
	maxText        = 10000
	maxNote        = 2000
	maxRefs        = 5000
	maxPeople      = 100_000_000
	maxTopics      = 20
	maxNeedsPerRec = 100
)

func forbidden() error { return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden") }
func notFound() error  { return birlik.Errorf(birlik.ENOTFOUND, "error.not_found") }
func conflict() error  { return birlik.Errorf(birlik.ECONFLICT, "error.conflict") }

// text cleans *s and records a problem with field v when it is required
// and empty, too long or not acceptable.
func text(v *birlik.Invalid, field string, s *string, required bool, max int, multiline bool) {
	c, ok := birlik.CleanText(*s, multiline)
	*s = c
	switch {
	case !ok:
		v.Add(field, "error.needs.text_invalid")
	case c == "" && required:
		v.Add(field, "error.needs.required")
	case utf8.RuneCountInString(c) > max:
		v.Add(field, "error.needs.too_long")
	}
}

// codes keeps the unique codes of vocabulary k in vocabulary order, and
// records a problem when one is unknown.
func codes(v *birlik.Invalid, field string, k topics.Kind, in []string) []string {
	seen := map[string]bool{}
	for _, c := range in {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !topics.Valid(k, c) {
			v.Add(field, "error.needs.topic_unknown")
			continue
		}
		seen[c] = true
	}
	var out []string
	for _, c := range topics.Codes(k) {
		if seen[c] {
			out = append(out, c)
		}
	}
	if len(out) > maxTopics {
		v.Add(field, "error.needs.too_many")
	}
	return out
}

func people(v *birlik.Invalid, field string, p *int64) {
	if p != nil && (*p < 0 || *p > maxPeople) {
		v.Add(field, "error.needs.people_invalid")
	}
}

// ParsePeople reads a count of people typed in a form: digits, with the
// thousands separators people type ("1.200", "1,200", "1 200"); nil for
// an empty field. ok is false when it is not a count.
func ParsePeople(s string) (p *int64, ok bool) {
	s = strings.Map(func(r rune) rune {
		if r == '.' || r == ',' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return nil, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return nil, false
	}
	return &n, true
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// municipality reports whether org is a stored municipality.
func municipality(ctx context.Context, q store.Querier, org string) (bool, error) {
	var kind string
	err := q.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = ?`, org).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return kind == "municipality", err
}

// checkOrg decides which organisation the actor acts for: a focal point
// always their own (another is EFORBIDDEN), staff any municipality named.
func checkOrg(ctx context.Context, q store.Querier, a birlik.Actor, org string, v *birlik.Invalid) (string, error) {
	org = strings.TrimSpace(org)
	switch {
	case a.Scoped():
		if org != "" && org != a.OrgID {
			return "", birlik.Errorf(birlik.EFORBIDDEN, "error.needs.not_your_org")
		}
		return a.OrgID, nil
	case a.Staff() || a.System:
	default:
		return "", forbidden()
	}
	if org == "" {
		v.Add("org_id", "error.needs.required")
		return "", nil
	}
	ok, err := municipality(ctx, q, org)
	if err != nil {
		return "", err
	}
	if !ok {
		v.Add("org_id", "error.needs.org_unknown")
	}
	return org, nil
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func joinCodes(c []string) string { return strings.Join(c, " ") }

func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}

func sameCodes(a, b []string) bool { return slices.Equal(a, b) }
