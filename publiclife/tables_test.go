package publiclife_test

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/publiclife"
	"birlik/store"
	"birlik/store/storetest"
)

// export returns the site's four tables.
func export(t *testing.T, f *fixture, a birlik.Actor, site int64) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, table := range publiclife.Tables {
		var b bytes.Buffer
		if err := f.s.Export(as(a), table, site, &b); err != nil {
			t.Fatalf("export %s: %v", table, err)
		}
		out[table] = b.Bytes()
	}
	return out
}

// withoutIDs replaces the ids of exported tables with their order in
// study.csv, location.csv and survey.csv.
func withoutIDs(t *testing.T, tables map[string][]byte) map[string]string {
	t.Helper()
	ids := map[string]map[string]string{"study": {}, "location": {}, "survey": {}}
	lines := map[string][]string{}
	for _, table := range publiclife.Tables {
		lines[table] = strings.Split(strings.TrimSuffix(string(tables[table]), "\n"), "\n")
	}
	for table, m := range ids {
		for i, l := range lines[table][1:] {
			id, _, _ := strings.Cut(l, ",")
			m[id] = table + strconv.Itoa(i+1)
		}
	}
	refs := map[string][]string{"study": {"study"}, "location": {"location"}, "survey": {"survey", "study", "location"}, "survey_data": {"survey"}}
	out := map[string]string{}
	for _, table := range publiclife.Tables {
		var b strings.Builder
		for i, l := range lines[table] {
			if i > 0 {
				// Only the leading id columns hold ids, none of which
				// holds a comma.
				fields := strings.SplitN(l, ",", len(refs[table])+1)
				for j, ref := range refs[table] {
					fields[j] = ids[ref][fields[j]]
				}
				l = strings.Join(fields, ",")
			}
			b.WriteString(l + "\n")
		}
		out[table] = b.String()
	}
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.kadikoyFP)
		p := f.place(t, f.kadikoyFP, f.kadikoy)
		p.before.Notes = "Öğle arası, \"pazar\" günü;\nikinci satır"
		p.before.ManagerName = "=HYPERLINK(\"http://example.com\")"
		if err := f.s.SaveStudy(ctx, &p.before); err != nil {
			t.Fatal(err)
		}
		for _, sv := range knownSurveys(p, func(sv *publiclife.Survey) { sv.TemperatureC = nil; sv.Surveyor = "Elif, Can" }) {
			if err := f.s.SaveSurvey(ctx, sv); err != nil {
				t.Fatal(err)
			}
		}
		first := export(t, f, f.kadikoyFP, f.kadikoy)
		// A name a spreadsheet would run as a formula leaves defused, and
		// comes back as typed.
		if !strings.Contains(string(first["study"]), "'=HYPERLINK") {
			t.Errorf("study.csv carries a formula as it was typed:\n%s", first["study"])
		}
		if n := strings.Count(string(first["survey_data"]), "\n"); n != 1+3+8+5+9 {
			t.Errorf("survey_data.csv has %d lines, want 26:\n%s", n, first["survey_data"])
		}

		fresh := f.site("istanbul-kadikoy", "Bahariye Caddesi", false)
		res, err := f.s.Import(ctx, fresh, first)
		if err != nil {
			t.Fatal(err)
		}
		if want := (publiclife.ImportResult{Studies: 2, Locations: 2, Surveys: 4, Counts: 25}); res != want {
			t.Errorf("import saved %+v, want %+v", res, want)
		}
		second := export(t, f, f.kadikoyFP, fresh)
		a, b := withoutIDs(t, first), withoutIDs(t, second)
		for _, table := range publiclife.Tables {
			if a[table] != b[table] {
				t.Errorf("%s.csv changed in the round trip:\n%s\nbecame\n%s", table, a[table], b[table])
			}
		}
		// The copy's figures are the original's.
		c1, err := f.s.Compare(ctx, f.kadikoy)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := f.s.Compare(ctx, fresh)
		if err != nil {
			t.Fatal(err)
		}
		if c1.Before.People != c2.Before.People || c1.After.ChildShare != c2.After.ChildShare || c2.After.People != 70 {
			t.Errorf("comparison of the copy %+v, of the original %+v", c2, c1)
		}
		reaches, err := f.s.Reaches(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if reaches[fresh] != reaches[f.kadikoy] || reaches[fresh].Children != 10 {
			t.Errorf("reach of the copy %+v, of the original %+v", reaches[fresh], reaches[f.kadikoy])
		}

		// Every site's export holds only what the reader may read:
		// Nilüfer's focal point does not see Kadıköy's draft copy.
		var all bytes.Buffer
		if err := f.s.Export(as(f.niluferFP), "survey", 0, &all); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(all.String(), "\n"); n != 1+4 {
			t.Errorf("Nilüfer's export of every site has %d lines, want the published site's 4 surveys and the header", n)
		}
		if err := f.s.Export(as(f.niluferFP), "survey", fresh, &all); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("export of a draft site by another municipality: %v", err)
		}
		if _, err := f.s.Import(as(f.niluferFP), f.kadikoy, first); birlik.ErrorCode(err) != birlik.EFORBIDDEN {
			t.Errorf("import into another municipality's site: %v", err)
		}
	})
}

func TestImportErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.kadikoyFP)
		good := map[string]string{
			"study":       "study_id,project,project_phase,start_date\ns1,Moda,before,2025-05-01\ns2,Moda,after,2025-09-01\n",
			"location":    "location_id,name,type,geometry\nl1,Çizgi,line,\nl2,Alan,area,\n",
			"survey":      "survey_id,study_id,location_id,time_start,time_stop,method,representation\nv1,s1,l1,2025-05-06 09:00,2025-05-06 10:00,analog,weekday\nv2,s2,l2,2025-09-06T09:00:00+03:00,2025-09-06T10:00:00+03:00,digital,weekend\n",
			"survey_data": "survey_id,gender,age,count\nv1,female,,12\nv1,,5-14,3\nv2,male,75+,2\n",
		}
		tables := func(change map[string]string) map[string][]byte {
			out := map[string][]byte{}
			for k, v := range good {
				out[k] = []byte(v)
			}
			for k, v := range change {
				if v == "-" {
					delete(out, k)
				} else {
					out[k] = []byte(v)
				}
			}
			return out
		}
		tests := []struct {
			name   string
			change map[string]string
			want   []string // table.csv:line:column: key
		}{
			{"bad values on their lines", map[string]string{
				"study": "study_id,project,project_phase,start_date\ns1,Moda,before,2025-05-01\ns2,,later,2025-13-01\ns1,Moda,after,\n",
				"survey": "survey_id,study_id,location_id,time_start,time_stop,method,representation,notes\n" +
					"v1,s1,l1,2025-05-06 09:00,2025-05-06 10:00,analog,weekday,\"iki\nsatır\"\n" +
					"v2,s9,l2,2025-09-06 10:00,2025-09-06 09:00,abacus,tuesday,\n" +
					"v3,s1,l1,dün,2025-09-06 09:00,analog,,\n" +
					"v4,s1,l2,2025-09-06 09:00,2025-09-08 09:00,video,,\n",
				"survey_data": "survey_id,gender,age,count\nv1,female,,12\nv1,,0-14,3\nv9,male,,2\nv1,,,-4\nv1,,,many\nv1,,,100001\n",
			}, []string{
				"study.csv:3:project: error.publiclife.required",
				"study.csv:3:project_phase: error.publiclife.stage_invalid",
				"study.csv:3:start_date: error.publiclife.date_invalid",
				"study.csv:4:study_id: error.publiclife.id_duplicate",
				"survey.csv:4:study_id: error.publiclife.reference_unknown",
				"survey.csv:4:time_stop: error.publiclife.stop_before_start",
				"survey.csv:4:method: error.publiclife.method_invalid",
				"survey.csv:4:representation: error.publiclife.category_unknown",
				"survey.csv:5:time_start: error.publiclife.time_invalid",
				"survey.csv:6:time_stop: error.publiclife.too_long_survey",
				"survey_data.csv:3:age: error.publiclife.category_unknown",
				"survey_data.csv:4:survey_id: error.publiclife.reference_unknown",
				"survey_data.csv:5:count: error.publiclife.count_negative",
				"survey_data.csv:6:count: error.publiclife.number_invalid",
				"survey_data.csv:7:count: error.publiclife.count_too_large",
			}},
			{"a table missing", map[string]string{"location": "-"}, []string{"location.csv:0:: error.publiclife.table_missing"}},
			{"a column missing", map[string]string{"survey": "survey_id,study_id,time_start,time_stop,method\n"},
				[]string{"survey.csv:1:location_id: error.publiclife.column_missing"}},
			// A table not read whole is reported once: the rows that
			// refer to its rows are not.
			{"an empty table", map[string]string{"study": ""}, []string{"study.csv:1:: error.publiclife.import_empty"}},
			{"a broken quote", map[string]string{"location": "location_id,name,type\nl1,\"Çizgi,line\n"},
				[]string{"location.csv:2:: error.publiclife.csv_invalid"}},
			{"a location of the wrong shape", map[string]string{"location": "location_id,name,type,geometry\nl1,Çizgi,line,\"" +
				strings.ReplaceAll(area, `"`, `""`) + "\"\nl2,Alan,area,\n"},
				[]string{"location.csv:2:geometry: error.publiclife.geometry_kind", "survey.csv:2:location_id: error.publiclife.reference_unknown"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.s.Import(ctx, f.kadikoy, tables(tt.change))
				var ie *publiclife.ImportError
				if !errors.As(err, &ie) {
					t.Fatalf("import: %v, want an *ImportError", err)
				}
				var got []string
				for _, r := range ie.Rows {
					got = append(got, r.Table+".csv:"+strconv.Itoa(r.Line)+":"+r.Column+": "+r.Key)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				}
			})
		}
		// Nothing was saved by the refused imports; the good set saves.
		if svs, _ := f.s.Surveys(ctx, f.kadikoy); len(svs) != 0 {
			t.Fatalf("%d surveys saved by refused imports", len(svs))
		}
		res, err := f.s.Import(ctx, f.kadikoy, tables(nil))
		if err != nil {
			t.Fatal(err)
		}
		if res != (publiclife.ImportResult{Studies: 2, Locations: 2, Surveys: 2, Counts: 3}) {
			t.Errorf("import saved %+v", res)
		}
		svs, err := f.s.Surveys(ctx, f.kadikoy)
		if err != nil {
			t.Fatal(err)
		}
		// A time without offset is Istanbul's: 09:00 there is 06:00 UTC.
		if len(svs) != 2 || svs[1].Start.Hour() != 6 || svs[0].Start.Hour() != 6 || svs[1].Totals.People != 12 || svs[0].Totals.Older != 2 {
			t.Errorf("imported surveys %+v", svs)
		}
	})
}

// FuzzParseTables feeds the import parser any text in any table: it must
// never panic, and what it accepts must be a set whose references hold.
func FuzzParseTables(f *testing.F) {
	f.Add("study_id,project,project_phase\ns1,Moda,before\n", "location_id,name,type\nl1,A,area\n",
		"survey_id,study_id,location_id,time_start,time_stop,method\nv1,s1,l1,2025-05-06 09:00,2025-05-06 10:00,analog\n",
		"survey_id,gender,count\nv1,female,3\n")
	f.Add("\uFEFFstudy_id,project,project_phase\n\"s1\",\"a\"\"b\",after\n", "location_id,name,type,geometry\nl1,A,line,\"{\"\"type\"\":\"\"LineString\"\"}\"\n",
		"survey_id\n", "survey_id,count\n,\n")
	f.Add("", "\"", "a,a,a\n", "survey_id,age,count\nv1,75+,100000\n")
	f.Fuzz(func(t *testing.T, study, location, survey, data string) {
		set, err := publiclife.ParseTables(map[string][]byte{"study": []byte(study), "location": []byte(location),
			"survey": []byte(survey), "survey_data": []byte(data)})
		if err != nil {
			var ie *publiclife.ImportError
			if !errors.As(err, &ie) || len(ie.Rows) == 0 {
				t.Fatalf("error %v is not a list of problems", err)
			}
			return
		}
		for _, sv := range set.Surveys {
			if sv.StudyID < 1 || int(sv.StudyID) > len(set.Studies) || sv.LocationID < 1 || int(sv.LocationID) > len(set.Locations) {
				t.Fatalf("a survey refers outside the set: %+v", sv)
			}
			if !sv.Stop.After(sv.Start) {
				t.Fatalf("a survey stops before it starts: %+v", sv)
			}
		}
	})
}

// TestNamesOnlyToWriters shows the names of the people who counted and
// who managed a study to those who may write the site's counts (its
// municipality's focal point, union staff), and to nobody else: not in
// the lists, not in a survey, not in the protocol tables.
func TestNamesOnlyToWriters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := f.place(t, f.kadikoyFP, f.kadikoy)
		p.before.ManagerName = "Ayşe Yönetici"
		if err := f.s.SaveStudy(as(f.kadikoyFP), &p.before); err != nil {
			t.Fatal(err)
		}
		sv := survey(p.before, p.area, time.Date(2025, 5, 6, 9, 0, 0, 0, time.UTC), 1, publiclife.Count{Gender: "female", N: 4})
		sv.Surveyor = "Elif Sayan"
		if err := f.s.SaveSurvey(as(f.kadikoyFP), sv); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			actor birlik.Actor
			sees  bool
		}{
			{"the site's focal point", f.kadikoyFP, true},
			{"a coordinator", f.coordinator, true},
			{"another municipality's focal point", f.niluferFP, false},
			{"a viewer", f.viewer, false},
			{"the public", birlik.Actor{}, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				ctx := as(c.actor)
				got, err := f.s.Survey(ctx, sv.ID)
				if err != nil {
					t.Fatal(err)
				}
				list, err := f.s.Surveys(ctx, f.kadikoy)
				if err != nil {
					t.Fatal(err)
				}
				studies, err := f.s.Studies(ctx, f.kadikoy)
				if err != nil {
					t.Fatal(err)
				}
				var manager string
				for _, st := range studies {
					if st.ID == p.before.ID {
						manager = st.ManagerName
					}
				}
				tables := export(t, f, c.actor, f.kadikoy)
				shown := map[string]bool{
					"survey":     got.Surveyor == "Elif Sayan",
					"list":       len(list) == 1 && list[0].Surveyor == "Elif Sayan",
					"study":      manager == "Ayşe Yönetici",
					"survey.csv": bytes.Contains(tables["survey"], []byte("Elif Sayan")),
					"study.csv":  bytes.Contains(tables["study"], []byte("Ayşe Yönetici")),
					"every site's csv": func() bool {
						var b bytes.Buffer
						if err := f.s.Export(ctx, "survey", 0, &b); err != nil {
							t.Fatal(err)
						}
						return bytes.Contains(b.Bytes(), []byte("Elif Sayan"))
					}(),
				}
				for where, ok := range shown {
					if ok != c.sees {
						t.Errorf("%s: name shown %v, want %v", where, ok, c.sees)
					}
				}
			})
		}
	})
}
