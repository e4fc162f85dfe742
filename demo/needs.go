package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"birlik/locale"
	"birlik/needs"
	"birlik/network"
	"birlik/store"
)

// streamNeeds is the needs' own generator stream ("need" in ASCII), far
// from the network's small numbers.
const streamNeeds = 0x6e656564

// needsPerScale is how many needs each unit of scale adds: 200,000 at
// scale 100, as the dashboard target is stated for.
const needsPerScale = 2000

// needsFrom and needsUntil bound when demo needs are raised: three years
// of the platforms' work up to the demo's "today".
var (
	needsFrom  = time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC)
	needsUntil = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
)

// needObjects are what municipalities ask for, by theme: each makes a
// title with a group ("Mülteciler için Türkçe dil kursu kapasitesi").
var needObjects = map[string][]string{
	"migration":            {"göç masası personel desteği", "tercüman ve kültürlerarası arabulucu desteği", "kayıt ve yönlendirme sistemi", "acil barınma koordinasyonu"},
	"migration_governance": {"göç verisi paylaşım protokolü", "yerel göç eylem planı hazırlama desteği", "kurumlar arası koordinasyon mekanizması"},
	"inclusion":            {"Türkçe dil kursu kapasitesi", "mesleki eğitim programları", "sosyal uyum atölyeleri"},
	"belonging":            {"mahalle buluşmaları ve ortak etkinlikler", "kent belleği ve kültür programları"},
	"cohesion":             {"toplumsal uyum gönüllü ağı", "yanlış bilgiyle mücadele kampanyası", "komşuluk arabuluculuğu"},
	"demography":           {"yaşlanan nüfusa göre hizmet planlaması", "nüfus projeksiyonuna dayalı hizmet haritası"},
	"social_policy":        {"sosyal politika ihtiyaç analizi", "hane ziyaret programı"},
	"social_assistance":    {"gıda kartı ve ayni yardım sistemi", "sosyal yardımda tek pencere başvurusu", "kira yardımı"},
	"care":                 {"evde bakım hizmeti", "gündüz bakımevi kapasitesi", "kreş ve çocuk bakım desteği"},
	"psychosocial_support": {"psikososyal destek ve danışmanlık", "travma sonrası destek grupları"},
	"addiction":            {"bağımlılık danışma merkezi", "bağımlılıkta aile destek programı"},
	"gender_equality":      {"kadın danışma merkezi", "şiddet önleme ve sığınak kapasitesi", "toplumsal cinsiyete duyarlı bütçeleme eğitimi"},
	"resilience":           {"afet hazırlığı ve toplanma alanları", "sıcak hava dalgası için serinleme merkezleri"},
	"education":            {"okul uyum programı", "etüt merkezi ve ödev desteği"},
	"employment":           {"istihdam danışmanlığı", "kadın kooperatiflerine destek"},
	"health":               {"sağlık okuryazarlığı ve yönlendirme", "mobil sağlık taraması"},
	"housing":              {"geçici barınma ve misafirhane", "erişilebilir konut uyarlaması"},
}

// needGroupNames are the groups as a title names them.
var needGroupNames = map[string]string{
	"children": "çocuklar", "women": "kadınlar", "older_people": "yaşlılar", "persons_with_disabilities": "engelli bireyler",
	"youth": "gençler", "people_in_poverty": "yoksul haneler", "migrants": "göçmenler", "refugees": "mülteciler",
	"homeless_people": "evsizler", "carers": "bakım verenler", "chronically_ill": "kronik hastalar",
}

// needSpaceThemes are the themes needs take in each seed space; other spaces
// take any.
var needSpaceThemes = map[string][]string{
	"migration-platform":           {"migration", "migration_governance", "inclusion", "belonging", "cohesion", "education", "employment", "housing", "health"},
	"social-services-platform":     {"social_policy", "social_assistance", "care", "psychosocial_support", "addiction", "gender_equality", "health", "housing", "employment"},
	"migration-cohesion-committee": {"cohesion", "migration_governance", "demography", "resilience", "belonging"},
}

// needSpaceGroups are the groups each seed space's needs affect.
var needSpaceGroups = map[string][]string{
	"migration-platform": {"migrants", "refugees", "children", "women", "youth"},
}

// needThemeRights and needThemeSDGs tag recommendations by their theme.
var (
	needThemeRights = map[string][]string{
		"migration": {"right_to_the_city", "public_services"}, "migration_governance": {"participatory_democracy"},
		"inclusion": {"right_to_the_city", "civic_peace"}, "belonging": {"civic_peace", "freedom_of_expression"},
		"cohesion": {"civic_peace"}, "demography": {"sustainable_development"}, "social_policy": {"public_services"},
		"social_assistance": {"water_and_food", "public_services"}, "care": {"public_services", "gender_equality"},
		"psychosocial_support": {"public_services"}, "addiction": {"public_services"}, "gender_equality": {"gender_equality"},
		"resilience": {"sustainable_development"}, "education": {"children", "public_services"}, "employment": {"right_to_the_city"},
		"health": {"public_services"}, "housing": {"housing"},
	}
	needThemeSDGs = map[string][]string{
		"migration": {"10", "16"}, "migration_governance": {"10", "16", "17"}, "inclusion": {"10", "4"}, "belonging": {"11", "16"},
		"cohesion": {"16"}, "demography": {"11"}, "social_policy": {"1", "10"}, "social_assistance": {"1", "2"}, "care": {"3", "5"},
		"psychosocial_support": {"3"}, "addiction": {"3"}, "gender_equality": {"5"}, "resilience": {"11", "13"},
		"education": {"4"}, "employment": {"8"}, "health": {"3"}, "housing": {"11"},
	}
)

var needDescriptions = []string{
	"%s olarak %s arasında %s konusunda ciddi bir açık görüyoruz. Mevcut kapasite talebin ancak yüzde %d kadarını karşılıyor; başvurular her ay artıyor.",
	"Sahada çalışan ekiplerimiz %s için %s ihtiyacını sık sık bildiriyor. %s bu alanda tek başına yeterli kaynak ayıramıyor; benzer deneyimi olan belediyelerle iş birliği ve model bir uygulama arıyoruz.",
	"%s, %s ile ilgili hizmetini yeniden tasarlamak istiyor. %s için mevcut hizmetlerin erişilebilirliği düşük; son anketimizde hanelerin önemli bir kısmı (yüzde %d) hizmetten haberdar değildi.",
}

var needCloseNotes = map[string]string{
	"out_of_scope":           "Talep birliğin görev alanı dışında; ilgili bakanlık birimine yönlendirildi.",
	"resolved_locally":       "Belediye ihtiyacı kendi kaynaklarıyla karşıladı.",
	"not_enough_information": "Ek bilgi istendi, yanıt gelmedi.",
	"withdrawn":              "Belediye talebini geri çekti.",
	"duplicate":              "Başka bir talep kapsamında ele alınıyor.",
}

var needRecTitles = []string{"%s için ortak hizmet standardı", "%s: belediyeler için uygulama rehberi", "%s konusunda bölgesel iş birliği modeli", "%s için finansman ve kapasite önerisi"}

// loadNeeds adds about needsPerScale needs per unit of scale across the
// spaces, raised by member municipalities over three years, with their
// themes and groups, co-signers, histories (first response, answer or
// closing, some merged duplicates), and about one recommendation for
// every twenty needs, published, answering them, with endorsements and
// adoption reports. Everything goes through needs.LoadBulk: a few large
// transactions.
func loadNeeds(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	type space struct {
		id     int64
		slug   string
		weight float64
	}
	var sps []space
	err := needsEachRow(ctx, d.DB, `SELECT id, slug FROM spaces WHERE archived = ? ORDER BY id`, []any{false}, func(sc interface{ Scan(...any) error }) error {
		var s space
		if err := sc.Scan(&s.id, &s.slug); err != nil {
			return err
		}
		switch s.slug {
		case "migration-platform", "social-services-platform":
			s.weight = 4
		default:
			s.weight = 1
		}
		sps = append(sps, s)
		return nil
	})
	if err != nil {
		return err
	}
	var munis []string
	for _, o := range ds.municipalities {
		if o.MemberStatus == network.Member {
			munis = append(munis, o.ID)
		}
	}
	if len(sps) == 0 || len(munis) < 2 {
		return nil // no spaces to raise needs in
	}
	var totalWeight float64
	for _, s := range sps {
		totalWeight += s.weight
	}
	allThemes := slices.Sorted(needsKeys(needObjects))
	allGroups := slices.Sorted(needsKeys(needGroupNames))
	r := stream(streamNeeds)
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	span := needsUntil.Sub(needsFrom)
	count := needsPerScale * scale
	b := &needs.Bulk{Needs: make([]needs.BulkNeed, 0, count)}
	// When each need is raised, drawn first and sorted, so that needs are
	// numbered in the order they were raised. Later months see more
	// needs: the platforms grew.
	raised := make([]time.Time, count)
	tr := stream(streamNeeds + 1)
	for i := range raised {
		raised[i] = needsFrom.Add(time.Duration(math.Sqrt(tr.Float64()) * float64(span))).Truncate(time.Minute)
	}
	slices.SortFunc(raised, func(a, b time.Time) int { return a.Compare(b) })
	// answered[space] lists the needs to answer, in order raised.
	answered := map[int64][]int{}
	for i := 0; i < count; i++ {
		w := r.Float64() * totalWeight
		sp := sps[len(sps)-1]
		for _, s := range sps {
			if w < s.weight {
				sp = s
				break
			}
			w -= s.weight
		}
		themes := needSpaceThemes[sp.slug]
		if themes == nil {
			themes = allThemes
		}
		groups := needSpaceGroups[sp.slug]
		if groups == nil {
			groups = allGroups
		}
		theme := pick(themes)
		ths := []string{theme}
		if r.IntN(3) == 0 {
			if t2 := pick(themes); t2 != theme {
				ths = append(ths, t2)
			}
		}
		group := pick(groups)
		grs := []string{group}
		if r.IntN(4) == 0 {
			if g2 := pick(groups); g2 != group {
				grs = append(grs, g2)
			}
		}
		org := munis[r.IntN(len(munis))]
		obj := pick(needObjects[theme])
		created := raised[i]
		n := needs.Need{
			SpaceID: sp.id, OrgID: org, Title: needsUpperFirst(needGroupNames[group]) + " için " + obj,
			Description: needDescription(r, needsOrgName(ds, org), needGroupNames[group], obj),
			Urgency:     needs.Urgencies[needsWeighted(r, []int{2, 4, 3, 1})],
			Themes:      needsOrdered(themes, ths), Groups: needsOrdered(allGroups, grs),
			CreatedAt: created,
		}
		if r.IntN(5) != 0 {
			people := int64(10 * (1 + r.IntN(300)))
			n.PeopleAffected = &people
		}
		bn := needs.BulkNeed{}
		age := needsUntil.Sub(created)
		// The workflow: a first response after hours to weeks, then an
		// answer (by a recommendation, below) or a closing.
		respond := time.Duration(math.Exp(r.NormFloat64()*1.1+math.Log(60)) * float64(time.Hour))
		if respond < age && r.IntN(20) != 0 {
			t := created.Add(respond)
			n.FirstResponseAt = &t
			n.Status = needs.UnderReview
			bn.Reviewed = r.IntN(6) != 0
			settle := respond + time.Duration(math.Exp(r.NormFloat64()*0.8+math.Log(24*40))*float64(time.Hour))
			if settle < age {
				switch x := r.IntN(100); {
				case x < 62:
					n.Status = needs.Answered
					t := created.Add(settle)
					n.AnsweredAt = &t
					answered[sp.id] = append(answered[sp.id], len(b.Needs))
				case x < 66 && len(b.Needs) > 0:
					// A duplicate of an earlier need of the same space.
					for j := len(b.Needs) - 1; j >= max(0, len(b.Needs)-200); j-- {
						if k := b.Needs[j].Need; k.SpaceID == sp.id && k.MergedInto == 0 && k.Status != needs.Closed {
							bn.MergedInto = j + 1
							break
						}
					}
					fallthrough
				case x < 85:
					n.Status = needs.Closed
					t := created.Add(settle)
					n.ClosedAt = &t
					if bn.MergedInto == 0 {
						n.CloseReason = needs.CloseReasons[needsWeighted(r, []int{3, 4, 3, 2, 2, 1})]
						n.CloseNote = needCloseNotes[n.CloseReason]
						if n.CloseReason == "other" {
							n.CloseNote = "Program bütçesi bu yıl için kapandı; gelecek dönemde yeniden değerlendirilecek."
						}
					}
				}
			}
		} else {
			n.Status = needs.Submitted
		}
		if !bn.Reviewed && n.FirstResponseAt != nil && n.Status == needs.UnderReview {
			bn.Reviewed = true // under review must have got there
		}
		// Co-signers: other municipalities with the same need.
		if k := needsWeighted(r, []int{50, 20, 12, 8, 5, 3, 2}); k > 0 {
			seen := map[string]bool{org: true}
			for range k {
				c := munis[r.IntN(len(munis))]
				if seen[c] {
					continue
				}
				seen[c] = true
				cs := needs.Cosign{OrgID: c, CreatedAt: created.Add(time.Duration(1+r.IntN(30*24)) * time.Hour)}
				if cs.CreatedAt.After(needsUntil) {
					cs.CreatedAt = needsUntil
				}
				if r.IntN(3) != 0 {
					people := int64(10 * (1 + r.IntN(200)))
					cs.PeopleAffected = &people
				}
				bn.Cosigns = append(bn.Cosigns, cs)
			}
		}
		if bn.MergedInto > 0 {
			// A merged duplicate's municipality and co-signers count on
			// the need it was merged into, once each.
			kept := &b.Needs[bn.MergedInto-1]
			seen := map[string]bool{kept.Need.OrgID: true}
			for _, c := range kept.Cosigns {
				seen[c.OrgID] = true
			}
			for _, c := range append([]needs.Cosign{{OrgID: org, PeopleAffected: n.PeopleAffected, CreatedAt: *n.ClosedAt}}, bn.Cosigns...) {
				if !seen[c.OrgID] {
					seen[c.OrgID] = true
					kept.Cosigns = append(kept.Cosigns, c)
				}
			}
			bn.Cosigns = nil
		}
		bn.Need = n
		b.Needs = append(b.Needs, bn)
	}
	// Recommendations answer the answered needs of each space in groups,
	// published when the last of the group was answered: publishing
	// answers them all, so they take that time.
	spaceIDs := slices.Sorted(needsKeys(answered))
	for _, sid := range spaceIDs {
		list := answered[sid]
		slices.SortStableFunc(list, func(x, y int) int { return b.Needs[x].Need.AnsweredAt.Compare(*b.Needs[y].Need.AnsweredAt) })
		for start := 0; start < len(list); {
			size := 1 + r.IntN(21) // about 11 needs each: one recommendation for every 20 needs
			group := list[start:min(start+size, len(list))]
			start += len(group)
			last := *b.Needs[group[len(group)-1]].Need.AnsweredAt
			first := b.Needs[group[0]].Need
			theme := first.Themes[0]
			obj := needObjects[theme][0]
			for _, gi := range group {
				b.Needs[gi].Need.AnsweredAt = &last
				b.Needs[gi].AnsweredBy = len(b.Recs) + 1
			}
			pub := needs.Members
			if r.IntN(5) < 2 {
				pub = needs.Public
			}
			drafted := last.Add(-time.Duration(24*(3+r.IntN(30))) * time.Hour)
			if drafted.Before(first.CreatedAt) {
				drafted = first.CreatedAt
			}
			rec := needs.Recommendation{
				SpaceID: sid, Title: fmt.Sprintf(pick(needRecTitles), needsUpperFirst(obj)),
				Summary: fmt.Sprintf("Üye belediyelerin %d talebine yanıt olarak hazırlandı. Öneri, %s alanında belediyelerin ortak bir hizmet standardı benimsemesini, "+
					"personel ve bütçe ihtiyacını birlikte planlamasını ve sonuçları yıllık olarak raporlamasını öngörüyor.", len(group), obj),
				Proposal: "1. Hizmetin asgari standardı ve hedef grup tanımı.\n2. Belediyeler arası uzman havuzu ve ortak eğitim programı.\n" +
					"3. İzleme göstergeleri ve yıllık raporlama.",
				Level:  needs.Levels[needsWeighted(r, []int{5, 3, 2})],
				Refs:   "MBB Göç ve Sosyal Politika Merkezi çalıştay raporu\nhttps://www.marmara.gov.tr/",
				Rights: needThemeRights[theme], SDGs: needThemeSDGs[theme], Publication: pub, Revision: 1 + needsWeighted(r, []int{6, 3, 1}),
				PublishedAt: &last, CreatedAt: drafted, UpdatedAt: last,
			}
			br := needs.BulkRec{Rec: rec, Needs: group}
			// Reach: endorsements, then adoption reports from some of
			// them and a few others.
			seen := map[string]bool{}
			for range needsWeighted(r, []int{10, 20, 20, 15, 10, 10, 5, 5, 3, 2}) * 2 {
				o := munis[r.IntN(len(munis))]
				if seen[o] {
					continue
				}
				seen[o] = true
				at := last.Add(time.Duration(1+r.IntN(60*24)) * time.Hour)
				if at.After(needsUntil) {
					continue
				}
				br.Endorsements = append(br.Endorsements, needs.Endorsement{OrgID: o, CreatedAt: at})
				if r.IntN(2) == 0 {
					on := at.Add(time.Duration(r.IntN(180*24)) * time.Hour)
					if on.After(needsUntil) {
						on = needsUntil
					}
					br.Adoptions = append(br.Adoptions, needs.Adoption{OrgID: o, Status: needs.AdoptionStatuses[needsWeighted(r, []int{5, 4, 1})],
						On: on.Format(time.DateOnly), Note: "Meclis kararıyla uygulamaya alındı.", UpdatedAt: on})
				}
			}
			b.Recs = append(b.Recs, br)
		}
	}
	// A few drafts still being written.
	for i := range len(b.Recs) / 20 {
		sid := spaceIDs[i%len(spaceIDs)]
		at := needsUntil.Add(-time.Duration(1+r.IntN(60*24)) * time.Hour)
		theme := pick(allThemes)
		b.Recs = append(b.Recs, needs.BulkRec{Rec: needs.Recommendation{
			SpaceID: sid, Title: fmt.Sprintf(pick(needRecTitles), needsUpperFirst(pick(needObjects[theme]))),
			Summary: "Taslak: çalışma grubunun ilk değerlendirmesi.", Level: needs.LevelUnion, Rights: needThemeRights[theme], SDGs: needThemeSDGs[theme],
			Publication: needs.Draft, CreatedAt: at, UpdatedAt: at,
		}})
	}
	p.total += len(b.Needs) + len(b.Recs)
	base := p.done
	return d.Needs.LoadBulk(ctx, b, func(done int) { p.at("needs", base+done) })
}

func needDescription(r *rand.Rand, org, group, obj string) string {
	switch i := r.IntN(len(needDescriptions)); i {
	case 0:
		return fmt.Sprintf(needDescriptions[0], org, group, obj, 20+r.IntN(60))
	case 1:
		return fmt.Sprintf(needDescriptions[1], needsUpperFirst(group), obj, org)
	default:
		return fmt.Sprintf(needDescriptions[2], org, obj, needsUpperFirst(group), 30+r.IntN(50))
	}
}

func needsOrgName(ds *dataset, id string) string {
	for _, o := range ds.municipalities {
		if o.ID == id {
			return o.Name
		}
	}
	return id
}

// needsWeighted picks an index with the given weights.
func needsWeighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// needsOrdered returns the codes of chosen in the order of all.
func needsOrdered(all, chosen []string) []string {
	var out []string
	for _, c := range all {
		if slices.Contains(chosen, c) {
			out = append(out, c)
		}
	}
	return out
}

func needsUpperFirst(s string) string {
	for i := range s {
		if i > 0 {
			return locale.Upper(s[:i]) + s[i:]
		}
	}
	return locale.Upper(s)
}

func needsKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func needsEachRow(ctx context.Context, q store.Querier, query string, args []any, fn func(sc interface{ Scan(...any) error }) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
