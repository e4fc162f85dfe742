package network_test

import (
	"testing"

	"birlik/network"
	"birlik/store"
	"birlik/store/storetest"
)

func TestMembershipByProvince(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		got, err := s.MembershipByProvince(as(anonymous))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]network.ProvinceMembership{
			"istanbul":  {Municipalities: 2, Members: 2},
			"bursa":     {Municipalities: 2, Members: 2},
			"kocaeli":   {Municipalities: 1, Members: 0}, // a candidate is not a member
			"canakkale": {Municipalities: 1, Members: 1},
			"edirne":    {Municipalities: 1, Members: 0}, // a former member neither
		}
		if len(got) != len(want) {
			t.Errorf("got %v, want %v", got, want)
		}
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s: %+v, want %+v", id, got[id], w)
			}
		}
	})
}
