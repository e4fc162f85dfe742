package practices_test

import (
	"net/url"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"

	"birlik/locale"
	"birlik/practices"
)

// FuzzParseQuery: any query string parses without panicking into a
// query whose Values parse back to the same query.
func FuzzParseQuery(f *testing.F) {
	f.Add("q=g%C3%B6%C3%A7menlere&theme=migration&group=women&page=2")
	f.Add("q=%FF%FE&sdg=99&province=istanbul&text_lang=de&page=-3")
	f.Add("page=9223372036854775807&right=housing&right=housing")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q := practices.ParseQuery(v)
		if q.Page < 1 {
			t.Errorf("page %d", q.Page)
		}
		back := practices.ParseQuery(q.Values())
		back.Page = q.Page
		if !reflect.DeepEqual(q, back) {
			t.Errorf("round trip: %+v → %+v", q, back)
		}
	})
}

// FuzzStems: stemming any text never panics, and every term of a
// document is among the alternatives its own words give as a query.
func FuzzStems(f *testing.F) {
	for _, s := range []string{"göçmenlere", "İzmit'te çocuklarımıza", "l'accès des réfugiées", "children's", "ev evde", "ŞĞÜÇÖİı"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		for _, lang := range locale.SearchLangs {
			for _, term := range locale.Terms(lang, text) {
				if term == "" {
					t.Errorf("empty term from %q", text)
				}
			}
			for _, tok := range locale.Tokens(lang, text) {
				if tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End {
					t.Fatalf("token %+v out of %q", tok, text)
				}
				q := locale.QueryTerms(text[tok.Start:tok.End])
				if len(q) != 1 {
					continue // a stop word of another language
				}
				for _, term := range tok.Terms {
					if !slices.Contains(q[0], term) {
						t.Errorf("%s word %q is stored as %q, which the query %q (%q) does not find", lang, text[tok.Start:tok.End], term, text[tok.Start:tok.End], q[0])
					}
				}
			}
		}
	})
}
