package network_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"birlik"
	"birlik/network"
	"birlik/store"
	"birlik/store/storetest"
)

// lineErrors maps each reported line to its problems as "field:key".
func lineErrors(errs []network.RowError) map[int][]string {
	out := map[int][]string{}
	for _, e := range errs {
		out[e.Line] = append(out[e.Line], e.Field+":"+e.Message)
	}
	return out
}

func TestParseOrganisationsCSVReportsEveryBadRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		long := strings.Repeat("ğ", 201)
		lines := []string{
			"id;name;kind;municipality_kind;parent_id;place_id;population;website;email;member_status;member_since", // 1
			"bursa-osmangazi;Osmangazi Belediyesi;municipality;district;bursa-bb;bursa;900.000;;;member;2020-01-01", // 2 create
			";Yeni Dernek;NGO;;;;;;;;",                 // 3 create, id from the name
			"bad id;X;ngo;;;;;;;;",                     // 4
			"x-kind;X;club;;;;;;;;",                    // 5
			"x-mk;X;municipality;;;;;;;;",              // 6
			"x-parent;X;ngo;;nobody;;;;;;",             // 7
			"x-place;X;ngo;;;ankara;;;;;",              // 8
			"x-pop;X;ngo;;;;many;;;;",                  // 9
			"x-web;X;ngo;;;;;ftp://x.org;;;",           // 10
			"x-mail;X;ngo;;;;;;a@b;;",                  // 11
			"x-member;X;ngo;;;;;;;gold;",               // 12
			"x-date;X;ngo;;;;;;;member;2020-02-31",     // 13
			"bursa-osmangazi;Yinelenen;ngo;;;;;;;;",    // 14
			"x-long;" + long + ";ngo;;;;;;;;",          // 15
			"x-multi;\"Çok\nsatırlı\";ngo;;;;;;;;",     // 16–17
			"x-count;X;ngo",                            // 18
			"child-later;Alt Birim;ngo;;x-later;;;;;;", // 19 parent further down: fine
			"x-later;Üst Birim;ngo;;;;;;;;",            // 20
			"istanbul-kadikoy;Kadıköy Belediyesi;municipality;district;istanbul-bb;istanbul-kadikoy;467919;https://www.kadikoy.bel.tr;bilgi@kadikoy.bel.tr;member;", // 21 unchanged
			"kocaeli-izmit;İzmit Belediyesi;municipality;district;;kocaeli-izmit;370000;;;candidate;",                                                               // 22 update
			";;;;;;;;;;",        // 23 blank: skipped
			"x-empty;;;;;;;;;;", // 24
		}
		data := "\xef\xbb\xbf" + strings.Join(lines, "\r\n") + "\r\n"
		var seen int
		imp, err := s.ParseOrganisationsCSV(as(admin), strings.NewReader(data), func(n int) { seen = n })
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]string{
			4: "id:error.network.id.invalid", 5: "kind:error.network.kind.invalid", 6: "municipality_kind:error.network.required",
			7: "parent_id:error.network.org.unknown", 8: "place_id:error.network.place.unknown",
			9: "population:error.network.population.invalid", 10: "website:error.network.website.invalid",
			11: "email:error.network.email.invalid", 12: "member_status:error.network.member_status.invalid",
			13: "member_since:error.network.date.invalid", 14: "id:error.network.duplicate", 15: "name:error.network.too_long",
			16: "name:error.network.text.invalid", 18: ":error.network.csv.field_count", 24: "name:error.network.required",
		}
		got := lineErrors(imp.Errors)
		for line, w := range want {
			if len(got[line]) == 0 || got[line][0] != w {
				t.Errorf("line %d: %v, want %s", line, got[line], w)
			}
		}
		for line := range got {
			if _, ok := want[line]; !ok {
				t.Errorf("line %d reported but fine: %v", line, got[line])
			}
		}
		if line24 := got[24]; len(line24) < 2 {
			t.Errorf("line 24 should report name and kind: %v", line24)
		}
		if imp.Creates != 4 || imp.Updates != 1 || imp.Unchanged != 1 {
			t.Errorf("creates %d, updates %d, unchanged %d; want 4, 1, 1", imp.Creates, imp.Updates, imp.Unchanged)
		}
		if seen != len(imp.Rows) {
			t.Errorf("progress ended at %d, rows %d", seen, len(imp.Rows))
		}
		if _, err := s.Organisation(as(anonymous), "bursa-osmangazi"); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Error("parsing wrote a row")
		}
		if *imp.Rows[0].Population != 900000 || imp.Rows[1].Kind != network.NGO {
			t.Errorf("normalised rows: %+v, %+v", imp.Rows[0], imp.Rows[1])
		}
		// A file of just the columns to change leaves the others alone.
		imp, err = s.ParseOrganisationsCSV(as(admin), strings.NewReader("name,kind,phone,place_id\nKadıköy Belediyesi,municipality,+90 216 542 50 01,istanbul-kadikoy\n"), nil)
		if err != nil || len(imp.Errors) != 0 || imp.Updates != 1 || imp.Creates != 0 {
			t.Fatalf("partial file: %+v %v", imp, err)
		}
		if r := imp.Rows[0]; r.ID != "istanbul-kadikoy" || r.Website != "https://www.kadikoy.bel.tr" || r.MunicipalityKind != network.DistrictMun || r.ParentID != "istanbul-bb" {
			t.Errorf("partial row %+v", r)
		}
	})
}

func TestParseOrganisationsCSVFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		cp1254, err := charmap.Windows1254.NewEncoder().String("name;kind\nŞile Kadın Kooperatifi;private\n")
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name    string
			data    string
			errs    []string // "line field:key"
			creates int
		}{
			{"comma, LF", "name,kind\nKent Derneği,ngo\n", nil, 1},
			{"comma, CRLF, quotes", "name,kind,address\r\n\"Kent, Hak ve Yaşam Derneği\",ngo,\"Moda Cd. No: 1\r\nKadıköy\"\r\n", nil, 1},
			{"tab", "name\tkind\nKent Derneği\tngo\n", nil, 1},
			{"Windows-1254", cp1254, nil, 1},
			{"header case and spaces", " Name ; KIND ; Short Name\nKent;ngo;K\n", nil, 1},
			{"empty", "", []string{"1 :error.network.csv.empty"}, 0},
			{"unknown column", "name,kind,mayor\nX,ngo,Y\n", []string{"1 mayor:error.network.csv.unknown_column"}, 0},
			{"missing column", "name,population\nX,5\n", []string{"1 kind:error.network.csv.missing_column"}, 0},
			{"duplicate column", "name,kind,name\nX,ngo,Y\n", []string{"1 name:error.network.csv.duplicate_column"}, 0},
			{"bare quote", "name,kind\nX \"Y\" Z,ngo\nW,ngo\n", []string{"2 :error.network.csv.malformed"}, 1},
			{"trailing empty cells", "name,kind\nX,ngo,,\n", nil, 1},
			{"value under no header", "name,kind,\nX,ngo,surprise\n", []string{"2 :error.network.csv.unnamed_column"}, 0},
			{"formula defused on export", "name,kind\n'=Kent,ngo\n", nil, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				imp, err := s.ParseOrganisationsCSV(as(coordinator), strings.NewReader(tt.data), nil)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, e := range imp.Errors {
					got = append(got, fmt.Sprintf("%d %s:%s", e.Line, e.Field, e.Message))
				}
				if !sameStrings(got, tt.errs) || imp.Creates != tt.creates {
					t.Errorf("errors %v, creates %d; want %v, %d", got, imp.Creates, tt.errs, tt.creates)
				}
			})
		}
		imp, _ := s.ParseOrganisationsCSV(as(admin), strings.NewReader(cp1254), nil)
		if imp.Rows[0].Name != "Şile Kadın Kooperatifi" {
			t.Errorf("Windows-1254 name read as %q", imp.Rows[0].Name)
		}
		imp, _ = s.ParseOrganisationsCSV(as(admin), strings.NewReader("name,kind\n'=Kent,ngo\n"), nil)
		if imp.Rows[0].Name != "=Kent" {
			t.Errorf("defused formula read as %q", imp.Rows[0].Name)
		}

		_, err = s.ParseOrganisationsCSV(as(kadikoyFP), strings.NewReader("name,kind\n"), nil)
		wantCode(t, err, birlik.EFORBIDDEN)
	})
}

// endless yields n bytes of a repeated CSV row.
type endless struct {
	row  []byte
	n, i int
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && e.n > 0 {
		p[k] = e.row[e.i%len(e.row)]
		k, e.i, e.n = k+1, e.i+1, e.n-1
	}
	return k, nil
}

func TestParseCSVLimits(t *testing.T) {
	db := storetest.SQLite(t)
	s, _ := newService(t, db)
	rows := &endless{row: []byte("Kent Derneği,ngo\n"), n: network.MaxImportBytes + 1}
	_, err := s.ParseOrganisationsCSV(as(admin), io.MultiReader(strings.NewReader("name,kind\n"), rows), nil)
	if birlik.ErrorCode(err) != birlik.EINVALID || birlik.ErrorMessage(err) != "error.network.csv.too_large" {
		t.Errorf("over 50 MB: %v", err)
	}
	row := []byte("A,ngo\n")
	rows = &endless{row: row, n: len(row) * (network.MaxImportRows + 1)}
	_, err = s.ParseOrganisationsCSV(as(admin), io.MultiReader(strings.NewReader("name,kind\n"), rows), nil)
	if birlik.ErrorMessage(err) != "error.network.csv.too_many_rows" {
		t.Errorf("over 200,000 rows: %v", err)
	}
	_, err = s.ParsePeopleCSV(as(admin), io.MultiReader(strings.NewReader("given_name,family_name,org_id\n"),
		&endless{row: []byte("A,B,umm\n"), n: 8 * (network.MaxImportRows + 1)}), nil)
	if birlik.ErrorMessage(err) != "error.network.csv.too_many_rows" {
		t.Errorf("people over 200,000 rows: %v", err)
	}
}

func TestImportOrganisationsCSVThenReimport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		data := "name;kind;place_id;website\nKent Hakları Derneği;ngo;bursa-nilufer;kent.org.tr\nBursa Kent Konseyi;other;bursa;\n"
		imp, err := s.ParseOrganisationsCSV(as(admin), strings.NewReader(data), nil)
		if err != nil || len(imp.Errors) != 0 || imp.Creates != 2 {
			t.Fatalf("parse: %+v %v", imp, err)
		}
		created, updated, err := s.SaveOrganisations(as(admin), imp.Rows, nil)
		if err != nil || created != 2 || updated != 0 {
			t.Fatalf("save: %d %d %v", created, updated, err)
		}
		// The same file again matches by name and province: nothing to do.
		imp, err = s.ParseOrganisationsCSV(as(admin), strings.NewReader(data), nil)
		if err != nil || imp.Unchanged != 2 || imp.Creates+imp.Updates != 0 {
			t.Errorf("re-import: %+v %v", imp, err)
		}
		created, updated, _ = s.SaveOrganisations(as(admin), imp.Rows, nil)
		if created+updated != 0 {
			t.Errorf("re-import saved %d, %d", created, updated)
		}
	})
}

func TestOrganisationsCSVRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		tricky := []network.Organisation{
			{ID: "tirnak", Kind: network.NGO, Name: `"Tırnak" ve, virgül; Derneği`, Address: "Moda Cd. No: 1\nKadıköy / İstanbul", Phone: "+90 (216) 555-00-00"},
			{ID: "formul", Kind: network.Private, Name: "=HYPERLINK(\"x\")", ShortName: "@kısa", Address: "-5+3"},
			{ID: "kesme", Kind: network.Academia, Name: "'=zaten kesmeli", ShortName: "'düz"},
		}
		if _, _, err := s.SaveOrganisations(as(admin), tricky, nil); err != nil {
			t.Fatal(err)
		}
		all, err := s.ExportOrganisations(as(anonymous), network.OrgFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := network.WriteOrganisationsCSV(&buf, all); err != nil {
			t.Fatal(err)
		}
		exported := buf.String()
		if !strings.Contains(exported, "'=HYPERLINK") || !strings.Contains(exported, "'@kısa") || !strings.Contains(exported, "+90 (216)") {
			t.Errorf("formulas not defused, or phone numbers defused:\n%s", exported)
		}
		imp, err := s.ParseOrganisationsCSV(as(admin), strings.NewReader(exported), nil)
		if err != nil || len(imp.Errors) != 0 {
			t.Fatalf("re-import: %v %v", imp.Errors, err)
		}
		if imp.Unchanged != len(all) || imp.Creates+imp.Updates != 0 {
			t.Errorf("round trip: %d unchanged of %d, %d creates, %d updates", imp.Unchanged, len(all), imp.Creates, imp.Updates)
		}

		// Into an empty installation, the export recreates the same
		// records (children before parents in the file is fine).
		fresh := storetest.SQLite(t)
		s2, _ := newService(t, fresh)
		imp, err = s2.ParseOrganisationsCSV(as(admin), strings.NewReader(exported), nil)
		if err != nil || len(imp.Errors) != 0 || imp.Creates != len(all) {
			t.Fatalf("into a fresh database: %v %v", imp.Errors, err)
		}
		if _, _, err := s2.SaveOrganisations(as(admin), imp.Rows, nil); err != nil {
			t.Fatal(err)
		}
		again, _ := s2.ExportOrganisations(as(anonymous), network.OrgFilter{})
		var buf2 bytes.Buffer
		network.WriteOrganisationsCSV(&buf2, again)
		if buf2.String() != exported {
			t.Errorf("second export differs:\n%s\n---\n%s", buf2.String(), exported)
		}

		var js bytes.Buffer
		if err := network.WriteOrganisationsJSON(&js, all); err != nil {
			t.Fatal(err)
		}
		var recs []map[string]any
		if err := json.Unmarshal(js.Bytes(), &recs); err != nil {
			t.Fatalf("JSON export: %v\n%s", err, js.String())
		}
		if len(recs) != len(all) || recs[0]["id"] != all[0].ID || recs[0]["name"] != all[0].Name {
			t.Errorf("JSON export: %v", recs[0])
		}
		for _, r := range recs {
			if r["id"] == "istanbul-kadikoy" && (r["province_name"] != "İstanbul" || r["population"] != float64(467919)) {
				t.Errorf("JSON record %v", r)
			}
		}
	})
}

func TestParsePeopleCSVReportsEveryBadRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		mustPerson(t, s, "Ayşe", "Yılmaz", "ayse@kadikoy.bel.tr", "istanbul-kadikoy")
		fatma := mustPerson(t, s, "Fatma", "Kaya", "", "istanbul-kadikoy")
		lines := []string{
			"id;email;given_name;family_name;gender;lang;org_id;affiliation_kind;started",  // 1
			";yeni@nilufer.bel.tr;Selin;Çelik;female;tr;bursa-nilufer;staff;2024-01-01",    // 2 create
			";;Can;Cengiz;;;bursa-nilufer;;",                                               // 3 create
			";ayse@kadikoy.bel.tr;Ayşe;Yılmaz;female;tr;istanbul-kadikoy;staff;2024-01-01", // 4 unchanged, by e-mail
			idStr(fatma.ID) + ";;Fatma;Kaya;female;en;istanbul-kadikoy;staff;2024-01-01",   // 5 update (lang), by id
			";x@y;A;B;;;umm;;",                         // 6
			";;A;B;robot;;umm;;",                       // 7
			";;A;B;;de;umm;;",                          // 8
			";;A;B;;;ankara-bb;;",                      // 9
			";;A;B;;;umm;boss;",                        // 10
			";;A;B;;;umm;;01/02/2024",                  // 11
			";yeni@nilufer.bel.tr;Selin;Başka;;;umm;;", // 12 duplicate e-mail
			"987654;;A;B;;;umm;;",                      // 13 unknown id
			"abc;;A;B;;;umm;;",                         // 14 bad id
			";;;B;;;;;",                                // 15 given name and org missing
			";;Can;Cengiz;;;bursa-nilufer;;",           // 16 duplicate natural key
		}
		imp, err := s.ParsePeopleCSV(as(admin), strings.NewReader(strings.Join(lines, "\n")), nil)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]string{
			6: "email:error.network.email.invalid", 7: "gender:error.network.gender.invalid", 8: "lang:error.network.lang.invalid",
			9: "org_id:error.network.org.unknown", 10: "affiliation_kind:error.network.affiliation_kind.invalid",
			11: "started:error.network.date.invalid", 12: "email:error.network.duplicate", 13: "id:error.network.person.unknown",
			14: "id:error.network.person.unknown", 15: "given_name:error.network.required", 16: "given_name:error.network.duplicate",
		}
		got := lineErrors(imp.Errors)
		for line, w := range want {
			if len(got[line]) == 0 || got[line][0] != w {
				t.Errorf("line %d: %v, want %s", line, got[line], w)
			}
		}
		for line := range got {
			if _, ok := want[line]; !ok {
				t.Errorf("line %d reported but fine: %v", line, got[line])
			}
		}
		if imp.Creates != 2 || imp.Updates != 1 || imp.Unchanged != 1 {
			t.Errorf("creates %d, updates %d, unchanged %d; want 2, 1, 1", imp.Creates, imp.Updates, imp.Unchanged)
		}
		_, err = s.ParsePeopleCSV(as(kadikoyFP), strings.NewReader("given_name,family_name,org_id\n"), nil)
		wantCode(t, err, birlik.EFORBIDDEN)
	})
}

func TestPeopleCSVRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		rows := []network.PersonImport{
			{Person: network.Person{GivenName: "Ayşe", FamilyName: "Yılmaz", Email: "ayse@kadikoy.bel.tr", Gender: network.Female, Honorific: "Dr.", Phone: "+90 216 000 00 00", Lang: "tr"},
				Affiliation: network.Affiliation{OrgID: "istanbul-kadikoy", Department: "Sosyal Destek, Göç", Position: "Müdür \"vekili\"", Kind: network.Appointed, WorkEmail: "a.yilmaz@kadikoy.bel.tr", Started: "2023-05-02"}},
			{Person: network.Person{GivenName: "Mehmet", FamilyName: "Öztürk", Lang: "en"}, Affiliation: network.Affiliation{OrgID: "bursa-nilufer", Kind: network.Elected}},
			{Person: network.Person{GivenName: "=Selin", FamilyName: "Çelik"}, Affiliation: network.Affiliation{OrgID: "bursa-nilufer", Department: "-5+3", Position: "@ekip"}},
		}
		if _, _, err := s.SavePeople(as(system), rows, nil); err != nil {
			t.Fatal(err)
		}
		people, err := s.ExportPeople(as(admin), network.PeopleFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := network.WritePeopleCSV(&buf, people); err != nil {
			t.Fatal(err)
		}
		imp, err := s.ParsePeopleCSV(as(admin), bytes.NewReader(buf.Bytes()), nil)
		if err != nil || len(imp.Errors) != 0 {
			t.Fatalf("re-import: %v %v\n%s", imp.Errors, err, buf.String())
		}
		if imp.Unchanged != 3 || imp.Creates+imp.Updates != 0 {
			t.Errorf("round trip: %+v\n%s", imp, buf.String())
		}
		// A focal point's export holds their people only.
		mine, err := s.ExportPeople(as(kadikoyFP), network.PeopleFilter{})
		if err != nil || len(mine) != 1 || mine[0].FamilyName != "Yılmaz" {
			t.Errorf("focal point's export: %v %v", personNames(mine), err)
		}
		var js bytes.Buffer
		if err := network.WritePeopleJSON(&js, people); err != nil {
			t.Fatal(err)
		}
		var recs []network.PersonRecord
		if err := json.Unmarshal(js.Bytes(), &recs); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.FamilyName == "Yılmaz" && (r.OrgName != "Kadıköy Belediyesi" || r.AffiliationKind != "appointed" || r.Started != "2023-05-02") {
				t.Errorf("JSON record %+v", r)
			}
		}
	})
}

func TestPopulationInSpreadsheetForms(t *testing.T) {
	db := storetest.SQLite(t)
	s, _ := newService(t, db)
	tests := []struct {
		cell string
		want int64 // -1: refused
	}{
		{"1250610", 1250610}, {"1.250.610", 1250610}, {"1,250,610", 1250610}, {"1 250 610", 1250610},
		{"1\u00a0250\u00a0610", 1250610}, {"12.5", -1}, {"-3", -1}, {"lots", -1}, {"1.25.0", -1},
	}
	for _, tt := range tests {
		imp, err := s.ParseOrganisationsCSV(as(admin), strings.NewReader("name;kind;population\nX;ngo;"+tt.cell+"\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tt.want < 0 && len(imp.Errors) == 0:
			t.Errorf("%q accepted as %d", tt.cell, *imp.Rows[0].Population)
		case tt.want >= 0 && (len(imp.Errors) > 0 || *imp.Rows[0].Population != tt.want):
			t.Errorf("%q: %v", tt.cell, imp.Errors)
		}
	}
}
