package practices

import (
	"strings"
	"unicode/utf8"

	"birlik/locale"
)

// Fragment is a piece of text to show, marked when it is a word the
// query matched. Pages print fragments as text (escaped) and wrap the
// marked ones in <mark>, so that no stored text is ever taken for
// markup.
type Fragment struct {
	Text string
	Hit  bool
}

// termSet is the set of every stem of every query word.
func termSet(terms [][]string) map[string]bool {
	set := map[string]bool{}
	for _, alts := range terms {
		for _, t := range alts {
			set[t] = true
		}
	}
	return set
}

func matches(tok locale.Token, set map[string]bool) bool {
	for _, t := range tok.Terms {
		if set[t] {
			return true
		}
	}
	return false
}

// Highlight splits text (in lang) into fragments, marking the words whose
// stems are in set.
func Highlight(lang, text string, set map[string]bool) []Fragment {
	if len(set) == 0 {
		return []Fragment{{Text: text}}
	}
	var out []Fragment
	at := 0
	for _, tok := range locale.Tokens(lang, text) {
		if !matches(tok, set) {
			continue
		}
		if tok.Start > at {
			out = append(out, Fragment{Text: text[at:tok.Start]})
		}
		out = append(out, Fragment{Text: text[tok.Start:tok.End], Hit: true})
		at = tok.End
	}
	if at < len(text) {
		out = append(out, Fragment{Text: text[at:]})
	}
	return out
}

// snippetLen is about how many bytes of text a snippet shows.
const snippetLen = 240

// snippet picks a passage of the texts around the first of their words
// the query matched (the start of the first text without a query, or
// when nothing matched), cut at word boundaries, with the matches
// marked.
func snippet(lang string, set map[string]bool, texts ...string) []Fragment {
	var first string
	for _, text := range texts {
		if text == "" {
			continue
		}
		if first == "" {
			first = text
		}
		if len(set) == 0 {
			break
		}
		// Only the start of a long text is searched for a passage: a
		// result page tokenizes twenty of them.
		scan := text
		if len(scan) > 4000 {
			scan = cutAt(scan, 4000)
		}
		for _, tok := range locale.Tokens(lang, scan) {
			if matches(tok, set) {
				start := tok.Start - snippetLen/3
				if start <= 0 {
					start = 0
				} else if i := strings.IndexAny(text[start:tok.Start], " \n\t"); i >= 0 {
					start += i + 1
				} else {
					start = tok.Start
				}
				passage := cutAt(text[start:], snippetLen)
				frags := Highlight(lang, passage, set)
				if start > 0 {
					frags = append([]Fragment{{Text: "… "}}, frags...)
				}
				if start+len(passage) < len(text) {
					frags = append(frags, Fragment{Text: " …"})
				}
				return frags
			}
		}
	}
	if first == "" {
		return nil
	}
	passage := cutAt(first, snippetLen)
	if len(passage) < len(first) {
		return []Fragment{{Text: passage + " …"}}
	}
	return []Fragment{{Text: passage}}
}

// cutAt returns the start of s up to about n bytes, ending at a space
// (or a whole character when there is none), with no line breaks.
func cutAt(s string, n int) string {
	if len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if i := strings.LastIndexAny(s[:cut], " \n\t"); i > n/2 {
			cut = i
		}
		s = s[:cut]
	}
	return strings.Join(strings.Fields(s), " ")
}
