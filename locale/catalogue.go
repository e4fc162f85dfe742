// Package locale holds what depends on the reader's language: the message
// catalogues (Turkish by default, English, French; Arabic and Spanish
// where a part asks), CLDR plural rules, numbers and dates as each
// language writes them, and the Turkish rules for case, search folding and
// sorting that the stored data needs.
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Default is the language of the product when nothing else decides.
const Default = "tr"

// catalogues holds one folder per language, one JSON file per part of the
// product, so that people working on different parts do not edit the same
// file. A key appears in exactly one file of a language. A value is either
// a string or, for counts, an object with one string per CLDR plural form.
// Placeholders are written {name}.
//
//go:embed catalogues
var catalogues embed.FS

// Catalogue holds every language's messages. It is read-only once loaded
// and safe for concurrent use.
type Catalogue struct {
	langs map[string]*Lang
	codes []string // in the order the language menu shows them
}

// Lang is one language's messages and formats.
type Lang struct {
	Code     string // "tr", "en", …
	Name     string // the language's own name for itself, for the menu
	Dir      string // "ltr" or "rtl"
	Tag      language.Tag
	messages map[string]msg
	printer  *message.Printer
}

type msg struct {
	text  string          // a plain message
	forms map[Form]string // a plural message
}

// languages lists the languages Birlik offers, in menu order.
var languages = []struct{ code, name, dir string }{
	{"tr", "Türkçe", "ltr"},
	{"en", "English", "ltr"},
	{"fr", "Français", "ltr"},
	{"ar", "العربية", "rtl"},
	{"es", "Español", "ltr"},
}

// Load reads the embedded catalogues. It fails on malformed JSON, on a key
// given twice, and on a plural message missing a form its language needs;
// completeness across languages is checked by the tests, so that a missing
// translation fails CI rather than a start-up in production.
func Load() (*Catalogue, error) {
	c := &Catalogue{langs: map[string]*Lang{}}
	for _, l := range languages {
		dir := path.Join("catalogues", l.code)
		files, err := fs.ReadDir(catalogues, dir)
		if err != nil {
			continue // language not offered yet
		}
		lang := &Lang{Code: l.code, Name: l.name, Dir: l.dir, Tag: language.MustParse(l.code), messages: map[string]msg{}}
		lang.printer = message.NewPrinter(lang.Tag)
		from := map[string]string{}
		for _, f := range files {
			if !strings.HasSuffix(f.Name(), ".json") {
				continue
			}
			name := path.Join(dir, f.Name())
			data, err := fs.ReadFile(catalogues, name)
			if err != nil {
				return nil, err
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(data, &raw); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			for key, v := range raw {
				if prev, dup := from[key]; dup {
					return nil, fmt.Errorf("%s: key %q is also in %s", name, key, prev)
				}
				from[key] = name
				m, err := parseMsg(l.code, v)
				if err != nil {
					return nil, fmt.Errorf("%s: key %q: %w", name, key, err)
				}
				lang.messages[key] = m
			}
		}
		c.langs[l.code] = lang
		c.codes = append(c.codes, l.code)
	}
	if c.langs[Default] == nil {
		return nil, fmt.Errorf("no catalogue for the default language %q", Default)
	}
	return c, nil
}

func parseMsg(lang string, v json.RawMessage) (msg, error) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return msg{text: s}, nil
	}
	var forms map[Form]string
	if err := json.Unmarshal(v, &forms); err != nil {
		return msg{}, fmt.Errorf("want a string or an object of plural forms")
	}
	for _, f := range Forms(lang) {
		if _, ok := forms[f]; !ok {
			return msg{}, fmt.Errorf("plural form %q missing", f)
		}
	}
	return msg{forms: forms}, nil
}

// MustLoad is Load for program start-up and tests: the catalogues are
// embedded, so an error is a bug in the build.
func MustLoad() *Catalogue {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Lang returns the language with the given code, or the default language.
func (c *Catalogue) Lang(code string) *Lang {
	if l, ok := c.langs[code]; ok {
		return l
	}
	return c.langs[Default]
}

// Has reports whether the code names an offered language.
func (c *Catalogue) Has(code string) bool { _, ok := c.langs[code]; return ok }

// Langs returns the offered languages in menu order.
func (c *Catalogue) Langs() []*Lang {
	out := make([]*Lang, len(c.codes))
	for i, code := range c.codes {
		out[i] = c.langs[code]
	}
	return out
}

// Keys returns the sorted keys of a language; the completeness test
// compares them across languages.
func (c *Catalogue) Keys(code string) []string {
	l := c.langs[code]
	if l == nil {
		return nil
	}
	keys := make([]string, 0, len(l.messages))
	for k := range l.messages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// IsPlural reports whether key is a plural message in the language.
func (c *Catalogue) IsPlural(code, key string) bool {
	l := c.langs[code]
	return l != nil && l.messages[key].forms != nil
}

// Match picks the language to use from, in order, each explicit choice
// given (the ?lang= parameter, the account's setting, the cookie) and then
// the Accept-Language header. Empty or unknown choices are skipped.
func (c *Catalogue) Match(acceptLanguage string, choices ...string) *Lang {
	for _, code := range choices {
		if l, ok := c.langs[code]; ok {
			return l
		}
	}
	if acceptLanguage != "" {
		tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
		if err == nil && len(tags) > 0 {
			offered := make([]language.Tag, len(c.codes))
			for i, code := range c.codes {
				offered[i] = c.langs[code].Tag
			}
			_, i, conf := language.NewMatcher(offered).Match(tags...)
			if conf != language.No {
				return c.langs[c.codes[i]]
			}
		}
	}
	return c.langs[Default]
}

// T returns the message for key with its {placeholders} filled from args,
// given as name, value pairs: T("org.members", "n", 12). A missing key
// shows as the key itself, which the catalogue test catches before users
// do. Numbers are formatted for the language.
func (l *Lang) T(key string, args ...any) string {
	m, ok := l.messages[key]
	if !ok {
		return key
	}
	text := m.text
	if m.forms != nil {
		text = m.forms[Other]
	}
	return l.fill(text, args)
}

// N returns the plural message for key chosen by count, with {n} set to
// the formatted count and the other placeholders from args.
func (l *Lang) N(key string, count int64, args ...any) string {
	m, ok := l.messages[key]
	if !ok {
		return key
	}
	text := m.text
	if m.forms != nil {
		text = m.forms[PluralForm(l.Code, count)]
		if text == "" {
			text = m.forms[Other]
		}
	}
	return l.fill(text, append([]any{"n", count}, args...))
}

func (l *Lang) fill(text string, args []any) string {
	if len(args) == 0 || !strings.Contains(text, "{") {
		return text
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		name, _ := args[i].(string)
		pairs = append(pairs, "{"+name+"}", l.format(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

func (l *Lang) format(v any) string {
	switch x := v.(type) {
	case int, int32, int64, uint, uint32, uint64, float32, float64:
		return l.Number(x)
	case time.Time:
		return l.Date(x)
	case string:
		return x
	case fmt.Stringer:
		return x.String()
	default:
		return fmt.Sprint(x)
	}
}

// Number formats a number with the language's digit grouping and decimal
// mark: 12.345 in Turkish, 12,345 in English, 12 345 in French.
func (l *Lang) Number(v any) string {
	switch x := v.(type) {
	case float64:
		return l.printer.Sprint(number.Decimal(x, number.MaxFractionDigits(2)))
	case float32:
		return l.printer.Sprint(number.Decimal(x, number.MaxFractionDigits(2)))
	}
	return l.printer.Sprint(number.Decimal(v))
}

// Date formats t as a long date in the language ("25 Kasım 2026"), in the
// time zone of t.
func (l *Lang) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.T("date.long", "day", strconv.Itoa(t.Day()), "month", l.T("date.month."+strconv.Itoa(int(t.Month()))), "year", strconv.Itoa(t.Year()))
}

// DateTime formats t as a long date and a 24-hour time.
func (l *Lang) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.T("date.datetime", "date", l.Date(t), "time", t.Format("15:04"))
}

// ISODate parses a calendar date stored as YYYY-MM-DD and formats it; an
// empty or malformed value returns "".
func (l *Lang) ISODate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return ""
	}
	return l.Date(t)
}
