package locale

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form search compares: lowercased by Turkish rules
// (İ→i, I→ı), then stripped of diacritics, with dotless ı read as i. So
// "İzmit", "izmit" and "IZMIT" all fold to "izmit", and "Çanakkale" to
// "canakkale", which is what people type on a keyboard without Turkish keys.
// Stored search columns and the queries against them both go through Fold.
func Fold(s string) string {
	lower := cases.Lower(language.Turkish).String(s)
	out, _, err := transform.String(stripMarks, lower)
	if err != nil {
		out = lower
	}
	return strings.Map(func(r rune) rune {
		if r == 'ı' {
			return 'i'
		}
		return r
	}, out)
}

var stripMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Upper returns s uppercased by Turkish rules (i→İ, ı→I), for headings
// and codes shown in capitals.
func Upper(s string) string { return cases.Upper(language.Turkish).String(s) }

// Lower returns s lowercased by Turkish rules (İ→i, I→ı).
func Lower(s string) string { return cases.Lower(language.Turkish).String(s) }

// collators are reused: a collate.Collator is not safe for concurrent use
// and costly to build.
var collators = sync.Pool{New: func() any {
	return &sortKeyer{c: collate.New(language.Turkish, collate.Numeric)}
}}

type sortKeyer struct {
	c   *collate.Collator
	buf collate.Buffer
}

// SortKey returns the Turkish collation key of s: comparing keys byte by
// byte orders strings as a Turkish reader expects (Bursa < Çanakkale <
// Edirne; ı before i; "2" before "10"). Stored in a BLOB/BYTEA column, it
// lets the database sort with an index and still sort right.
func SortKey(s string) []byte {
	k := collators.Get().(*sortKeyer)
	defer collators.Put(k)
	key := k.c.KeyFromString(&k.buf, s)
	out := make([]byte, len(key))
	copy(out, key)
	k.buf.Reset()
	return out
}

// Compare orders a and b by Turkish collation; for sorting in Go.
func Compare(a, b string) int {
	k := collators.Get().(*sortKeyer)
	defer collators.Put(k)
	return k.c.CompareString(a, b)
}

// LikePattern returns a LIKE pattern that finds the folded query anywhere
// in a folded column, with LIKE's own wildcards escaped. Use it with
// `LIKE ? ESCAPE '\'`.
func LikePattern(query string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(Fold(strings.TrimSpace(query))) + "%"
}

// Slug returns an ASCII identifier made from s: folded, with every run of
// other characters turned into one hyphen. "Nilüfer Belediyesi" becomes
// "nilufer-belediyesi".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
