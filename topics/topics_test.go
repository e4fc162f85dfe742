package topics

import (
	"testing"

	"birlik/locale"
)

// TestNamed makes sure every code has a name in every language's
// catalogue, and that codes are unique within their vocabulary.
func TestNamed(t *testing.T) {
	// The catalogues' own test makes every language hold the same keys.
	cat := locale.MustLoad()
	named := map[string]bool{}
	for _, key := range cat.Keys("tr") {
		named[key] = true
	}
	for _, k := range []Kind{Theme, Group, Right, SDG} {
		seen := map[string]bool{}
		for _, c := range Codes(k) {
			if seen[c] {
				t.Errorf("%s %q twice", k, c)
			}
			seen[c] = true
			if !named[Key(k, c)] {
				t.Errorf("no name for %s", Key(k, c))
			}
		}
	}
	if !Valid(Group, "refugees") || Valid(Group, "refugee") || Valid("nothing", "refugees") {
		t.Error("Valid accepts or refuses the wrong codes")
	}
}
