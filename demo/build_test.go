package demo

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"birlik/network"
	"birlik/seed"
)

// seedMunicipalities returns the seed's municipalities as a fresh database
// stores them: with the province derived from the place.
func seedMunicipalities(t *testing.T) []network.Organisation {
	t.Helper()
	orgs, err := seed.Organisations()
	if err != nil {
		t.Fatal(err)
	}
	var out []network.Organisation
	for _, o := range orgs {
		if o.Kind == network.Municipality {
			o.ProvinceID, _, _ = strings.Cut(o.PlaceID, "-")
			out = append(out, o)
		}
	}
	return out
}

func TestBuildIsDeterministic(t *testing.T) {
	a, err := build(seedMunicipalities(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	b, err := build(seedMunicipalities(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two builds of scale 2 differ")
	}
}

func TestBuild(t *testing.T) {
	places, err := seed.Places()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, p := range places {
		known[p.ID] = true
	}
	for _, scale := range []int{1, 3} {
		ds, err := build(seedMunicipalities(t), scale)
		if err != nil {
			t.Fatal(err)
		}
		members := map[network.MemberStatus]int{}
		for _, m := range ds.municipalities {
			members[m.MemberStatus]++
			if m.MemberStatus == network.Member && (m.MemberSince < "1990" || m.MemberSince > "2025") {
				t.Errorf("%s: member since %q", m.ID, m.MemberSince)
			}
			if m.MemberStatus == network.Former && (m.MemberUntil == "" || m.MemberUntil < m.MemberSince) {
				t.Errorf("%s: former member %s–%s", m.ID, m.MemberSince, m.MemberUntil)
			}
		}
		if members[network.Member] != 192 || members[network.Candidate] == 0 || members[network.Former] == 0 {
			t.Errorf("scale %d: membership %v", scale, members)
		}
		ids := map[string]bool{}
		for _, m := range ds.municipalities {
			ids[m.ID] = true
		}
		for _, o := range append(ds.partners, ds.extraOrgs...) {
			if ids[o.ID] {
				t.Errorf("organisation id %s twice", o.ID)
			}
			ids[o.ID] = true
			if o.PlaceID != "" && !known[o.PlaceID] {
				t.Errorf("%s: unknown place %s", o.ID, o.PlaceID)
			}
			if o.PlaceID == "" && o.Address == "" {
				t.Errorf("%s: neither a place nor an address", o.ID)
			}
		}
		emailRE := regexp.MustCompile(`^[a-z]+\.[a-z]+[0-9]*@[a-z0-9.-]+\.[a-z]+$`)
		emails := map[string]bool{}
		for _, p := range ds.people {
			e := p.Person.Email
			if emails[e] || !emailRE.MatchString(e) {
				t.Errorf("e-mail %q twice or malformed", e)
			}
			emails[e] = true
			if p.Affiliation.Started == "" || !ids[p.Affiliation.OrgID] && p.Affiliation.OrgID != seed.UnionID {
				t.Errorf("affiliation %+v", p.Affiliation)
			}
		}
		for _, m := range ds.moves {
			from := ds.people[m.person].Affiliation
			if m.to.OrgID == from.OrgID || m.to.Started <= from.Started {
				t.Errorf("move from %+v to %+v", from, m.to)
			}
		}
		for _, a := range ds.accounts {
			if a.Name == "" {
				t.Errorf("account %s has no name", a.Email)
			}
		}
		if scale == 3 && len(ds.people) != 3*ds.baseCount {
			t.Errorf("scale 3: %d people, scale 1 has %d", len(ds.people), ds.baseCount)
		}
	}
}

func TestScale100Counts(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 200,000 people in memory")
	}
	ds, err := build(seedMunicipalities(t), 100)
	if err != nil {
		t.Fatal(err)
	}
	orgs := 1 + len(ds.municipalities) + len(ds.partners) + len(ds.extraOrgs)
	if orgs != 20_000 {
		t.Errorf("%d organisations at scale 100", orgs)
	}
	if n := len(ds.people); n < 190_000 || n > 215_000 {
		t.Errorf("%d people at scale 100", n)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 200000: "200,000", 1234567: "1,234,567"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}
