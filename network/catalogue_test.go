package network_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"birlik/locale"
	"birlik/network"
)

// TestCatalogueKeys fails when the package uses a message key that a
// required language lacks: every key in the code, and every key the
// vocabulary's Key methods produce.
func TestCatalogueKeys(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`"((?:error\.network|network)\.[a-z0-9_.]*[a-z0-9_]|error\.(?:not_found|forbidden|conflict))"`)
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = true
		}
	}
	for _, k := range []network.PlaceKind{network.Region, network.Province, network.District} {
		used[k.Key()] = true
	}
	for _, k := range network.OrgKinds {
		used[k.Key()] = true
	}
	for _, k := range network.MunicipalityKinds {
		used[k.Key()] = true
	}
	for _, m := range network.MemberStatuses {
		used[m.Key()] = true
	}
	for _, g := range network.Genders {
		used[g.Key()] = true
	}
	for _, k := range network.AffiliationKinds {
		used[k.Key()] = true
	}
	for _, c := range append(append([]string{"boundary", "code", "notes", "ended", "province_id", "no-such-field"}, network.OrgCSVColumns...), network.PeopleCSVColumns...) {
		used[network.FieldKey(c)] = true
	}
	for _, s := range network.OrgSorts {
		used[network.OrgSortKey(s)] = true
	}
	for _, s := range network.PeopleSorts {
		used[network.PeopleSortKey(s)] = true
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys; is the pattern right?", len(used))
	}
	c := locale.MustLoad()
	for _, lang := range []string{"tr", "en", "fr"} {
		keys := c.Keys(lang)
		for k := range used {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: key %q is used but missing", lang, k)
			}
		}
	}
}
