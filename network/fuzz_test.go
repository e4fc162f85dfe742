package network_test

import (
	"bytes"
	"net/url"
	"reflect"
	"testing"

	"birlik"
	"birlik/network"
	"birlik/store/storetest"
)

// checkImportErrors fails when a file's problems are not what the import
// promises: lines within the file, a catalogue key each, and counts that
// add up.
func checkImportErrors(t *testing.T, data []byte, errs []network.RowError, rows, counted int) {
	t.Helper()
	lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1
	for _, e := range errs {
		if e.Line < 1 || e.Line > lines {
			t.Fatalf("line %d outside the file's %d lines: %+v", e.Line, lines, e)
		}
		if e.Message == "" {
			t.Fatalf("problem without a message: %+v", e)
		}
	}
	if counted > rows {
		t.Fatalf("%d rows counted of %d", counted, rows)
	}
}

func FuzzParseOrganisationsCSV(f *testing.F) {
	db := storetest.SQLite(f)
	s, _ := newNetwork(f, db)
	for _, seed := range []string{
		"id,name,kind\nx,Kent,ngo\n",
		"\xef\xbb\xbfid;name;kind;municipality_kind;parent_id;place_id;population\r\nbursa-yeni;Yeni;municipality;district;bursa-bb;bursa;1.000\r\n",
		"name,kind,address\n\"a\"\"b\",ngo,\"x\ny\"\n",
		"name,kind\n'=1+1,ngo\n",
		"name,kind,email,website,member_since,member_until\nA,ngo,a@b.tr,www.a.tr,2020-01-01,2019-01-01\n",
		"id,name,kind,parent_id\na,A,ngo,b\nb,B,ngo,a\n",
		"name\tkind\n\x00\tngo\n",
		"",
		"\"",
	} {
		f.Add([]byte(seed))
	}
	ctx := as(admin)
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := s.ParseOrganisationsCSV(ctx, bytes.NewReader(data), nil)
		if err != nil {
			if birlik.ErrorCode(err) != birlik.EINVALID {
				t.Fatalf("error %v", err)
			}
			return
		}
		checkImportErrors(t, data, imp.Errors, len(imp.Rows), imp.Creates+imp.Updates+imp.Unchanged)
	})
}

func FuzzParsePeopleCSV(f *testing.F) {
	db := storetest.SQLite(f)
	s, _ := newNetwork(f, db)
	mustPerson(f, s, "Ayşe", "Yılmaz", "ayse@kadikoy.bel.tr", "istanbul-kadikoy")
	for _, seed := range []string{
		"given_name,family_name,org_id\nAyşe,Yılmaz,istanbul-kadikoy\n",
		"id;email;given_name;family_name;gender;lang;org_id;started\r\n1;ayse@kadikoy.bel.tr;Ayşe;Yılmaz;female;tr;istanbul-kadikoy;2024-01-01\r\n",
		"email,given_name,family_name,org_id\nx@y.tr,A,B,umm\nx@y.tr,C,D,umm\n",
		"id,given_name,family_name,org_id\n-1,A,B,umm\n99999999999999999999,A,B,umm\n",
		"given_name,family_name,org_id,work_phone\nA,B,umm,'-\n",
	} {
		f.Add([]byte(seed))
	}
	ctx := as(admin)
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := s.ParsePeopleCSV(ctx, bytes.NewReader(data), nil)
		if err != nil {
			if birlik.ErrorCode(err) != birlik.EINVALID {
				t.Fatalf("error %v", err)
			}
			return
		}
		checkImportErrors(t, data, imp.Errors, len(imp.Rows), imp.Creates+imp.Updates+imp.Unchanged)
	})
}

// FuzzParseOrgFilter checks that any query string gives a filter that
// reads back the same through Values and runs as a query.
func FuzzParseOrgFilter(f *testing.F) {
	db := storetest.SQLite(f)
	s, _ := newNetwork(f, db)
	for _, seed := range []string{
		"q=izmit&kind=municipality&municipality_kind=district&province=bursa&parent=bursa-bb&member=member&sort=-population&page=2&per_page=20",
		"q=%25_%5C&sort=updated&page=-1&per_page=100000",
		"q=%00%ff&kind=KIND&province=../etc&page=99999999999999999999",
		"sort=name&page=1&per_page=50",
	} {
		f.Add(seed)
	}
	ctx := as(anonymous)
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		got := network.ParseOrgFilter(q)
		if again := network.ParseOrgFilter(got.Values()); !reflect.DeepEqual(got, again) {
			t.Fatalf("%q: %+v reads back as %+v", raw, got, again)
		}
		if got.Page < 0 || got.PerPage < 0 || got.PerPage > network.MaxPerPage {
			t.Fatalf("paging %d, %d", got.Page, got.PerPage)
		}
		if _, _, err := s.Organisations(ctx, got); err != nil {
			t.Fatalf("%+v: %v", got, err)
		}
	})
}

func FuzzParsePeopleFilter(f *testing.F) {
	db := storetest.SQLite(f)
	s, _ := newNetwork(f, db)
	mustPerson(f, s, "Ayşe", "Yılmaz", "ayse@kadikoy.bel.tr", "istanbul-kadikoy")
	for _, seed := range []string{
		"q=ayse&org=istanbul-kadikoy&province=istanbul&kind=staff&current=true&sort=org&page=1&per_page=10",
		"current=0&sort=-name",
		"current=maybe&kind=%00&page=0",
	} {
		f.Add(seed)
	}
	ctx := as(kadikoyFP)
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		got := network.ParsePeopleFilter(q)
		if again := network.ParsePeopleFilter(got.Values()); !reflect.DeepEqual(got, again) {
			t.Fatalf("%q: %+v reads back as %+v", raw, got, again)
		}
		if got.Page < 0 || got.PerPage < 0 || got.PerPage > network.MaxPerPage {
			t.Fatalf("paging %d, %d", got.Page, got.PerPage)
		}
		if _, _, err := s.People(ctx, got); err != nil {
			t.Fatalf("%+v: %v", got, err)
		}
	})
}

func TestFilterValues(t *testing.T) {
	tests := []struct {
		name string
		f    any
		want string
	}{
		{"defaults are left out", network.OrgFilter{Sort: "name", Page: 1, PerPage: 50}, ""},
		{"organisations", network.OrgFilter{Query: "İzmit", Kind: network.Municipality, ProvinceID: "kocaeli", Member: network.Member, Sort: "-population", Page: 3, PerPage: 20},
			"kind=municipality&member=member&page=3&per_page=20&province=kocaeli&q=%C4%B0zmit&sort=-population"},
		{"people", network.PeopleFilter{Query: "ayşe", OrgID: "istanbul-kadikoy", Current: no(), Sort: "org"},
			"current=false&org=istanbul-kadikoy&q=ay%C5%9Fe&sort=org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			switch f := tt.f.(type) {
			case network.OrgFilter:
				got = f.Values().Encode()
			case network.PeopleFilter:
				got = f.Values().Encode()
			}
			if got != tt.want {
				t.Errorf("Values = %q, want %q", got, tt.want)
			}
		})
	}
	f := network.ParseOrgFilter(url.Values{"kind": {"club"}, "sort": {"cost"}, "page": {"x"}, "per_page": {"5000"}, "province": {"Bursa İli"}})
	if f.Kind != "" || f.Sort != "" || f.Page != 0 || f.PerPage != network.MaxPerPage || f.ProvinceID != "" {
		t.Errorf("tolerant parse kept %+v", f)
	}
}
