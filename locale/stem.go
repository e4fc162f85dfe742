package locale

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Full-text search compares stems, not words: "göçmenlere" (to the
// migrants) and "göçmen" (migrant) must meet, as must "réfugiés" and
// "réfugié". The stemming is done here, in Go, rather than by the
// database, so that SQLite and PostgreSQL index and query the very same
// terms (PostgreSQL has no Turkish stemmer in every build, SQLite none at
// all). The stemmers are deliberately light: they strip the inflections a
// search must see through and leave derivation alone. What matters most is
// that a word and its inflected forms end on the same stem, not that the
// stem is the linguist's root; short words are left as they are.

// SearchLangs are the languages whose texts are stemmed.
var SearchLangs = []string{"tr", "en", "fr"}

// Terms returns the search terms of text written in lang: its words
// folded (see Fold), stripped of the part after an apostrophe ("İzmit'te"
// is "izmit"), without stop words, stemmed by the rules of lang. The
// terms are ASCII letters and digits in the common case, with no spaces.
func Terms(lang, text string) []string {
	words := Words(Fold(text))
	out := make([]string, 0, len(words))
	for _, w := range words {
		if stopWord(lang, w) {
			continue
		}
		out = append(out, Stems(lang, w)...)
	}
	return out
}

// QueryTerms returns, for each word of a search query in an unknown
// language, the stems it may have in any of SearchLangs, without
// duplicates: a document matches the word when it holds any of them.
// Words that are stop words in any language are dropped, since a document
// in that language does not index them.
func QueryTerms(query string) [][]string {
	var out [][]string
	for _, w := range Words(Fold(query)) {
		if stopWord("", w) {
			continue
		}
		var alts []string
		for _, lang := range SearchLangs {
			for _, s := range Stems(lang, w) {
				if !contains(alts, s) {
					alts = append(alts, s)
				}
			}
		}
		out = append(out, alts)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Words splits folded text into words: runs of letters and digits. An
// apostrophe inside a word ends it, and what follows up to the next
// space or punctuation is dropped: in Turkish it separates a proper
// noun from its suffixes ("UMM'nin", "İzmit'te"), in French and English
// it joins elisions and possessives ("l'accès", "children's"), whose
// longer part the search keeps.
func Words(folded string) []string {
	var out []string
	for _, w := range tokenRanges(folded) {
		out = append(out, folded[w[0]:w[1]])
	}
	return out
}

// Token is a word of an original text, with its place in it, for marking
// matches in a snippet.
type Token struct {
	Start, End int      // byte offsets of the word in the text
	Terms      []string // the word's stems in the text's language
}

// Tokens returns the words of text (not folded) with their offsets and
// stems in lang; stop words are left out.
func Tokens(lang, text string) []Token {
	var out []Token
	for _, r := range tokenRanges(text) {
		w := Fold(text[r[0]:r[1]])
		if len(w) < 1 || stopWord(lang, w) {
			continue
		}
		out = append(out, Token{Start: r[0], End: r[1], Terms: Stems(lang, w)})
	}
	return out
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// tokenRanges returns the byte ranges of the words of s. After an
// apostrophe, the word's rest is skipped; in elisions ("l'accès",
// "d'intégration") the part before is one or two letters and the part
// after is kept instead.
func tokenRanges(s string) [][2]int {
	var out [][2]int
	start := -1
	skipping := false
	for i := 0; i <= len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if i == len(s) {
			r, size = ' ', 1
		}
		switch {
		case isWordRune(r):
			if start < 0 && !skipping {
				start = i
			}
		case isApostrophe(r) && start >= 0:
			if utf8.RuneCountInString(s[start:i]) <= 2 {
				// An elision: keep what follows.
				start = -1
			} else {
				out = append(out, [2]int{start, i})
				start = -1
				skipping = true
			}
		default:
			if start >= 0 {
				out = append(out, [2]int{start, i})
			}
			start = -1
			skipping = false
		}
		i += size
	}
	return out
}

// Stem returns the main stem of one folded word in lang ("tr", "en",
// "fr"); other languages keep the word.
func Stem(lang, word string) string { return Stems(lang, word)[0] }

// Stems returns every stem of one folded word in lang, the main one
// first: a Turkish word whose suffixes can be cut two ways has two (see
// stemTurkish). Never empty.
func Stems(lang, word string) []string {
	switch lang {
	case "tr":
		return stemTurkish(word)
	case "en":
		return []string{stemEnglish(word)}
	case "fr":
		return []string{stemFrench(word)}
	}
	return []string{word}
}

// minStem is the fewest letters a Turkish stem keeps: shorter words are
// not stemmed ("evde" stays), which keeps "kadın" from losing its "ın".
const minStem = 4

type suffix struct {
	s    string
	cond func(stem string) bool // nil: any stem
}

func lastByte(s string) byte { return s[len(s)-1] }

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

// afterVowel: buffer consonants y, n, s only come between a vowel and a
// suffix that starts with one ("belediye-ye", "belediye-si").
func afterVowel(stem string) bool { return isVowel(lastByte(stem)) }

// afterConsonant: a suffix that starts with a vowel follows a consonant
// (after a vowel it takes a buffer letter).
func afterConsonant(stem string) bool { return !isVowel(lastByte(stem)) }

// afterVoiceless: -ta/-te/-tan/-ten follow p, ç, t, k, f, h, s, ş.
func afterVoiceless(stem string) bool { return strings.IndexByte("pctkfhs", lastByte(stem)) >= 0 }

// afterPossessive: the pronominal n ("evi-ne", "belediyesi-nde") follows
// a third-person possessive. Which final i is one cannot be told without
// a dictionary ("kadın-a" against "evi-ne"), so the n is taken only after
// the endings that mostly are: -si, -ri (-leri), -ci/-çi, -ti, -yi.
func afterPossessive(stem string) bool {
	if len(stem) < 2 || !strings.ContainsRune("iu", rune(lastByte(stem))) {
		return false
	}
	return strings.IndexByte("srcty", stem[len(stem)-2]) >= 0
}

// turkishSuffixes are the inflections stripped, longest first, all in
// folded form (ı → i, ü → u), so that each stands for its harmonic
// variants: case endings, possessives, the plural.
var turkishSuffixes = func() []suffix {
	var out []suffix
	add := func(cond func(string) bool, ss ...string) {
		for _, s := range ss {
			out = append(out, suffix{s, cond})
		}
	}
	// Locative relative (-daki), ablative, locative, genitive, dative,
	// accusative, instrumental.
	add(nil, "daki", "deki", "dan", "den", "da", "de", "lar", "ler", "lari", "leri")
	add(afterVoiceless, "taki", "teki", "tan", "ten", "ta", "te")
	add(afterPossessive, "ndaki", "ndeki", "ndan", "nden", "nda", "nde", "na", "ne")
	add(afterVowel, "nin", "nun", "yla", "yle", "ya", "ye", "yi", "yu", "si", "su", "miz", "muz", "niz", "nuz")
	add(afterConsonant, "imiz", "umuz", "iniz", "unuz", "in", "un", "im", "um", "la", "le", "a", "e", "i", "u")
	// Longest first; among equals, the order above.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j].s) > len(out[j-1].s); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}()

// stemTurkish strips inflectional suffixes from the end of a folded word
// until none applies, each time the longest one whose condition holds and
// which leaves at least minStem letters; then it hardens a final g, b or
// d (ğ → k: "çocuğa" → "çocuk"; "kitabı" → "kitap"; "yurdu" → "yurt"),
// on every word alike so that both forms meet. Where a buffer letter
// makes the cut ambiguous ("göçmen-in" or "göçme-nin"? "belediye-nin" or
// "belediyen-in"?), both cuts are followed: the word gets every stem
// they lead to, the first being the cut with the buffer.
func stemTurkish(w string) []string {
	if !isASCIIWord(w) || len(w) <= minStem {
		return []string{w}
	}
	var out []string
	var walk func(w string, depth int)
	walk = func(w string, depth int) {
		if len(out) >= 4 {
			return
		}
		for i, sf := range turkishSuffixes {
			stem, ok := cut(w, sf)
			if !ok {
				continue
			}
			walk(stem, depth+1)
			// A suffix starting with a buffer letter: the shorter
			// suffix without it may be the right cut.
			if strings.IndexByte("nys", sf.s[0]) >= 0 && depth < 6 {
				for _, alt := range turkishSuffixes[i+1:] {
					if alt.s == sf.s[1:] {
						if stem2, ok := cut(w, alt); ok {
							walk(stem2, depth+1)
						}
						break
					}
				}
			}
			return
		}
		w = harden(w)
		if !contains(out, w) {
			out = append(out, w)
		}
	}
	walk(w, 0)
	return out
}

// cut strips sf from w when w ends with it, its condition holds and the
// stem left is long enough.
func cut(w string, sf suffix) (string, bool) {
	if len(w)-len(sf.s) < minStem || !strings.HasSuffix(w, sf.s) {
		return "", false
	}
	stem := w[:len(w)-len(sf.s)]
	if sf.cond != nil && !sf.cond(stem) {
		return "", false
	}
	return stem, true
}

func harden(w string) string {
	switch lastByte(w) {
	case 'g':
		return w[:len(w)-1] + "k"
	case 'b':
		return w[:len(w)-1] + "p"
	case 'd':
		return w[:len(w)-1] + "t"
	}
	return w
}

// isASCIIWord reports whether w holds lowercase ASCII letters only:
// numbers and words in other scripts are not stemmed.
func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// stemEnglish strips the plural: "children's" has lost its 's already,
// "families" → "family", "services" → "service", "migrants" → "migrant".
func stemEnglish(w string) string {
	if !isASCIIWord(w) || len(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// stemFrench strips the plural and the feminine, accents already folded:
// "réfugiées", "réfugiés", "réfugié" → "refugi"; "sociaux", "sociale" →
// "social".
func stemFrench(w string) string {
	if !isASCIIWord(w) || len(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "aux") && len(w) > 4:
		w = w[:len(w)-3] + "al"
	case strings.HasSuffix(w, "ss"):
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"):
		w = w[:len(w)-1]
	}
	if len(w) > 5 && strings.HasSuffix(w, "ee") {
		w = w[:len(w)-1]
	}
	if len(w) > 4 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// stopWords are words too common to search by, per language, folded.
var stopWords = map[string]map[string]bool{
	"tr": set("ve", "ile", "bir", "bu", "su", "da", "de", "icin", "olarak", "gibi", "daha", "cok", "her", "ya", "veya", "ki", "mi", "o", "en", "ise", "olan", "ayrica"),
	"en": set("the", "and", "of", "to", "in", "a", "an", "for", "with", "on", "is", "are", "by", "as", "at", "or", "be", "this", "that", "from", "was", "were", "it", "its"),
	"fr": set("le", "la", "les", "de", "des", "du", "et", "en", "un", "une", "pour", "dans", "sur", "par", "au", "aux", "a", "l", "d", "ou", "est", "qui", "que", "se", "ce", "ces", "avec", "son", "sa", "ses", "leur", "leurs"),
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// stopWord reports whether w is a stop word in lang, or in any language
// when lang is "".
func stopWord(lang, w string) bool {
	if lang != "" {
		return stopWords[lang][w]
	}
	for _, m := range stopWords {
		if m[w] {
			return true
		}
	}
	return false
}
