package seed

import (
	"testing"

	"birlik/network"
)

func TestPlacesAndOrganisations(t *testing.T) {
	places, err := Places()
	if err != nil {
		t.Fatal(err)
	}
	count := map[network.PlaceKind]int{}
	ids := map[string]network.Place{}
	for _, p := range places {
		count[p.Kind]++
		if _, dup := ids[p.ID]; dup {
			t.Errorf("place %s twice", p.ID)
		}
		if p.ParentID != "" {
			if _, ok := ids[p.ParentID]; !ok {
				t.Errorf("place %s comes before its parent %s", p.ID, p.ParentID)
			}
		}
		ids[p.ID] = p
	}
	if count[network.Region] != 1 || count[network.Province] != 11 {
		t.Errorf("places by kind: %v", count)
	}
	if p := ids["bursa"]; p.Code != "16" || len(p.Boundary) == 0 || *p.Population < 3_000_000 {
		t.Errorf("bursa = %+v", p)
	}
	if _, ok := ids["istanbul-kadikoy"]; !ok {
		t.Error("no district istanbul-kadikoy")
	}
	if _, ok := ids["canakkale"]; !ok {
		t.Error("province Çanakkale not slugged to canakkale")
	}

	orgs, err := Organisations()
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 207 { // the union + 206 municipalities
		t.Fatalf("got %d organisations, want 207", len(orgs))
	}
	seen := map[string]network.Organisation{}
	byKind := map[network.MunicipalityKind]int{}
	for _, o := range orgs {
		if o.ParentID != "" {
			if _, ok := seen[o.ParentID]; !ok {
				t.Errorf("%s comes before its parent %s", o.ID, o.ParentID)
			}
		}
		if _, ok := ids[o.PlaceID]; !ok {
			t.Errorf("%s: unknown place %s", o.ID, o.PlaceID)
		}
		seen[o.ID] = o
		byKind[o.MunicipalityKind]++
	}
	want := map[network.MunicipalityKind]int{"": 1, network.Metropolitan: 6, network.Provincial: 5, network.DistrictMun: 153, network.Belde: 42}
	for k, n := range want {
		if byKind[k] != n {
			t.Errorf("%q: %d, want %d", k, byKind[k], n)
		}
	}
	if o := seen["bursa-nilufer"]; o.Name != "Nilüfer Belediyesi" || o.ParentID != "bursa-bb" || o.PlaceID != "bursa-nilufer" {
		t.Errorf("bursa-nilufer = %+v", o)
	}
}
