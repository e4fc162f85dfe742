package birlik

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanText trims s and reports whether it is acceptable text to store:
// valid UTF-8 without control characters (newlines and tabs only where
// multiline). NUL bytes in particular must never reach PostgreSQL, which
// refuses them in text. Every domain package checks its fields with it,
// each reporting the problem in its own words.
func CleanText(s string, multiline bool) (string, bool) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return s, false
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
			return s, false
		}
	}
	return s, true
}

// CleanQuery makes a search query safe to use as it is: invalid UTF-8
// dropped, control characters made spaces, trimmed, at most max
// characters. It never fails: a bad query is simply dropped.
func CleanQuery(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		s = strings.TrimSpace(string([]rune(s)[:max]))
	}
	return s
}
