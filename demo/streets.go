package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"birlik"
	"birlik/geo"
	"birlik/streets"
)

// streamStreets is the Reclaiming Streets programme's generator stream
// ("strt").
const streamStreets = 0x73747274

// sitesPerScale is how many street sites each unit of scale makes: the
// seed's 41 at scale 1 (15 transformed streets and the 2025 cycle's 26),
// about 3,000 at scale 100.
const sitesPerScale = 30

// siteBatch is how many sites go into one transaction.
const siteBatch = 500

// demoCycle is one of the seed's cycles: its year, the municipalities
// selected (the 2025 cycle's 26 in six cities, as the seed says), those
// declined, and how many of the selected transformed a street (the
// seed's 15 over the first three cycles).
type demoCycle struct {
	year     int
	selected []string
	declined []string
}

// The seed names the partners, the count of streets and municipalities
// and the cities, not the municipalities: these are plausible ones.
var demoCycles = []demoCycle{
	{2022, []string{"istanbul-kadikoy", "bursa-nilufer", "kocaeli-izmit", "istanbul-sisli"},
		[]string{"istanbul-fatih", "sakarya-serdivan"}},
	{2023, []string{"istanbul-besiktas", "istanbul-uskudar", "bursa-osmangazi", "kocaeli-gebze", "istanbul-maltepe"},
		[]string{"tekirdag-corlu", "istanbul-esenyurt"}},
	{2024, []string{"istanbul-kartal", "bursa-yildirim", "kocaeli-kartepe", "sakarya-adapazari", "istanbul-atasehir", "bursa-mudanya"},
		[]string{"yalova-il", "istanbul-bakirkoy"}},
	{2025, []string{
		"istanbul-kadikoy", "istanbul-besiktas", "istanbul-sisli", "istanbul-uskudar", "istanbul-maltepe", "istanbul-kartal",
		"istanbul-beylikduzu", "istanbul-atasehir",
		"bursa-nilufer", "bursa-osmangazi", "bursa-yildirim", "bursa-mudanya",
		"kocaeli-izmit", "kocaeli-gebze", "kocaeli-kartepe", "kocaeli-basiskele", "kocaeli-golcuk",
		"sakarya-adapazari", "sakarya-serdivan", "sakarya-erenler",
		"tekirdag-suleymanpasa", "tekirdag-corlu", "tekirdag-kapakli",
		"yalova-il", "yalova-cinarcik", "yalova-altinova",
	}, []string{"istanbul-fatih", "istanbul-esenyurt", "bursa-inegol", "kocaeli-darica", "balikesir-karesi", "canakkale-il"}},
}

const demoPartners = "Superpool\nGlobal Designing Cities Initiative (GDCI)\nMarmara Belediyeler Birliği Yerel Yönetimler Akademisi"

const demoTraining = `Yerel Yönetimler Akademisi eğitim programı:
1. Hak temelli sokak tasarımı: çocuklar ve bakım verenler için güvenli, erişilebilir, kapsayıcı sokaklar
2. Kamusal yaşam sayımı (Gehl Kamusal Yaşam Veri Protokolü) ile mevcut durum analizi
3. Taktik şehircilik: geçici uygulama, boya, saksı ve kent mobilyası ile hızlı müdahale
4. Değerlendirme ve kalıcı uygulamaya geçiş`

// loadStreets adds the Reclaiming Streets programme: the seed's four
// cycles, their municipalities and street sites, and the targets.
func loadStreets(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	return writeStreets(ctx, d, scale, p)
}

// Streets writes only the demo's Reclaiming Streets programme at scale
// into a database holding the seed's places and municipalities
// (seed.Base): the fixture of the programme's benchmarks, which need no
// people. The demo's surveys (Surveys) go on top of it.
func Streets(ctx context.Context, d Deps, scale int) error {
	if d.Streets == nil {
		d.Streets = streets.New(d.DB)
	}
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	return writeStreets(ctx, d, scale, &progress{out: discard{}, start: time.Now(), last: time.Now()})
}

func writeStreets(ctx context.Context, d Deps, scale int, p *progress) error {
	provinces, err := provinceShapes(ctx, d)
	if err != nil {
		return err
	}
	orgs, err := municipalProvinces(ctx, d)
	if err != nil {
		return err
	}
	r := stream(streamStreets)
	type slot struct {
		cycle int64
		year  int
		org   string
	}
	// The seed's sites, one a selected municipality; extra sites (scales
	// above 1) go to a cycle drawn evenly, then to one of its selected
	// municipalities, so that most stand transformed as in the seed's
	// first three cycles.
	var seedSites []slot
	pool := make([][]slot, len(demoCycles))
	for i, dc := range demoCycles {
		c := &streets.Cycle{Year: dc.year, Name: fmt.Sprintf("Reclaiming Streets %d", dc.year), Partners: demoPartners,
			Call:      fmt.Sprintf("Sokakları Geri Kazanıyoruz %d çağrısı: üye belediyeler, çocuklar ve bakım verenler için dönüştürecekleri bir sokakla başvurur. Seçilen ekipler Akademi'nin eğitimine katılır.", dc.year),
			CallOpens: fmt.Sprintf("%d-02-01", dc.year), CallCloses: fmt.Sprintf("%d-03-15", dc.year), Training: demoTraining}
		if err := d.Streets.SaveCycle(ctx, c); err != nil {
			return fmt.Errorf("streets: cycle %d: %w", dc.year, err)
		}
		training := streets.TrainingCompleted
		if i == len(demoCycles)-1 {
			training = streets.TrainingOngoing
		}
		for n, org := range append(append([]string(nil), dc.selected...), dc.declined...) {
			if _, ok := orgs[org]; !ok {
				continue // a database seeded otherwise
			}
			pt := &streets.Participant{CycleID: c.ID, OrgID: org, Status: streets.Selected, Training: training,
				AppliedOn: fmt.Sprintf("%d-%s", dc.year, day(r, 2, 3)), DecidedOn: fmt.Sprintf("%d-04-01", dc.year),
				Team: "Fen İşleri Müdürlüğü\nPark ve Bahçeler Müdürlüğü\nSosyal Destek Hizmetleri Müdürlüğü"}
			if n >= len(dc.selected) {
				pt.Status, pt.Training, pt.Team = streets.Declined, streets.TrainingNotStarted, ""
			}
			if err := d.Streets.SaveParticipant(ctx, pt); err != nil {
				return fmt.Errorf("streets: %d %s: %w", dc.year, org, err)
			}
			if pt.Status == streets.Selected {
				s := slot{c.ID, dc.year, org}
				seedSites = append(seedSites, s)
				pool[i] = append(pool[i], s)
			}
		}
	}

	pool = slices.DeleteFunc(pool, func(c []slot) bool { return len(c) == 0 })
	if len(pool) == 0 {
		return fmt.Errorf("streets: none of the demo's municipalities is stored")
	}
	total := max(len(seedSites), sitesPerScale*scale)
	base := p.done
	p.total += total
	batch := make([]streets.SiteInput, 0, siteBatch)
	for i := range total {
		var sl slot
		seedSite := i < len(seedSites)
		if seedSite {
			sl = seedSites[i]
		} else {
			c := pool[r.IntN(len(pool))]
			sl = c[r.IntN(len(c))]
		}
		in := makeSite(r, sl.cycle, sl.year, sl.org, seedSite, provinces[orgs[sl.org]])
		batch = append(batch, in)
		if len(batch) == siteBatch || i == total-1 {
			if _, err := d.Streets.ImportSites(ctx, batch); err != nil {
				return fmt.Errorf("streets: %w", err)
			}
			p.at("street sites", base+i+1)
			batch = batch[:0]
		}
	}

	// The seed's targets: double the 2024 figures (15 streets, about
	// 10,000 m²) by October 2025.
	for _, t := range []streets.Target{
		{Measure: streets.MeasureStreets, Value: 30, Baseline: 15, BaselineDate: "2024-10-31", Deadline: "2025-10-31",
			Notes: "Dönüştürülen sokak sayısını 2025 Ekim sonuna kadar iki katına çıkarmak."},
		{Measure: streets.MeasureArea, Value: 20000, Baseline: 10000, BaselineDate: "2024-10-31", Deadline: "2025-10-31",
			Notes: "Çocuklar ve bakım verenler için geri kazanılan alanı iki katına çıkarmak."},
		{Measure: streets.MeasureMunicipalities, Value: 40, Baseline: 15, BaselineDate: "2024-10-31", Deadline: "2025-10-31",
			Notes: "Programa katılan belediye sayısı."},
		{Measure: streets.MeasureChildren, Value: 5000, Baseline: 0, BaselineDate: "2024-10-31", Deadline: "2025-10-31",
			Notes: "Dönüşümden sonraki sayımlarda sokakta görülen çocuklar."},
	} {
		if err := d.Streets.SaveTarget(ctx, &t); err != nil {
			return fmt.Errorf("streets: target %s: %w", t.Measure, err)
		}
	}
	return nil
}

// day returns a day "MM-DD" in one of the months lo to hi.
func day(r *rand.Rand, lo, hi int) string {
	return fmt.Sprintf("%02d-%02d", lo+r.IntN(hi-lo+1), 1+r.IntN(28))
}

// provinceShapes reads the provinces' boundaries, where sites are placed
// (the seed has no district boundaries).
func provinceShapes(ctx context.Context, d Deps) (map[string]orb.MultiPolygon, error) {
	rows, err := d.DB.QueryContext(ctx, `SELECT id, boundary FROM places WHERE kind = 'province' AND boundary IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]orb.MultiPolygon{}
	for rows.Next() {
		var id, b string
		if err := rows.Scan(&id, &b); err != nil {
			return nil, err
		}
		m, err := geo.Parse([]byte(b))
		if err != nil {
			return nil, fmt.Errorf("streets: the boundary of %s: %w", id, err)
		}
		out[id] = m
	}
	return out, rows.Err()
}

// municipalProvinces returns the stored municipalities' provinces.
func municipalProvinces(ctx context.Context, d Deps) (map[string]string, error) {
	rows, err := d.DB.QueryContext(ctx, `SELECT id, COALESCE(province_id, '') FROM organisations WHERE kind = 'municipality'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, province string
		if err := rows.Scan(&id, &province); err != nil {
			return nil, err
		}
		out[id] = province
	}
	return out, rows.Err()
}

var streetNames = []string{"Bahariye", "Moda", "Şair Nefi", "Gazi", "Cumhuriyet", "Zübeyde Hanım", "Okul", "Çınar", "Lale",
	"Menekşe", "Papatya", "Akasya", "Ihlamur", "Kavak", "Pınar", "Değirmen", "Çarşı", "İstasyon", "Park", "Fırın", "Bostan",
	"Kestane", "Ayva", "Nar", "Erik", "Dut", "Gül", "Yasemin", "Karanfil", "Sümbül", "Söğüt", "Çeşme", "Hamam", "Mektep",
	"Kuyu", "Bağ", "Harman", "Zeytin", "Defne", "Çamlık"}

var siteTexts = map[streets.Intervention]string{
	streets.PlayStreet:        "Sokak hafta sonları ve okul çıkışlarında araç trafiğine kapatılarak çocukların oyun alanına dönüştürüldü; zemine oyun izleri boyandı, gölgelik ve oturma yerleri eklendi.",
	streets.SchoolStreet:      "Okul önündeki sokak giriş ve çıkış saatlerinde araçlara kapatıldı; kaldırımlar genişletildi, bekleme alanı ve bisiklet park yerleri yapıldı.",
	streets.Pedestrianisation: "Cadde yayalaştırıldı: park halindeki araçların yeri ağaçlar, banklar ve engelsiz yürüyüş yolu oldu.",
	streets.Plaza:             "Kavşaktaki artık alan meydana dönüştürüldü; çocuklar, bakım verenler ve yaşlılar için oturma ve oyun alanları düzenlendi.",
	streets.TrafficCalming:    "Taşıt hızı yükseltilmiş yaya geçitleri, daraltılmış şeritler ve bitki kasalarıyla düşürüldü.",
	streets.Parklet:           "Park yerleri oturma ve yeşil alan içeren parkletlere dönüştürüldü.",
	streets.Superblock:        "Birkaç ada arasındaki sokaklar transit trafiğe kapatılarak mahalle içi yaşam alanı oluşturuldu.",
}

var demoInterventions = []streets.Intervention{streets.PlayStreet, streets.PlayStreet, streets.SchoolStreet, streets.SchoolStreet,
	streets.Pedestrianisation, streets.Plaza, streets.TrafficCalming, streets.Parklet, streets.Superblock}

// makeSite draws one site of the municipality in the cycle: a street (a
// rotated rectangle), sometimes an L-shaped corner or a plaza, placed at
// a point inside its province. The seed's sites are the smaller streets
// (the seed's 15 make about 10,000 m²); the 2025 cycle's stand at
// baseline, design or a tactical intervention, earlier ones further on.
func makeSite(r *rand.Rand, cycleID int64, year int, org string, seedSite bool, province orb.MultiPolygon) streets.SiteInput {
	iv := demoInterventions[r.IntN(len(demoInterventions))]
	var shape orb.Ring
	switch k := r.Float64(); {
	case iv == streets.Plaza || !seedSite && k < 0.08:
		iv = streets.Plaza
		radius := 15 + r.Float64()*35
		if seedSite {
			radius = 10 + r.Float64()*8
		}
		shape = plaza(r, radius)
	case !seedSite && k < 0.2:
		shape = corner(6+r.Float64()*10, 40+r.Float64()*120, 30+r.Float64()*80)
	case seedSite:
		shape = street(6+r.Float64()*6, 40+r.Float64()*70)
	default:
		shape = street(6+r.Float64()*14, 40+r.Float64()*210)
	}
	var phase streets.Phase
	switch n := r.IntN(10); {
	case year == 2025 && n < 3:
		phase = streets.Baseline
	case year == 2025 && n < 6:
		phase = streets.Design
	case year == 2025:
		phase = streets.Tactical
	case year == 2024 || n < 3:
		phase = streets.Tactical
	case n < 7:
		phase = streets.Permanent
	default:
		phase = streets.Evaluated
	}
	dates := map[streets.Phase]string{}
	at := time.Date(year, time.Month(4+r.IntN(2)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	for _, ph := range streets.Phases {
		dates[ph] = at.Format("2006-01-02")
		if ph == phase {
			break
		}
		at = at.AddDate(0, 1+r.IntN(4), r.IntN(20))
	}
	name := streetNames[r.IntN(len(streetNames))]
	switch iv {
	case streets.Plaza:
		name += " Meydanı"
	case streets.Pedestrianisation:
		name += " Caddesi"
	default:
		name += " Sokağı"
	}
	centre := pointIn(r, province)
	return streets.SiteInput{
		CycleID: cycleID, OrgID: org, Name: name, Description: siteTexts[iv], Intervention: iv, Phase: phase, PhaseDates: dates,
		Geometry:  placed(shape, centre, r.Float64()*math.Pi),
		Published: seedSite && phase != streets.Baseline || !seedSite && r.IntN(10) > 0,
	}
}

// street is a rectangle width by length metres around the origin,
// counter-clockwise.
func street(width, length float64) orb.Ring {
	w, l := width/2, length/2
	return orb.Ring{{-l, -w}, {l, -w}, {l, w}, {-l, w}, {-l, -w}}
}

// corner is an L of two streets of the same width meeting at a corner,
// counter-clockwise.
func corner(width, a, b float64) orb.Ring {
	x, y := -a/2, -b/2
	return orb.Ring{{x, y}, {x + a, y}, {x + a, y + width}, {x + width, y + width}, {x + width, y + b}, {x, y + b}, {x, y}}
}

// plaza is an irregular convex-ish polygon of six to nine vertices
// around the origin, its radius near radius metres; the angles grow, so
// it never crosses itself.
func plaza(r *rand.Rand, radius float64) orb.Ring {
	n := 6 + r.IntN(4)
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * (float64(i) + 0.3*r.Float64()) / float64(n)
		d := radius * (0.8 + 0.3*r.Float64())
		ring = append(ring, orb.Point{d * math.Cos(a), d * math.Sin(a)})
	}
	return append(ring, ring[0])
}

// placed turns a ring in metres around the origin into the GeoJSON of a
// polygon at centre (longitude, latitude), turned by angle radians.
func placed(ring orb.Ring, centre orb.Point, angle float64) []byte {
	const metresPerDegree = 111_320.0
	cos, sin := math.Cos(angle), math.Sin(angle)
	kx := metresPerDegree * math.Cos(centre[1]*math.Pi/180)
	var b strings.Builder
	b.WriteString(`{"type":"Polygon","coordinates":[[`)
	for i, p := range ring {
		x, y := p[0]*cos-p[1]*sin, p[0]*sin+p[1]*cos
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%.7f,%.7f]", centre[0]+x/kx, centre[1]+y/metresPerDegree)
	}
	b.WriteString(`]]}`)
	return []byte(b.String())
}

// pointIn draws a point inside the province's boundary, by rejection
// from its bounding box; the region's centre when there is none.
func pointIn(r *rand.Rand, m orb.MultiPolygon) orb.Point {
	if len(m) == 0 {
		return orb.Point{29.0, 40.9}
	}
	b := m.Bound()
	for range 1000 {
		p := orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
		if planar.MultiPolygonContains(m, p) {
			return p
		}
	}
	return b.Center()
}
