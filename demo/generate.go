package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"

	"birlik/locale"
	"birlik/network"
	"birlik/seed"
)

// dataset is everything Load writes, built in memory first from a seeded
// generator, so that every run produces the same records in the same
// order (and the database gives them the same ids).
type dataset struct {
	municipalities []network.Organisation // the stored municipalities, with membership and website added
	partners       []network.Organisation
	extraOrgs      []network.Organisation // synthetic organisations of scales above 1
	people         []network.PersonImport // the scale-1 people first, then the extras
	baseCount      int                    // how many of people belong to scale 1
	moves          []move
	accounts       []Account
}

// move records that people[person] left their first organisation for
// another: the new affiliation starts when the old one ends.
type move struct {
	person int
	to     network.Affiliation
}

// orgInfo is what the generator knows of an organisation people work at.
type orgInfo struct {
	id, name   string
	mkind      network.MunicipalityKind // "" for other organisations
	province   string                   // province id
	domain     string                   // of its staff's e-mail addresses
	area       string                   // phone area code; "" abroad
	population int64
	member     bool
	contacts   []spec // the positions a synthetic organisation fills
}

// gen draws the dataset. Every random choice comes from r, in a fixed
// order; nothing iterates over a map.
type gen struct {
	r      *rand.Rand
	emails map[string]bool // every address handed out
	people []network.PersonImport
}

// stream returns a generator for one part of the dataset. Parts have
// their own streams so that adding records to one (a larger scale, say)
// leaves the others as they were.
func stream(part uint64) *rand.Rand { return rand.New(rand.NewPCG(0x6269726c696b, part)) }

// The generator's streams.
const (
	streamMembership = iota + 1
	streamMunicipal
	streamPartners
	streamUnion
	streamMoves
	streamExtraOrgs
	streamExtraPeople
	streamExtraMoves
)

// build makes the dataset for scale from the stored municipalities.
func build(stored []network.Organisation, scale int) (*dataset, error) {
	ds := &dataset{}
	munis := slices.Clone(stored)
	slices.SortFunc(munis, func(a, b network.Organisation) int { return strings.Compare(a.ID, b.ID) })
	if len(munis) == 0 {
		return nil, fmt.Errorf("demo: no municipalities stored; load the base seed first")
	}
	infos := membership(munis)
	ds.municipalities = munis

	g := &gen{emails: map[string]bool{}}
	byID := map[string]*orgInfo{}
	for _, in := range infos {
		byID[in.id] = in
	}

	// Scale 1: the municipalities' people, the partners and theirs, the
	// union's staff.
	g.r = stream(streamMunicipal)
	for _, in := range infos {
		g.municipal(in)
	}
	g.r = stream(streamPartners)
	for _, p := range partners() {
		if byID[p.id] != nil {
			return nil, fmt.Errorf("demo: partner id %s is a municipality's", p.id)
		}
		o := network.Organisation{ID: p.id, Kind: p.kind, Name: p.name, ShortName: p.short, PlaceID: p.place,
			Website: p.website, Address: p.address, MemberStatus: network.NotMember}
		ds.partners = append(ds.partners, o)
		g.partnerContacts(p)
	}
	g.r = stream(streamUnion)
	g.union()
	ds.baseCount = len(g.people)
	g.r = stream(streamMoves)
	ds.moves = g.moves(infos, 0, ds.baseCount, 24)

	// Larger scales: synthetic organisations and people on top.
	if scale > 1 {
		base := 1 + len(stored) + len(ds.partners) // the union, the municipalities, the partners
		g.r = stream(streamExtraOrgs)
		extras, extraInfos := extraOrgs(g.r, scale*200-base)
		ds.extraOrgs = extras
		g.r = stream(streamExtraPeople)
		g.extraPeople(infos, extraInfos, (scale-1)*ds.baseCount)
		g.r = stream(streamExtraMoves)
		ds.moves = append(ds.moves, g.moves(infos, ds.baseCount, len(g.people), (scale-1)*3)...)
	}
	ds.people = g.people
	ds.accounts = accountsFor(g.people)
	return ds, nil
}

// membership decides which municipalities are members of the union, and
// since when, and fills in their websites: every metropolitan, provincial
// and district municipality, and 28 of the 42 beldes, which makes the 192
// members the union reports; of the other beldes a few are candidates or
// former members. munis is changed in place.
func membership(munis []network.Organisation) []*orgInfo {
	r := stream(streamMembership)
	var beldes []int
	domains := map[string]bool{}
	infos := make([]*orgInfo, len(munis))
	// Beldes come second, so that a district keeps the plain domain when a
	// belde elsewhere shares its name.
	for pass := 0; pass < 2; pass++ {
		for i := range munis {
			m := &munis[i]
			if (m.MunicipalityKind == network.Belde) != (pass == 1) {
				continue
			}
			in := &orgInfo{id: m.ID, name: m.Name, mkind: m.MunicipalityKind, province: m.ProvinceID}
			if m.Population != nil {
				in.population = *m.Population
			}
			in.domain = municipalDomain(m, domains)
			domains[in.domain] = true
			in.area = areaCode(m.ID, m.ProvinceID)
			infos[i] = in
			site := "https://www." + in.domain
			if m.ID == "istanbul-bb" {
				site = "https://www.ibb.istanbul"
			}
			m.Website = site
			if m.MunicipalityKind == network.Belde {
				beldes = append(beldes, i)
				continue
			}
			in.member = true
			m.MemberStatus, m.MemberSince, m.MemberUntil = network.Member, memberSince(r, m), ""
		}
	}
	// 28 member beldes, 3 candidates, 3 former members, 8 outside.
	r.Shuffle(len(beldes), func(i, j int) { beldes[i], beldes[j] = beldes[j], beldes[i] })
	for n, i := range beldes {
		m := &munis[i]
		switch {
		case n < 28:
			infos[i].member = true
			m.MemberStatus, m.MemberSince = network.Member, date(r, 2000, 2024)
		case n < 31:
			m.MemberStatus, m.MemberSince = network.Candidate, ""
		case n < 34:
			since := date(r, 2000, 2012)
			m.MemberStatus, m.MemberSince, m.MemberUntil = network.Former, since, date(r, 2015, 2023)
		default:
			m.MemberStatus = network.NotMember
		}
	}
	return infos
}

// memberSince dates a municipality's joining: the three founding
// metropolitan municipalities in 1990, the other large ones in the 1990s,
// district municipalities from the 1990s on (not before their district
// existed), more of them early than late.
func memberSince(r *rand.Rand, m *network.Organisation) string {
	switch m.ID {
	case "istanbul-bb", "bursa-bb", "kocaeli-bb":
		return date(r, 1990, 1990)
	}
	switch m.MunicipalityKind {
	case network.Metropolitan:
		return date(r, 1991, 1996)
	case network.Provincial:
		return date(r, 1991, 2005)
	}
	lo := 1990
	if y, ok := newDistricts[m.ID]; ok {
		lo = y + 1
	}
	y := lo + int(float64(2024-lo+1)*math.Pow(r.Float64(), 1.6))
	return date(r, y, y)
}

// date returns a calendar date in the years from lo to hi.
func date(r *rand.Rand, lo, hi int) string {
	y := lo + r.IntN(hi-lo+1)
	return fmt.Sprintf("%04d-%02d-%02d", y, 1+r.IntN(12), 1+r.IntN(28))
}

// municipalDomain is the e-mail domain of a municipality, from its id:
// "istanbul-kadikoy" → "kadikoy.bel.tr", "bursa-bb" → "bursa.bel.tr". A
// belde whose name a district already uses gets its district in front.
func municipalDomain(m *network.Organisation, taken map[string]bool) string {
	parts := strings.Split(m.ID, "-")
	switch {
	case m.ID == "istanbul-bb":
		return "ibb.gov.tr"
	case m.MunicipalityKind == network.Metropolitan || m.MunicipalityKind == network.Provincial:
		return parts[0] + ".bel.tr"
	}
	d := parts[len(parts)-1] + ".bel.tr"
	if taken[d] && len(parts) > 2 {
		d = parts[len(parts)-2] + parts[len(parts)-1] + ".bel.tr"
	}
	return d
}

// areaCode is the phone area code of a municipality or place.
func areaCode(id, province string) string {
	if province == "istanbul" {
		parts := strings.Split(id, "-")
		if len(parts) > 1 && asianIstanbul[parts[1]] {
			return "216"
		}
	}
	return areaCodes[province]
}

// pickWeighted returns the index of one of ws, by weight.
func pickWeighted(r *rand.Rand, ws []weighted) int {
	total := 0
	for _, w := range ws {
		total += w.weight
	}
	n := r.IntN(total)
	for i, w := range ws {
		if n < w.weight {
			return i
		}
		n -= w.weight
	}
	return len(ws) - 1
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// asciiNames remembers ascii's answers: the names come from short lists,
// and folding is the generator's most expensive step.
var asciiNames sync.Map

// ascii folds a name into the letters of an e-mail address: "Ayşe" →
// "ayse", "Sarıkaya" → "sarikaya".
func ascii(s string) string {
	if v, ok := asciiNames.Load(s); ok {
		return v.(string)
	}
	var b strings.Builder
	for _, r := range locale.Fold(s) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	asciiNames.Store(s, b.String())
	return b.String()
}

// email returns a fresh address for the name at domain: the first Ayşe
// Yılmaz at Kadıköy is ayse.yilmaz@kadikoy.bel.tr, the second
// ayse.yilmaz2@kadikoy.bel.tr.
func (g *gen) email(given, family, domain string) string {
	local := ascii(strings.Fields(given)[0]) + "." + ascii(family)
	for n := 1; ; n++ {
		a := local
		if n > 1 {
			a += strconv.Itoa(n)
		}
		a += "@" + domain
		if !g.emails[a] {
			g.emails[a] = true
			return a
		}
	}
}

// mobile returns a Turkish mobile number in international form.
func mobile(r *rand.Rand) string {
	return fmt.Sprintf("+90 5%02d %03d %02d %02d", 30+r.IntN(30), r.IntN(1000), r.IntN(100), r.IntN(100))
}

// landline returns a number in the area's exchange.
func landline(r *rand.Rand, area string) string {
	if area == "" {
		return ""
	}
	return fmt.Sprintf("+90 %s %03d %02d %02d", area, 200+r.IntN(800), r.IntN(100), r.IntN(100))
}

// spec is a position the generator fills at an organisation.
type spec struct {
	position, department, honorific string
	kind                            network.AffiliationKind
	female                          int // percent
	started                         string
	lang                            string
	notes                           string
	pool                            *namePool
}

// add makes a person holding s at o and returns their index.
func (g *gen) add(o *orgInfo, s spec) int {
	r := g.r
	pool := &turkish
	if s.pool != nil {
		pool = s.pool
	}
	if s.lang == "ar" {
		pool = &namePool{arabicFemale, arabicMale, arabicFamily, "ar"}
	}
	female := r.IntN(100) < s.female
	var given string
	if female {
		given = pick(r, pool.female)
	} else {
		given = pick(r, pool.male)
	}
	family := pick(r, pool.family)
	gender := network.Male
	if female {
		gender = network.Female
	}
	// A few people have not said, or prefer not to say.
	switch n := r.IntN(200); {
	case n < 3:
		gender = network.GenderUnknown
	case n < 4:
		gender = network.GenderUndisclosed
	}
	addr := g.email(given, family, o.domain)
	p := network.Person{GivenName: given, FamilyName: family, Honorific: s.honorific, Gender: gender, Email: addr,
		Lang: pool.lang, Notes: s.notes}
	if pool.lang == "tr" || pool.lang == "ar" {
		if r.IntN(100) < 55 {
			p.Phone = mobile(r)
		}
	}
	if s.lang != "" {
		p.Lang = s.lang
	}
	started := s.started
	if started == "" {
		// Careers start from 1995 on, more of them recently.
		y := 1995 + int(30*math.Pow(r.Float64(), 0.7))
		started = date(r, min(y, 2025), min(y, 2025))
	}
	a := network.Affiliation{OrgID: o.id, Department: s.department, Position: s.position, Kind: s.kind,
		WorkEmail: addr, WorkPhone: landline(r, o.area), Started: started}
	g.people = append(g.people, network.PersonImport{Person: p, Affiliation: a})
	return len(g.people) - 1
}

// mayorStart is when a mayor took office: most after the local
// elections of 31 March 2024, some re-elected from earlier terms.
func mayorStart(r *rand.Rand) string {
	switch n := r.IntN(10); {
	case n < 7:
		return fmt.Sprintf("2024-04-%02d", 2+r.IntN(7))
	case n < 9:
		return fmt.Sprintf("2019-04-%02d", 8+r.IntN(10))
	default:
		return fmt.Sprintf("2014-04-%02d", 1+r.IntN(10))
	}
}

// headOf turns a department into the title of its head:
// "Sosyal Destek Hizmetleri Müdürlüğü" → "Sosyal Destek Hizmetleri Müdürü".
func headOf(dept string) string {
	switch {
	case strings.HasSuffix(dept, "Dairesi Başkanlığı"):
		return strings.TrimSuffix(dept, "Başkanlığı") + "Başkanı"
	case strings.HasSuffix(dept, "Müdürlüğü"):
		return strings.TrimSuffix(dept, "Müdürlüğü") + "Müdürü"
	}
	return dept + " Sorumlusu"
}

// distinctDepts draws n different departments.
func distinctDepts(r *rand.Rand, from []weighted, n int) []string {
	ws := slices.Clone(from)
	var out []string
	for len(out) < n && len(ws) > 0 {
		i := pickWeighted(r, ws)
		out = append(out, ws[i].name)
		ws = slices.Delete(ws, i, i+1)
	}
	return out
}

// staffRole draws an expert or staff position and a department it fits
// among depts.
func staffRole(r *rand.Rand, depts []string) (role, string) {
	ws := make([]weighted, len(staffRoles))
	for i, s := range staffRoles {
		ws[i] = weighted{s.position, s.weight}
	}
	for {
		s := staffRoles[pickWeighted(r, ws)]
		var fit []string
		for _, d := range depts {
			if len(s.depts) == 0 || slices.ContainsFunc(s.depts, func(w string) bool { return strings.Contains(d, w) }) {
				fit = append(fit, d)
			}
		}
		if len(fit) > 0 {
			return s, pick(r, fit)
		}
	}
}

// municipal staffs one municipality: the mayor (elected), deputies,
// heads of department, experts and staff, and council members, in
// numbers that grow with its tier and population. In a member
// municipality, one expert represents it on the union's Migration
// Platform and one on its Social Services Platform.
func (g *gen) municipal(m *orgInfo) {
	r := g.r
	mayorFemale := 15
	if m.mkind == network.Belde {
		mayorFemale = 8
	}
	g.add(m, spec{position: "Belediye Başkanı", kind: network.Elected, female: mayorFemale, started: mayorStart(r)})

	var deputies, heads, experts, council int
	pool := departments
	switch m.mkind {
	case network.Metropolitan:
		pool = metroDepartments
		g.add(m, spec{position: "Genel Sekreter", department: "Genel Sekreterlik", kind: network.Appointed, female: 20})
		deputies, heads, experts, council = 2, 6, 14, 4
	case network.Provincial:
		deputies, heads, experts, council = 2, 4, 6, 2
	case network.DistrictMun:
		deputies, heads, council = 1+r.IntN(2), 1+r.IntN(4), 1+r.IntN(2)
		experts = 2 + min(5, int(m.population/200_000)) + r.IntN(3)
	case network.Belde:
		g.add(m, spec{position: "Yazı İşleri Müdürü", department: "Yazı İşleri Müdürlüğü", kind: network.Staff, female: 40})
		for range r.IntN(3) {
			g.add(m, spec{position: pick(r, []string{"Memur", "Zabıta Memuru", "Tekniker"}), department: "Yazı İşleri Müdürlüğü", kind: network.Staff, female: 40})
		}
		return
	}
	deputyTitle := "Belediye Başkan Yardımcısı"
	if m.mkind == network.Metropolitan {
		deputyTitle = "Genel Sekreter Yardımcısı"
	}
	for range deputies {
		g.add(m, spec{position: deputyTitle, kind: network.Appointed, female: 25})
	}
	depts := distinctDepts(r, pool, heads)
	// The social-services department is always there: it is what the
	// union's platforms work with.
	if !slices.ContainsFunc(depts, func(d string) bool { return strings.Contains(d, "Sosyal") }) {
		depts = append(depts, pool[0].name)
	}
	for _, d := range depts[:heads] {
		g.add(m, spec{position: headOf(d), department: d, kind: network.Staff, female: 40})
	}
	if m.mkind == network.Metropolitan {
		g.add(m, spec{position: "Göç ve Uyum Şube Müdürü", department: pool[0].name, kind: network.Staff, female: 50})
		g.add(m, spec{position: "Kadın Hizmetleri Şube Müdürü", department: "Kadın ve Aile Hizmetleri Dairesi Başkanlığı", kind: network.Staff, female: 70})
	}
	first := len(g.people)
	// The first expert works on migration and social cohesion: every
	// municipality has someone the Migration Platform can talk to.
	social := depts[slices.IndexFunc(depts, func(d string) bool { return strings.Contains(d, "Sosyal") })]
	g.add(m, spec{position: "Göç ve Sosyal Uyum Uzmanı", department: social, kind: network.Staff, female: 65})
	for range experts - 1 {
		s, d := staffRole(r, depts)
		honorific := ""
		if r.IntN(100) < 4 {
			honorific = "Dr."
		}
		g.add(m, spec{position: s.position, department: d, kind: s.kind, female: s.female, lang: s.lang, honorific: honorific})
	}
	if m.member {
		g.people[first].Person.Notes = "MBB Göç Platformu temsilcisi"
		for i := first + 1; i < len(g.people); i++ {
			if strings.Contains(g.people[i].Affiliation.Department, "Sosyal") {
				g.people[i].Person.Notes = "MBB Sosyal Hizmetler Platformu temsilcisi"
				break
			}
		}
	}
	for range council {
		g.add(m, spec{position: "Belediye Meclis Üyesi", department: "Belediye Meclisi", kind: network.Elected, female: 25,
			started: fmt.Sprintf("2024-04-%02d", 2+r.IntN(7))})
	}
}

// partnerContacts fills a partner's contact positions.
func (g *gen) partnerContacts(p partner) {
	area := ""
	if p.place != "" {
		area = areaCode(p.place, strings.Split(p.place, "-")[0])
	}
	o := &orgInfo{id: p.id, name: p.name, domain: p.mail, area: area}
	for _, c := range p.contacts {
		pool := p.names
		g.add(o, spec{position: c.position, department: c.department, honorific: c.honorific, kind: c.kind, female: 55, pool: &pool})
	}
}

// unionStaff are the positions of the union's secretariat, in the order
// accountsFor relies on for the first two.
var unionStaff = []spec{
	{position: "Genel Sekreter Yardımcısı", department: "Genel Sekreterlik", kind: network.Appointed, female: 50},
	{position: "Göç ve Sosyal Politika Merkezi Koordinatörü", department: "Göç ve Sosyal Politika Merkezi", kind: network.Staff, female: 60},
	{position: "Genel Sekreter", department: "Genel Sekreterlik", kind: network.Appointed, female: 30},
	{position: "Göç Platformu Koordinatörü", department: "Göç ve Sosyal Politika Merkezi", kind: network.Staff, female: 60},
	{position: "Sosyal Hizmetler Platformu Koordinatörü", department: "Göç ve Sosyal Politika Merkezi", kind: network.Staff, female: 60},
	{position: "Göç ve Sosyal Uyum Komisyonu Sekreteri", department: "Göç ve Sosyal Politika Merkezi", kind: network.Staff, female: 50},
	{position: "Araştırma Uzmanı", department: "Göç ve Sosyal Politika Merkezi", kind: network.Staff, female: 60},
	{position: "Yerel Yönetim Akademisi Koordinatörü", department: "Yerel Yönetim Akademisi", kind: network.Staff, female: 55},
	{position: "Eğitim Uzmanı", department: "Yerel Yönetim Akademisi", kind: network.Staff, female: 60},
	{position: "Eğitim Uzmanı", department: "Yerel Yönetim Akademisi", kind: network.Staff, female: 60},
	{position: "Reclaiming Streets Program Sorumlusu", department: "Kentsel Tasarım ve Kamusal Alan", kind: network.Staff, female: 55},
	{position: "Şehir Plancısı", department: "Kentsel Tasarım ve Kamusal Alan", kind: network.Staff, female: 55},
	{position: "Toplumsal Cinsiyet Eşitliği Uzmanı", department: "Toplumsal Cinsiyet Eşitliği Birimi", kind: network.Staff, female: 80},
	{position: "RESLOG Proje Uzmanı", department: "Dış İlişkiler ve Projeler", kind: network.Staff, female: 55},
	{position: "Burs Programı Uzmanı", department: "Dış İlişkiler ve Projeler", kind: network.Staff, female: 55},
	{position: "Dış İlişkiler Uzmanı", department: "Dış İlişkiler ve Projeler", kind: network.Staff, female: 50},
	{position: "İzleme ve Değerlendirme Uzmanı", department: "Dış İlişkiler ve Projeler", kind: network.Staff, female: 55},
	{position: "Kurumsal İletişim Uzmanı", department: "Kurumsal İletişim", kind: network.Staff, female: 55},
	{position: "Mali İşler Sorumlusu", department: "Mali İşler", kind: network.Staff, female: 45},
}

// union staffs the union's secretariat (in Istanbul, domain
// marmara.gov.tr).
func (g *gen) union() {
	o := &orgInfo{id: seed.UnionID, name: "Marmara Belediyeler Birliği", domain: "marmara.gov.tr", area: "212"}
	for _, s := range unionStaff {
		g.add(o, s)
	}
}

// moves picks n people among people[from:to] who work for a municipality
// as staff, and moves each to another member municipality of the same
// province (the history stays: the old affiliation ends when the new one
// starts). A mover's main e-mail becomes the new work address.
func (g *gen) moves(infos []*orgInfo, from, to, n int) []move {
	r := g.r
	byProvince := map[string][]*orgInfo{}
	byID := map[string]*orgInfo{}
	for _, in := range infos {
		byID[in.id] = in
		if in.member && in.mkind != network.Belde {
			byProvince[in.province] = append(byProvince[in.province], in)
		}
	}
	var out []move
	moved := map[int]bool{}
	for tries := 0; len(out) < n && tries < 50*n; tries++ {
		i := from + r.IntN(to-from)
		p := &g.people[i]
		src := byID[p.Affiliation.OrgID]
		if moved[i] || src == nil || p.Affiliation.Kind != network.Staff || p.Affiliation.Started >= "2023" {
			continue
		}
		dests := byProvince[src.province]
		if len(dests) < 2 {
			continue
		}
		dst := pick(r, dests)
		if dst.id == src.id {
			continue
		}
		y, _ := strconv.Atoi(p.Affiliation.Started[:4])
		startYear := max(y+1, 2015) + r.IntN(max(1, 2025-max(y+1, 2015)))
		start := date(r, min(startYear, 2025), min(startYear, 2025))
		if start <= p.Affiliation.Started {
			continue
		}
		addr := g.email(p.Person.GivenName, p.Person.FamilyName, dst.domain)
		p.Person.Email = addr
		moved[i] = true
		out = append(out, move{person: i, to: network.Affiliation{OrgID: dst.id, Department: p.Affiliation.Department,
			Position: p.Affiliation.Position, Kind: network.Staff, WorkEmail: addr, WorkPhone: landline(r, dst.area), Started: start}})
	}
	return out
}
