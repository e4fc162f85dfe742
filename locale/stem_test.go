package locale

import (
	"slices"
	"testing"
)

func TestStemTurkish(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bare noun", "göçmen", "gocmen"},
		{"plural -ler", "göçmenler", "gocmen"},
		{"plural -lar", "çocuklar", "cocuk"},
		{"dative -e", "göçmene", "gocmen"},
		{"dative -a", "kadınlara", "kadin"},
		{"plural + dative", "göçmenlere", "gocmen"},
		{"locative -de", "göçmenlerde", "gocmen"},
		{"locative -da", "okulda", "okul"},
		{"locative -te after voiceless", "kentte", "kent"},
		{"ablative -den", "göçmenlerden", "gocmen"},
		{"ablative -dan", "çocuklardan", "cocuk"},
		{"genitive -in", "göçmenin", "gocmen"},
		{"genitive -ın", "kadının", "kadin"},
		{"genitive -un", "okulun", "okul"},
		{"genitive -ün", "Türkün", "turk"},
		{"genitive -nin after vowel", "belediyenin", "belediy"},
		{"bare noun ending in a vowel", "belediye", "belediy"},
		{"buffer y: dative", "belediyeye", "belediy"},
		{"buffer s: possessive", "belediyesi", "belediy"},
		{"buffer n after possessive", "belediyesine", "belediy"},
		{"possessive -imiz", "çocuklarımız", "cocuk"},
		{"possessive -miz after vowel + genitive", "belediyemizin", "belediy"},
		{"possessive + dative", "çocuklarımıza", "cocuk"},
		{"plural possessive -leri", "hizmetleri", "hizmet"},
		{"possessive plural + dative", "eğitimlerine", "egit"},
		{"same stem bare", "eğitim", "egit"},
		{"k softened to ğ", "çocuğa", "cocuk"},
		{"k softened, genitive", "çocuğun", "cocuk"},
		{"b hardens", "kitabı", "kitap"},
		{"instrumental -le", "göçmenlerle", "gocmen"},
		{"relative -deki", "mahalledeki", "mahal"},
		{"short word left alone", "ev", "ev"},
		{"short inflected word not over-stemmed", "evde", "evde"},
		{"kadın keeps its n", "kadın", "kadin"},
		{"kadına is not kadı+na", "kadına", "kadin"},
		{"four letters", "aile", "aile"},
		{"aile plural", "aileler", "aile"},
		{"number", "2026", "2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Stems("tr", Fold(tt.in)); !slices.Contains(got, tt.want) {
				t.Errorf("Stems(tr, %q) = %q, want it to hold %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestStemTurkishShortWords: words of four letters or fewer are never
// cut, and a word with no suffix to cut keeps one stem.
func TestStemTurkishShortWords(t *testing.T) {
	for _, w := range []string{"ev", "evde", "eve", "kadı", "göç", "aile", "okul", "il", "kent"} {
		if got := Stems("tr", Fold(w)); len(got) != 1 || got[0] != Fold(w) {
			t.Errorf("Stems(tr, %q) = %q, want the word itself", w, got)
		}
	}
	for _, w := range []string{"göçmen", "hizmet", "sosyal", "çocuk"} {
		if got := Stems("tr", Fold(w)); len(got) != 1 {
			t.Errorf("Stems(tr, %q) = %q, want one stem", w, got)
		}
	}
}

func TestStemEnglishFrench(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"en", "migrants", "migrant"},
		{"en", "families", "family"},
		{"en", "services", "service"},
		{"en", "access", "access"},
		{"en", "status", "status"},
		{"en", "bus", "bus"},
		{"fr", "réfugiés", "refugi"},
		{"fr", "réfugiée", "refugi"},
		{"fr", "réfugié", "refugi"},
		{"fr", "sociaux", "social"},
		{"fr", "sociale", "social"},
		{"fr", "enfants", "enfant"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.in, func(t *testing.T) {
			if got := Stem(tt.lang, Fold(tt.in)); got != tt.want {
				t.Errorf("Stem(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		name, lang, in string
		want           []string
	}{
		{"apostrophe cuts Turkish suffixes", "tr", "İzmit'te ve UMM'nin göçmenlere desteği", []string{"izmit", "umm", "gocmen", "destek"}},
		{"dotted capital I", "tr", "İZMİT izmit Izmit", []string{"izmit", "izmit", "izmit"}},
		{"French elision keeps the word", "fr", "l'accès des réfugiés", []string{"acce", "refugi"}},
		{"English possessive", "en", "children's rights", []string{"children", "right"}},
		{"stop words dropped", "tr", "bu bir proje ve", []string{"proj"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Terms(tt.lang, tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
			}
		})
	}
}

func TestQueryTermsMeetDocumentTerms(t *testing.T) {
	// Each query word must have among its alternatives the term the
	// document's language gives the document's word.
	tests := []struct{ query, lang, doc string }{
		{"göçmenlere", "tr", "göçmen"},
		{"cocuk", "tr", "Çocuklara yönelik"},
		{"izmit", "tr", "İzmit"},
		{"İzmit", "tr", "izmit"},
		{"refugies", "fr", "Réfugié"},
		{"migrant", "en", "migrants"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q := QueryTerms(tt.query)
			doc := Terms(tt.lang, tt.doc)
			if len(q) != 1 || len(doc) == 0 {
				t.Fatalf("QueryTerms(%q) = %q, Terms = %q", tt.query, q, doc)
			}
			if !slices.Contains(q[0], doc[0]) {
				t.Errorf("query %q → %q does not meet document %q → %q", tt.query, q[0], tt.doc, doc[0])
			}
		})
	}
}

func TestTokensOffsets(t *testing.T) {
	text := "Kadıköy'de göçmenlere"
	toks := Tokens("tr", text)
	if len(toks) != 2 {
		t.Fatalf("Tokens = %+v", toks)
	}
	if got := text[toks[0].Start:toks[0].End]; got != "Kadıköy" {
		t.Errorf("first token %q", got)
	}
	if got := text[toks[1].Start:toks[1].End]; got != "göçmenlere" || toks[1].Terms[0] != "gocmen" {
		t.Errorf("second token %q → %q", got, toks[1].Terms)
	}
}
