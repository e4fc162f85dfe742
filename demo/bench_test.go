package demo_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/demo"
	"birlik/demo/demotest"
	"birlik/network"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

// The performance targets, measured on the scale-100 demo
// database (about 20,000 organisations and 200,000 people). These
// benchmarks call the network service directly; web/bench_test.go
// measures the same through the HTTP handler, and
// cmd/birlik/bench_test.go the cold start. Run them with
//
//	go test ./demo/ -run '^$' -bench . -benchtime 200x -count 5
//
// (imports: -benchtime 3x). The first run builds the fixture, once per
// machine (see demotest).

var coordinator = birlik.WithActor(context.Background(), birlik.Actor{UserID: 2, Email: "coordinator@demo.birlik", Role: birlik.RoleCoordinator})

// orgQueries are organisation-list requests of the kind the list page
// serves: a search, a filter and an order, 50 rows.
var orgQueries = []network.OrgFilter{
	{Query: "mahalle", ProvinceID: "istanbul", Sort: "-name"},
	{Query: "belediye", Kind: network.Municipality, Sort: "-population"},
	{Query: "ilkokulu", ProvinceID: "bursa", Kind: network.PublicInstitution},
	{Query: "dayanışma", Kind: network.NGO, Sort: "province", Page: 3},
}

// BenchmarkOrganisations is the data behind the organisations list page.
// Target (through the page): under 15 ms at the 95th percentile.
func BenchmarkOrganisations(b *testing.B) {
	demotest.Each(b, demotest.Scale, func(b *testing.B, db *store.DB) {
		net := network.New(db)
		var lat demotest.Latencies
		b.ResetTimer()
		for i := range b.N {
			f := orgQueries[i%len(orgQueries)]
			lat.Time(func() {
				orgs, total, err := net.Organisations(coordinator, f)
				if err != nil || len(orgs) != network.DefaultPerPage {
					b.Fatalf("%+v: %d of %d, %v", f, len(orgs), total, err)
				}
			})
		}
		lat.Report(b)
	})
}

// BenchmarkPerson is the data behind a person's page: the person with
// their affiliations. Target (through the page): under 5 ms.
func BenchmarkPerson(b *testing.B) {
	demotest.Each(b, demotest.Scale, func(b *testing.B, db *store.DB) {
		net := network.New(db)
		st, err := net.Stats(coordinator)
		if err != nil {
			b.Fatal(err)
		}
		ids := demotest.PersonIDs(st.People, 1000)
		var lat demotest.Latencies
		b.ResetTimer()
		for i := range b.N {
			lat.Time(func() {
				if _, err := net.Person(coordinator, ids[i%len(ids)]); err != nil {
					b.Fatal(err)
				}
			})
		}
		lat.Report(b)
	})
}

// importRows is the size of a benchmarked import.
const importRows = 10_000

// BenchmarkImportCSV imports a 10,000-row CSV file (checked, then saved in
// one transaction) into the scale-100 database: organisations without
// ids (the usual file: ids are made from names), and people with e-mail
// addresses. Every iteration imports into a fresh private copy of the
// fixture, made while the timer is stopped, so each measures the same
// import into the same database (a copy takes 1-2 s on SQLite, about 10 s
// on PostgreSQL: use -benchtime 3x). Target: under 2 s.
func BenchmarkImportCSV(b *testing.B) {
	ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
	imports := []struct {
		name string
		file func(b *testing.B, tag string) []byte
		save func(net *network.Service, file []byte) (creates int, errs []network.RowError, err error)
	}{
		{"organisations", orgsCSV, func(net *network.Service, file []byte) (int, []network.RowError, error) {
			imp, err := net.ParseOrganisationsCSV(ctx, bytes.NewReader(file), nil)
			if err != nil || len(imp.Errors) > 0 {
				return 0, imp.Errors, err
			}
			_, _, err = net.SaveOrganisations(ctx, imp.Rows, nil)
			return imp.Creates, nil, err
		}},
		{"people", peopleCSV, func(net *network.Service, file []byte) (int, []network.RowError, error) {
			imp, err := net.ParsePeopleCSV(ctx, bytes.NewReader(file), nil)
			if err != nil || len(imp.Errors) > 0 {
				return 0, imp.Errors, err
			}
			_, _, err = net.SavePeople(ctx, imp.Rows, nil)
			return imp.Creates, nil, err
		}},
	}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			for _, imp := range imports {
				b.Run(imp.name, func(b *testing.B) {
					var lat demotest.Latencies
					for i := range b.N {
						b.StopTimer()
						db, release := demotest.Scratch(b, d, demotest.Scale)
						net := network.New(db)
						file := imp.file(b, fmt.Sprintf("%d%d", time.Now().UnixNano(), i))
						b.StartTimer()
						lat.Time(func() {
							n, errs, err := imp.save(net, file)
							if err != nil || len(errs) > 0 || n != importRows {
								b.Fatalf("%d of %d rows created: %v %v", n, importRows, err, errs[:min(3, len(errs))])
							}
						})
						b.StopTimer()
						release()
						b.StartTimer()
					}
					lat.Report(b)
					b.ReportMetric(float64(importRows)/lat.Mean().Seconds(), "rows/s")
				})
			}
		})
	}
}

// Districts and neighbourhoods the benchmark files spread their rows over.
var (
	benchPlaces = []struct{ id, name, org string }{{"istanbul-kadikoy", "Kadıköy", "istanbul-kadikoy"}, {"bursa-nilufer", "Nilüfer", "bursa-nilufer"},
		{"kocaeli-izmit", "İzmit", "kocaeli-izmit"}, {"tekirdag-corlu", "Çorlu", "tekirdag-corlu"}, {"canakkale-merkez", "Çanakkale", "canakkale-il"},
		{"sakarya-adapazari", "Adapazarı", "sakarya-adapazari"}}
	benchGiven  = []string{"Ayşe", "Mehmet", "Zeynep", "Mustafa", "Elif", "Ahmet", "Şule", "İbrahim", "Gülşen", "Oğuz"}
	benchFamily = []string{"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Kılıç", "Doğan", "Ünal"}
)

// orgsCSV writes importRows organisations without ids, their names unique
// to tag, as a member of staff would prepare them in a spreadsheet.
func orgsCSV(b *testing.B, tag string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"name", "kind", "place_id", "website", "email", "phone", "address"})
	for i := range importRows {
		p := benchPlaces[i%len(benchPlaces)]
		w.Write([]string{
			fmt.Sprintf("%s Dayanışma Derneği %s-%d", p.name, tag, i), "ngo", p.id,
			fmt.Sprintf("www.dernek-%s-%d.org.tr", tag, i), fmt.Sprintf("bilgi@dernek-%s-%d.org.tr", tag, i),
			fmt.Sprintf("+90 216 %03d %02d %02d", i%1000, i%100, (i/100)%100), p.name + " Cumhuriyet Mah. No: 5",
		})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// peopleCSV writes importRows people with e-mail addresses unique to tag,
// working at municipalities.
func peopleCSV(b *testing.B, tag string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"email", "given_name", "family_name", "gender", "phone", "org_id", "department", "position", "work_email", "started"})
	for i := range importRows {
		p := benchPlaces[i%len(benchPlaces)]
		given, family := benchGiven[i%len(benchGiven)], benchFamily[(i/len(benchGiven))%len(benchFamily)]
		gender := "female"
		if i%2 == 1 {
			gender = "male"
		}
		email := fmt.Sprintf("kisi%s.%d@import.example", tag, i)
		w.Write([]string{email, given, family, gender, fmt.Sprintf("+90 532 %03d %02d %02d", i%1000, i%100, (i/100)%100),
			p.org, "Sosyal Destek Hizmetleri Müdürlüğü", "Sosyal Çalışmacı", email, "2024-09-01"})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkLoad times demo.Load at scale 100 into a fresh database (the
// target: under a minute on SQLite). One iteration takes that minute, so
// it runs only when BIRLIK_BENCH_LOAD=1 asks for it, with -benchtime 1x.
func BenchmarkLoad(b *testing.B) {
	demotest.Require(b)
	if os.Getenv("BIRLIK_BENCH_LOAD") == "" {
		b.Skip("set BIRLIK_BENCH_LOAD=1 (and use -benchtime 1x) to time a scale-100 load")
	}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				var db *store.DB
				if d == store.SQLite {
					db = storetest.SQLite(b)
				} else {
					db = storetest.Postgres(b)
				}
				net := network.New(db)
				if _, err := seed.Base(context.Background(), db, net); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := demo.Load(context.Background(), demo.Deps{DB: db, Network: net, Accounts: accounts.New(db)}, demotest.Scale, os.Stderr, "http://localhost"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
