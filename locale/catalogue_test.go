package locale

import (
	"regexp"
	"slices"
	"testing"
	"time"
)

// TestCataloguesComplete fails when a key exists in one of the required
// languages and not in another, or when a message's placeholders differ
// between languages (a translator dropped {n}, say).
func TestCataloguesComplete(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	required := []string{"tr", "en", "fr"}
	ref := c.Keys(Default)
	if len(ref) == 0 {
		t.Fatal("the Turkish catalogue is empty")
	}
	for _, code := range required {
		if !c.Has(code) {
			t.Fatalf("no catalogue for %s", code)
		}
		keys := c.Keys(code)
		for _, k := range ref {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: missing key %q", code, k)
			}
		}
		for _, k := range keys {
			if !slices.Contains(ref, k) {
				t.Errorf("%s: key %q is not in the Turkish catalogue", code, k)
			}
		}
	}
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, k := range ref {
		want := placeholders(placeholder, c, Default, k)
		for _, code := range required[1:] {
			if got := placeholders(placeholder, c, code, k); !slices.Equal(got, want) {
				t.Errorf("%s: %q has placeholders %v, Turkish has %v", code, k, got, want)
			}
		}
	}
}

func placeholders(re *regexp.Regexp, c *Catalogue, code, key string) []string {
	m := c.Lang(code).messages[key]
	text := m.text
	for _, f := range m.forms {
		text += f
	}
	found := re.FindAllString(text, -1)
	slices.Sort(found)
	return slices.Compact(found)
}

func TestMatch(t *testing.T) {
	c := MustLoad()
	tests := []struct {
		name    string
		accept  string
		choices []string
		want    string
	}{
		{"nothing gives Turkish", "", nil, "tr"},
		{"query wins", "fr", []string{"en", "fr"}, "en"},
		{"unknown choice skipped", "", []string{"xx", "", "fr"}, "fr"},
		{"accept-language", "fr-CH, en;q=0.8", nil, "fr"},
		{"accept-language fallback", "de-DE, en;q=0.5", nil, "en"},
		{"nothing offered", "ja", nil, "tr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Match(tt.accept, tt.choices...).Code; got != tt.want {
				t.Errorf("Match = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestFormats(t *testing.T) {
	c := MustLoad()
	d := time.Date(2026, 11, 25, 9, 5, 0, 0, time.UTC)
	tests := []struct{ code, number, date string }{
		{"tr", "12.345", "25 Kasım 2026"},
		{"en", "12,345", "25 November 2026"},
		{"fr", "12\u00a0345", "25 novembre 2026"},
	}
	for _, tt := range tests {
		l := c.Lang(tt.code)
		if got := l.Number(12345); got != tt.number {
			t.Errorf("%s: Number = %q, want %q", tt.code, got, tt.number)
		}
		if got := l.Date(d); got != tt.date {
			t.Errorf("%s: Date = %q, want %q", tt.code, got, tt.date)
		}
	}
}
