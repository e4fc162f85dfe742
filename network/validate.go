package network

import (
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"birlik"
)

// Field lengths, in characters. They bound what a form or an import may
// store; they are generous for real names and addresses and small enough
// that a pasted document is refused.
const (
	maxID         = 100
	maxName       = 200
	maxShortName  = 100
	maxWebsite    = 300
	maxEmail      = 254 // RFC 5321
	maxPhone      = 50
	maxAddress    = 500
	maxPersonName = 100
	maxHonorific  = 50
	maxPosition   = 200
	maxNotes      = 5000
	maxCode       = 10
	maxPopulation = 1_000_000_000
)

// Langs lists the language codes a person may prefer: the product's
// languages.
var Langs = []string{"tr", "en", "fr", "ar", "es"}

// issue is one problem with one field; issues collects them so that a form
// or an import row reports every problem at once. The first issue recorded
// for a field wins, like birlik.Invalid.
type issue struct{ field, key string }

type issues []issue

func (is *issues) add(field, key string) {
	for _, i := range *is {
		if i.field == field {
			return
		}
	}
	*is = append(*is, issue{field, key})
}

func (is issues) has(field string) bool {
	for _, i := range is {
		if i.field == field {
			return true
		}
	}
	return false
}

// err returns the issues as an EINVALID error for a form, or nil.
func (is issues) err() error {
	var v birlik.Invalid
	for _, i := range is {
		v.Add(i.field, i.key)
	}
	return v.Err()
}

// rows returns the issues as row errors of one import line.
func (is issues) rows(line int) []RowError {
	out := make([]RowError, len(is))
	for n, i := range is {
		out[n] = RowError{Line: line, Field: i.field, Message: i.key}
	}
	return out
}

// text cleans *s in place and records a problem when it is required and
// empty, too long, or not acceptable text.
func (is *issues) text(field string, s *string, required bool, max int, multiline bool) {
	v, ok := birlik.CleanText(*s, multiline)
	*s = v
	switch {
	case !ok:
		is.add(field, "error.network.text.invalid")
	case v == "" && required:
		is.add(field, "error.network.required")
	case utf8.RuneCountInString(v) > max:
		is.add(field, "error.network.too_long")
	}
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validID reports whether s can be an organisation or place id: a slug
// that is safe in a URL path and stable when retyped.
func validID(s string) bool { return len(s) <= maxID && slugRE.MatchString(s) }

// normDate accepts YYYY-MM-DD, and the DD.MM.YYYY that Turkish
// spreadsheets write, and returns the stored YYYY-MM-DD form.
func normDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil && t.Year() >= 1800 && t.Year() <= 2200 {
		return t.Format(time.DateOnly), true
	}
	if t, err := time.Parse("02.01.2006", s); err == nil && t.Year() >= 1800 && t.Year() <= 2200 {
		return t.Format(time.DateOnly), true
	}
	return s, false
}

func (is *issues) date(field string, s *string) {
	v, ok := normDate(*s)
	*s = v
	if !ok {
		is.add(field, "error.network.date.invalid")
	}
}

// dateOrder records a problem when both dates are set and end is before
// start.
func (is *issues) dateOrder(field, start, end string) {
	if start != "" && end != "" && end < start && !is.has(field) {
		is.add(field, "error.network.date.order")
	}
}

// normEmail lowercases and checks a plain address ("ad@alan.tr"); names
// and angle brackets are refused, since the address is stored bare.
func normEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", true
	}
	if len(s) > maxEmail {
		return s, false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return s, false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !strings.Contains(s[at+1:], ".") || strings.HasSuffix(s, ".") {
		return s, false
	}
	return s, true
}

func (is *issues) email(field string, s *string) {
	v, ok := normEmail(*s)
	*s = v
	if !ok {
		is.add(field, "error.network.email.invalid")
	}
}

// phone accepts what people write: digits, spaces, +, -, parentheses,
// dots and slashes, with at least three digits.
func (is *issues) phone(field string, s *string) {
	v, ok := birlik.CleanText(*s, false)
	*s = v
	if !ok {
		is.add(field, "error.network.phone.invalid")
		return
	}
	if v == "" {
		return
	}
	if utf8.RuneCountInString(v) > maxPhone {
		is.add(field, "error.network.too_long")
		return
	}
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-()./", r):
		default:
			is.add(field, "error.network.phone.invalid")
			return
		}
	}
	if digits < 3 {
		is.add(field, "error.network.phone.invalid")
	}
}

// website accepts http and https addresses, and a bare host such as
// "www.nilufer.bel.tr", which it completes with https://.
func (is *issues) website(field string, s *string) {
	v, ok := birlik.CleanText(*s, false)
	*s = v
	if !ok {
		is.add(field, "error.network.website.invalid")
		return
	}
	if v == "" {
		return
	}
	if !strings.Contains(v, "://") {
		v = "https://" + v
	}
	u, err := url.Parse(v)
	switch {
	case len(v) > maxWebsite:
		is.add(field, "error.network.too_long")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.Contains(u.Hostname(), ".") || strings.ContainsAny(v, " <>\"'"):
		is.add(field, "error.network.website.invalid")
	default:
		*s = v
	}
}

func (is *issues) population(field string, p *int64) {
	if p != nil && (*p < 0 || *p > maxPopulation) {
		is.add(field, "error.network.population.invalid")
	}
}

// parsePopulation reads a whole number, allowing the digit grouping a
// spreadsheet may add ("1.250.610", "1,250,610", "1 250 610").
func parsePopulation(s string) (*int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	if groupedRE.MatchString(s) {
		s = strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "", "\u202f", "").Replace(s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > maxPopulation {
		return nil, false
	}
	return &n, true
}

var groupedRE = regexp.MustCompile(`^\d{1,3}([., \x{00a0}\x{202f}]\d{3})+$`)

func validLang(s string) bool {
	for _, l := range Langs {
		if s == l {
			return true
		}
	}
	return false
}

func validOrgKind(k OrgKind) bool {
	for _, x := range OrgKinds {
		if k == x {
			return true
		}
	}
	return false
}

func validMunicipalityKind(k MunicipalityKind) bool {
	for _, x := range MunicipalityKinds {
		if k == x {
			return true
		}
	}
	return false
}

func validMemberStatus(m MemberStatus) bool {
	for _, x := range MemberStatuses {
		if m == x {
			return true
		}
	}
	return false
}

func validPlaceKind(k PlaceKind) bool { return k == Region || k == Province || k == District }

func validGender(g Gender) bool {
	switch g {
	case GenderUnknown, Female, Male, GenderOther, GenderUndisclosed:
		return true
	}
	return false
}

func validAffiliationKind(k AffiliationKind) bool {
	for _, x := range AffiliationKinds {
		if k == x {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func forbidden() error { return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden") }
func notFound() error  { return birlik.Errorf(birlik.ENOTFOUND, "error.not_found") }
func conflict() error  { return birlik.Errorf(birlik.ECONFLICT, "error.conflict") }
