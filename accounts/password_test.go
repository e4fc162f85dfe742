package accounts

import (
	"strings"
	"testing"
)

func TestHashPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=38912,t=2,p=1$") {
		t.Errorf("hash %q does not carry today's parameters", h)
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, tt := range []struct {
		pw   string
		want bool
	}{{"correct horse battery staple", true}, {"correct horse battery stapl", false}, {"", false}} {
		ok, err := checkPassword(h, tt.pw)
		if err != nil || ok != tt.want {
			t.Errorf("checkPassword(%q) = %v, %v; want %v", tt.pw, ok, err, tt.want)
		}
	}
	if _, err := checkPassword("$2a$10$bcrypt", "x"); err == nil {
		t.Error("a non-argon2id hash was accepted")
	}
	if needsRehash(h) {
		t.Error("a fresh hash needs rehash")
	}
	if !needsRehash("$argon2id$v=19$m=4096,t=1,p=1$c2FsdA$a2V5") {
		t.Error("a weak hash does not need rehash")
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct{ name, pw, email, want string }{
		{"ok", "uzun bir parola cümlesi", "a@b.org", ""},
		{"short", "kısa", "", "error.password.too_short"},
		{"eleven runes of two bytes", "ççççççççççç", "", "error.password.too_short"},
		{"long", strings.Repeat("a", 129), "", "error.password.too_long"},
		{"common", "Password1234", "", "error.password.common"},
		{"email", "ayse@nilufer.bel.tr", "Ayse@Nilufer.bel.tr", "error.password.is_email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidatePassword(tt.pw, tt.email); got != tt.want {
				t.Errorf("ValidatePassword(%q) = %q, want %q", tt.pw, got, tt.want)
			}
		})
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		HashPassword("correct horse battery staple")
	}
}
