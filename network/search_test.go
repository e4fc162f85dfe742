package network_test

import (
	"testing"

	"birlik/network"
	"birlik/store"
	"birlik/store/storetest"
)

// TestSearchIndexStaysInStep checks search through the trigram index (three
// characters or more) and without it (shorter queries, LIKE's own
// wildcards), and that the index follows inserts, renames and deletes.
func TestSearchIndexStaysInStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		ctx := as(admin)
		find := func(q string) []string {
			t.Helper()
			orgs, _, err := s.Organisations(ctx, network.OrgFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			return orgIDs(orgs)
		}
		for _, tt := range []struct {
			q    string
			want []string
		}{
			{"izmit", []string{"kocaeli-izmit"}},
			{"İZMİT BEL", []string{"kocaeli-izmit"}},
			{"iz", []string{"kocaeli-izmit"}},                   // too short for trigrams
			{"zm", []string{"kocaeli-izmit"}},                   // too short, inside a word
			{"100%", nil},                                       // LIKE's wildcard, taken literally
			{"nil_fer", nil},                                    // likewise
			{"kadikoy", []string{"istanbul-kadikoy"}},           // ı folded to i
			{"Büyükşehir", []string{"bursa-bb", "istanbul-bb"}}, // diacritics folded
		} {
			if got := find(tt.q); !sameStrings(got, tt.want) {
				t.Errorf("search %q: %v, want %v", tt.q, got, tt.want)
			}
		}
		o, err := s.Organisation(ctx, "kocaeli-izmit")
		if err != nil {
			t.Fatal(err)
		}
		o.Name = "Körfez Belediyesi"
		if err := s.UpdateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		if got := find("korfez"); !sameStrings(got, []string{"kocaeli-izmit"}) {
			t.Errorf("after a rename, the new name finds %v", got)
		}
		if got := find("İzmit Belediyesi"); len(got) != 0 {
			t.Errorf("after a rename, the old name still finds %v", got)
		}

		p := mustPerson(t, s, "Şükrü", "Işıkçı", "sukru@kadikoy.bel.tr", "istanbul-kadikoy")
		people := func(q string) []network.Person {
			t.Helper()
			got, _, err := s.People(ctx, network.PeopleFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := people("isikci"); len(got) != 1 || got[0].ID != p.ID {
			t.Errorf("search a new person: %v", personNames(got))
		}
		p.FamilyName = "Yıldırım"
		if err := s.UpdatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if got := people("yildirim"); len(got) != 1 {
			t.Errorf("after a change, the new name finds %v", personNames(got))
		}
		if got := people("isikci"); len(got) != 0 {
			t.Errorf("after a change, the old name finds %v", personNames(got))
		}
	})
}
