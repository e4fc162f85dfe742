package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"birlik/locale"
	"birlik/network"
	"birlik/seed"
)

// extraKind is a kind of local organisation that larger scales add by the
// thousand: neighbourhood associations, cooperatives, schools, muhtar
// offices, health centres; and once per district, the state's and the
// town's local bodies.
type extraKind struct {
	pattern  string // {d}: the district (or province, for central districts); {m}: a neighbourhood
	kind     network.OrgKind
	weight   int
	once     bool   // at most one per district
	suffix   string // of its e-mail domain
	contacts []spec
}

var extraKinds = []extraKind{
	{"{d} {m} Mahallesi Güzelleştirme ve Dayanışma Derneği", network.NGO, 18, false, "org.tr",
		[]spec{{position: "Dernek Başkanı", kind: network.Volunteer, female: 35}, {position: "Dernek Sekreteri", kind: network.Volunteer, female: 55}}},
	{"{d} {m} Kadın Kooperatifi", network.OtherOrg, 8, false, "org.tr",
		[]spec{{position: "Kooperatif Başkanı", kind: network.OtherTie, female: 95}, {position: "Yönetim Kurulu Üyesi", kind: network.OtherTie, female: 95}}},
	{"{d} {m} İlkokulu", network.PublicInstitution, 12, false, "meb.k12.tr",
		[]spec{{position: "Okul Müdürü", kind: network.Staff, female: 45}, {position: "Rehber Öğretmen", kind: network.Staff, female: 70}}},
	{"{d} {m} Ortaokulu", network.PublicInstitution, 10, false, "meb.k12.tr",
		[]spec{{position: "Okul Müdürü", kind: network.Staff, female: 40}, {position: "Rehber Öğretmen", kind: network.Staff, female: 70}}},
	{"{d} {m} Anadolu Lisesi", network.PublicInstitution, 5, false, "meb.k12.tr",
		[]spec{{position: "Okul Müdürü", kind: network.Staff, female: 35}, {position: "Müdür Yardımcısı", kind: network.Staff, female: 50}}},
	{"{d} {m} Mahalle Muhtarlığı", network.PublicInstitution, 12, false, "org.tr",
		[]spec{{position: "Muhtar", kind: network.Elected, female: 15}}},
	{"{d} {m} Aile Sağlığı Merkezi", network.PublicInstitution, 6, false, "saglik.gov.tr",
		[]spec{{position: "Aile Hekimi", honorific: "Dr.", kind: network.Staff, female: 55}, {position: "Aile Sağlığı Çalışanı", kind: network.Staff, female: 85}}},
	{"{d} {m} Spor Kulübü Derneği", network.NGO, 5, false, "org.tr",
		[]spec{{position: "Kulüp Başkanı", kind: network.Volunteer, female: 20}}},
	{"{d} {m} Gençlik Merkezi", network.PublicInstitution, 3, false, "gsb.gov.tr",
		[]spec{{position: "Gençlik Lideri", kind: network.Staff, female: 50}}},
	{"{d} {m} Kreş ve Gündüz Bakımevi", network.Private, 4, false, "com.tr",
		[]spec{{position: "Kurucu Müdür", kind: network.Staff, female: 90}}},
	{"{d} Kent Konseyi", network.OtherOrg, 3, true, "org.tr",
		[]spec{{position: "Kent Konseyi Başkanı", kind: network.Volunteer, female: 40}, {position: "Kadın Meclisi Başkanı", kind: network.Volunteer, female: 100}}},
	{"{d} Sosyal Yardımlaşma ve Dayanışma Vakfı", network.PublicInstitution, 3, true, "org.tr",
		[]spec{{position: "Vakıf Müdürü", kind: network.Staff, female: 40}, {position: "Sosyal Yardım ve İnceleme Görevlisi", kind: network.Staff, female: 60}}},
	{"{d} Kaymakamlığı", network.PublicInstitution, 3, true, "gov.tr",
		[]spec{{position: "Kaymakam", kind: network.Appointed, female: 10}}},
	{"{d} İlçe Milli Eğitim Müdürlüğü", network.PublicInstitution, 3, true, "meb.gov.tr",
		[]spec{{position: "Şube Müdürü", kind: network.Staff, female: 40}}},
	{"{d} Sosyal Hizmet Merkezi Müdürlüğü", network.PublicInstitution, 3, true, "aile.gov.tr",
		[]spec{{position: "Sosyal Hizmet Merkezi Müdürü", kind: network.Staff, female: 55}, {position: "Sosyal Çalışmacı", kind: network.Staff, female: 75}}},
	{"{d} Engelliler Derneği", network.NGO, 3, true, "org.tr",
		[]spec{{position: "Dernek Başkanı", kind: network.Volunteer, female: 40}}},
	{"{f} {w}", network.Private, 4, false, "com.tr",
		[]spec{{position: "Genel Müdür", kind: network.Staff, female: 35}, {position: "Proje Uzmanı", kind: network.Staff, female: 55}}},
}

// Lines of work of the small firms the larger scales add.
var firmWork = []string{"Proje Danışmanlık Ltd. Şti.", "Mimarlık Ltd. Şti.", "Eğitim Danışmanlık Ltd. Şti.", "Sosyal Araştırma Ltd. Şti.", "Mühendislik A.Ş."}

// district is a district the synthetic organisations are placed in.
type district struct {
	place, province string
	label           string // how names call it: the district, or the province for a central district
	provinceName    string
	weight          float64
}

// districts lists the seed's districts, weighted by the square root of
// their population: large districts get more organisations, small ones
// still get some.
func districts() []district {
	places, err := seed.Places()
	if err != nil {
		panic(err) // the seed data is embedded; tests read it
	}
	names := map[string]string{}
	for _, p := range places {
		names[p.ID] = p.Name
	}
	var out []district
	for _, p := range places {
		if p.Kind != network.District {
			continue
		}
		d := district{place: p.ID, province: p.ParentID, label: p.Name, provinceName: names[p.ParentID], weight: math.Sqrt(10_000)}
		if p.Name == "Merkez" {
			d.label = names[p.ParentID]
		}
		if p.Population != nil {
			d.weight = math.Sqrt(float64(*p.Population))
		}
		out = append(out, d)
	}
	return out
}

// cumulative returns the running sums of weights, for weighted picks by
// binary search.
func cumulative(ws []float64) []float64 {
	out := make([]float64, len(ws))
	sum := 0.0
	for i, w := range ws {
		sum += w
		out[i] = sum
	}
	return out
}

func pickCumulative(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	return min(sort.SearchFloat64s(cum, x), len(cum)-1)
}

// extraOrgs makes n synthetic local organisations with unique ids and,
// within a province, unique names.
func extraOrgs(r *rand.Rand, n int) ([]network.Organisation, []*orgInfo) {
	if n <= 0 {
		return nil, nil
	}
	ds := districts()
	ws := make([]float64, len(ds))
	for i, d := range ds {
		ws[i] = d.weight
	}
	cum := cumulative(ws)
	kw := make([]weighted, len(extraKinds))
	for i, k := range extraKinds {
		kw[i] = weighted{k.pattern, k.weight}
	}
	ids := map[string]bool{}
	names := map[string]bool{} // province + name
	onceDone := map[string]bool{}
	var orgs []network.Organisation
	var infos []*orgInfo
	for len(orgs) < n {
		d := ds[pickCumulative(r, cum)]
		k := extraKinds[pickWeighted(r, kw)]
		m := pick(r, mahalleler)
		if k.once {
			key := d.place + "\x00" + k.pattern
			if onceDone[key] || (k.pattern == "{d} Kaymakamlığı" && d.label == d.provinceName) {
				continue // a central district has no kaymakam: the governor serves it
			}
			onceDone[key] = true
		}
		name := strings.NewReplacer("{d}", d.label, "{m}", m, "{f}", pick(r, familyNames), "{w}", pick(r, firmWork)).Replace(k.pattern)
		if names[d.province+"\x00"+name] {
			continue
		}
		names[d.province+"\x00"+name] = true
		id := locale.Slug(name)
		if len(id) > 90 {
			id = strings.TrimRight(id[:90], "-")
		}
		for i, base := 2, id; ids[id]; i++ {
			id = fmt.Sprintf("%s-%d", base, i)
		}
		ids[id] = true
		label := strings.ReplaceAll(id, "-", "")
		if len(label) > 60 {
			label = label[:60]
		}
		in := &orgInfo{id: id, name: name, province: d.province, domain: label + "." + k.suffix, area: areaCode(d.place, d.province)}
		o := network.Organisation{ID: id, Kind: k.kind, Name: name, PlaceID: d.place, MemberStatus: network.NotMember,
			Address: fmt.Sprintf("%s Mah. No: %d, %s/%s", m, 1+r.IntN(120), d.label, d.provinceName),
			Phone:   landline(r, in.area)}
		if d.label == d.provinceName {
			o.Address = fmt.Sprintf("%s Mah. No: %d, Merkez/%s", m, 1+r.IntN(120), d.provinceName)
		}
		if k.pattern == "{f} {w}" {
			o.Address = fmt.Sprintf("%s Cad. No: %d, %s/%s", m, 1+r.IntN(300), d.label, d.provinceName)
		}
		if k.suffix == "meb.k12.tr" || r.IntN(3) == 0 {
			o.Website = "https://" + in.domain
			o.Email = "bilgi@" + in.domain
		}
		in.contacts = k.contacts
		orgs = append(orgs, o)
		infos = append(infos, in)
	}
	return orgs, infos
}

// extraPeople adds n people: one or two contacts at each synthetic
// organisation, and the rest as more staff of the municipalities,
// weighted by the square root of their population.
func (g *gen) extraPeople(munis, extras []*orgInfo, n int) {
	r := g.r
	start := len(g.people)
	for _, in := range extras {
		for _, c := range in.contacts[:1+r.IntN(len(in.contacts))] {
			if len(g.people)-start >= n {
				return
			}
			g.add(in, c)
		}
	}
	ws := make([]float64, len(munis))
	for i, m := range munis {
		ws[i] = math.Sqrt(float64(max(m.population, 3_000)))
		if m.mkind == network.Metropolitan {
			ws[i] *= 0.5 // its population is its districts': do not count it twice
		}
	}
	cum := cumulative(ws)
	for len(g.people)-start < n {
		m := munis[pickCumulative(r, cum)]
		pool := departments
		if m.mkind == network.Metropolitan {
			pool = metroDepartments
		}
		dept := pool[pickWeighted(r, pool)].name
		if m.mkind == network.Belde {
			dept = "Yazı İşleri Müdürlüğü"
		}
		s, d := staffRole(r, []string{dept})
		g.add(m, spec{position: s.position, department: d, kind: s.kind, female: s.female, lang: s.lang})
	}
}
