package locale

import (
	"bytes"
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"dotted capital I", "İzmit", "izmit"},
		{"plain lower", "izmit", "izmit"},
		{"ascii capitals", "IZMIT", "izmit"},
		{"dotless i", "Kırklareli", "kirklareli"},
		{"cedilla", "Çanakkale", "canakkale"},
		{"every Turkish letter", "ÇĞİÖŞÜçğıöşü", "cgiosucgiosu"},
		{"circumflex", "Hâkimiyet", "hakimiyet"},
		{"french accents", "Évaluation à Sète", "evaluation a sete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTurkishCase(t *testing.T) {
	if got := Upper("istanbul ılıca"); got != "İSTANBUL ILICA" {
		t.Errorf("Upper = %q", got)
	}
	if got := Lower("İSTANBUL ILICA"); got != "istanbul ılıca" {
		t.Errorf("Lower = %q", got)
	}
}

func TestSortKeyOrdersTurkish(t *testing.T) {
	want := []string{"Balıkesir", "Bilecik", "Bursa", "Çanakkale", "Edirne", "Ilgaz", "İstanbul", "Kırklareli", "Kocaeli", "Osmaneli", "Ödemiş", "Sakarya", "Şile", "Tekirdağ", "Uşak", "Üsküdar", "Yalova"}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, func(a, b string) int { return bytes.Compare(SortKey(a), SortKey(b)) })
	if !slices.Equal(got, want) {
		t.Errorf("sorted by SortKey:\n got %v\nwant %v", got, want)
	}
	slices.Reverse(got)
	slices.SortFunc(got, Compare)
	if !slices.Equal(got, want) {
		t.Errorf("sorted by Compare:\n got %v\nwant %v", got, want)
	}
	if bytes.Compare(SortKey("Cadde 2"), SortKey("Cadde 10")) >= 0 {
		t.Error("numbers inside names must sort by value: Cadde 2 before Cadde 10")
	}
}

func TestLikePattern(t *testing.T) {
	if got := LikePattern(" İzmit "); got != "%izmit%" {
		t.Errorf("LikePattern = %q", got)
	}
	if got := LikePattern(`50%_a\b`); got != `%50\%\_a\\b%` {
		t.Errorf("LikePattern escapes = %q", got)
	}
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Nilüfer Belediyesi":      "nilufer-belediyesi",
		"  İstanbul -- Kadıköy  ": "istanbul-kadikoy",
		"Çağ Üniversitesi (ÇÜ)":   "cag-universitesi-cu",
		"":                        "",
	}
	for in, want := range tests {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
