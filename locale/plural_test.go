package locale

import "testing"

// The examples are CLDR 46's own (plurals.xml, @integer samples).
func TestPluralForm(t *testing.T) {
	tests := []struct {
		lang string
		want Form
		ns   []int64
	}{
		{"tr", One, []int64{1}},
		{"tr", Other, []int64{0, 2, 16, 100, 1000, 10000, 1000000}},
		{"en", One, []int64{1}},
		{"en", Other, []int64{0, 2, 16, 100, 1000000}},
		{"fr", One, []int64{0, 1}},
		{"fr", Many, []int64{1000000, 2000000, 3000000}},
		{"fr", Other, []int64{2, 16, 100, 1000, 10000, 100000, 1000001}},
		{"es", One, []int64{1}},
		{"es", Many, []int64{1000000, 2000000}},
		{"es", Other, []int64{0, 2, 16, 100, 1000, 1000001}},
		{"ar", Zero, []int64{0}},
		{"ar", One, []int64{1}},
		{"ar", Two, []int64{2}},
		{"ar", Few, []int64{3, 10, 103, 110, 1003}},
		{"ar", Many, []int64{11, 26, 99, 111, 1011}},
		{"ar", Other, []int64{100, 102, 200, 202, 1000, 10000, 100000, 1000000}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+string(tt.want), func(t *testing.T) {
			for _, n := range tt.ns {
				if got := PluralForm(tt.lang, n); got != tt.want {
					t.Errorf("PluralForm(%s, %d) = %s, want %s", tt.lang, n, got, tt.want)
				}
			}
		})
	}
}

func TestFormsArabicHasSix(t *testing.T) {
	if got := len(Forms("ar")); got != 6 {
		t.Errorf("Arabic has %d forms, want 6: %v", got, Forms("ar"))
	}
	if got := len(Forms("tr")); got != 2 {
		t.Errorf("Turkish has %d forms, want 2", got)
	}
}
