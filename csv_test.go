package birlik

import "testing"

func TestCSVCell(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"plain text", "Moda Caddesi", "Moda Caddesi"},
		{"empty", "", ""},
		{"formula", "=SUM(A1:A9)", "'=SUM(A1:A9)"},
		{"at sign", "@cmd", "'@cmd"},
		{"tab", "\tx", "'\tx"},
		{"phone number", "+90 224 123 45 67", "+90 224 123 45 67"},
		{"negative number", "-12.5", "-12.5"},
		{"plus formula", "+A1*2", "'+A1*2"},
		{"typed apostrophe before a formula", "'=x", "''=x"},
		{"apostrophe alone", "'quoted'", "'quoted'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CSVCell(tc.in)
			if got != tc.want {
				t.Errorf("CSVCell(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if back := CSVValue(got); back != tc.in {
				t.Errorf("CSVValue(%q) = %q, want the typed %q back", got, back, tc.in)
			}
		})
	}
}
