package birlik

import "testing"

func TestCleanText(t *testing.T) {
	for _, tt := range []struct {
		name, in  string
		multiline bool
		want      string
		ok        bool
	}{
		{"trimmed", "  Kadıköy  ", false, "Kadıköy", true},
		{"NUL refused", "a\x00b", true, "a\x00b", false},
		{"newline in one line", "a\nb", false, "a\nb", false},
		{"newline in many", "a\r\n\tb", true, "a\r\n\tb", true},
		{"invalid UTF-8", "a\xffb", true, "a\xffb", false},
		{"C1 control", "a\u0085b", true, "a\u0085b", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := CleanText(tt.in, tt.multiline); got != tt.want || ok != tt.ok {
				t.Errorf("CleanText(%q, %v) = %q, %v; want %q, %v", tt.in, tt.multiline, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCleanQuery(t *testing.T) {
	for in, want := range map[string]string{
		" göçmen\x00 ev\n": "göçmen  ev",
		"a\xffb":           "ab",
		"çocuklarımızın":   "çocuklarım",
	} {
		if got := CleanQuery(in, 10); got != want {
			t.Errorf("CleanQuery(%q, 10) = %q, want %q", in, got, want)
		}
	}
}
