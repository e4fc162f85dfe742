package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"birlik/network"
	"birlik/seed"
	"birlik/spaces"
)

// streamSpaces is the spaces' random stream ("spac").
const streamSpaces = 0x73706163

// spaceTopic is a subject a working group forms around, inside one of
// the seed's spaces, with the themes and groups it carries.
type spaceTopic struct {
	parent  string // slug of the seed space it sits in
	name    string // Turkish; "Çalışma Grubu" and a place are added
	en, fr  string
	purpose string
	themes  []string
	groups  []string
}

var spaceTopics = []spaceTopic{
	{seed.MigrationPlatform, "Geçici Koruma Altındaki Çocukların Eğitimi", "Education of Children under Temporary Protection", "Éducation des enfants sous protection temporaire",
		"Okula kayıt, devamsızlık ve Türkçe desteği üzerine belediyelerin deneyimlerini bir araya getirir.", []string{"education", "inclusion"}, []string{"children", "refugees"}},
	{seed.MigrationPlatform, "Göçmen Kadınların İstihdamı", "Employment of Migrant Women", "Emploi des femmes migrantes",
		"Meslek edindirme kursları, kooperatifler ve çocuk bakımı desteğiyle istihdama geçişi inceler.", []string{"employment", "gender_equality"}, []string{"women", "migrants"}},
	{seed.MigrationPlatform, "Dil ve İletişim Desteği", "Language and Communication Support", "Soutien linguistique et communication",
		"Belediye hizmetlerinde tercümanlık, çok dilli bilgilendirme ve Türkçe kursları.", []string{"inclusion", "migration_governance"}, []string{"migrants", "refugees"}},
	{seed.MigrationPlatform, "Mahalle Düzeyinde Sosyal Uyum", "Social Cohesion in the Neighbourhood", "Cohésion sociale dans le quartier",
		"Mahalle buluşmaları, ortak etkinlikler ve gerilimlerin önlenmesi üzerine çalışır.", []string{"cohesion", "belonging"}, []string{"migrants", "refugees", "youth"}},
	{seed.MigrationPlatform, "Göç Verisi ve Planlama", "Migration Data and Planning", "Données migratoires et planification",
		"Belediyelerin göç verisini toplaması, paylaşması ve hizmet planlamasında kullanması.", []string{"migration_governance", "demography"}, []string{"migrants"}},
	{seed.MigrationPlatform, "Göçmenlerin Sağlık Hizmetlerine Erişimi", "Migrants' Access to Health Services", "Accès des migrants aux services de santé",
		"Sağlık hizmetlerine yönlendirme, sağlık aracıları ve koruyucu sağlık programları.", []string{"health", "inclusion"}, []string{"migrants", "refugees", "women"}},
	{seed.MigrationPlatform, "Kentsel Aidiyet ve Katılım", "Urban Belonging and Participation", "Appartenance urbaine et participation",
		"Kent konseyleri ve gönüllülük yoluyla göçmenlerin kent yaşamına katılımı.", []string{"belonging", "inclusion"}, []string{"migrants", "youth"}},
	{seed.MigrationPlatform, "Göçmenler için Barınma", "Housing for Migrants", "Logement des migrants",
		"Kira desteği, barınma koşulları ve kayıt dışı konutlaşmanın önlenmesi.", []string{"housing", "migration"}, []string{"migrants", "refugees", "people_in_poverty"}},
	{seed.SocialServicesPlatform, "Yaşlılar için Evde Bakım", "Home Care for Older People", "Soins à domicile pour les personnes âgées",
		"Evde bakım hizmetlerinin standartları, bakım verenlerin desteklenmesi ve ziyaret programları.", []string{"care", "social_policy"}, []string{"older_people", "carers"}},
	{seed.SocialServicesPlatform, "Engelli Bireylerin Erişilebilirliği", "Accessibility for Persons with Disabilities", "Accessibilité pour les personnes en situation de handicap",
		"Belediye hizmetlerinin, binaların ve ulaşımın erişilebilirliği.", []string{"social_policy", "inclusion"}, []string{"persons_with_disabilities"}},
	{seed.SocialServicesPlatform, "Madde Bağımlılığıyla Mücadele", "Tackling Substance Addiction", "Lutte contre les addictions",
		"Önleme, danışmanlık ve rehabilitasyon merkezlerine yönlendirme.", []string{"addiction", "psychosocial_support"}, []string{"youth", "people_in_poverty"}},
	{seed.SocialServicesPlatform, "Psikososyal Destek Hizmetleri", "Psychosocial Support Services", "Services de soutien psychosocial",
		"Afet ve kriz sonrası psikososyal destek, danışma merkezleri ve eğitimli personel.", []string{"psychosocial_support", "resilience"}, []string{"children", "women", "refugees"}},
	{seed.SocialServicesPlatform, "Sosyal Yardımların Koordinasyonu", "Coordination of Social Assistance", "Coordination de l'aide sociale",
		"Mükerrer yardımların önlenmesi, ihtiyaç sahiplerinin tespiti ve ortak veri.", []string{"social_assistance", "social_policy"}, []string{"people_in_poverty"}},
	{seed.SocialServicesPlatform, "Evsizlere Yönelik Hizmetler", "Services for Homeless People", "Services pour les personnes sans abri",
		"Kış aylarında barınma, sokakta yaşayanlara ulaşma ve kalıcı konuta geçiş.", []string{"housing", "social_assistance"}, []string{"homeless_people"}},
	{seed.SocialServicesPlatform, "Kadına Yönelik Şiddetle Mücadele", "Combating Violence against Women", "Lutte contre la violence à l'égard des femmes",
		"Kadın danışma merkezleri, sığınma evleri ve kurumlar arası yönlendirme.", []string{"gender_equality", "psychosocial_support"}, []string{"women", "children"}},
	{seed.SocialServicesPlatform, "Çocuk Yoksulluğu", "Child Poverty", "Pauvreté des enfants",
		"Okul beslenmesi, eğitim destekleri ve ailelere yönelik sosyal yardımlar.", []string{"social_policy", "education"}, []string{"children", "people_in_poverty"}},
	{seed.SocialServicesPlatform, "Kronik Hastalar ve Bakım Verenler", "Chronically Ill People and Their Carers", "Malades chroniques et aidants",
		"Evde sağlık, hasta nakli ve bakım verenlere mola hizmetleri.", []string{"care", "health"}, []string{"chronically_ill", "carers"}},
	{seed.SocialServicesPlatform, "Gençlerin İstihdamı ve Katılımı", "Youth Employment and Participation", "Emploi et participation des jeunes",
		"Gençlik merkezleri, staj programları ve gençlerin karar süreçlerine katılımı.", []string{"employment", "inclusion"}, []string{"youth"}},
	{seed.CohesionCommittee, "Göç Yönetişiminde Yerel Politika", "Local Policy in Migration Governance", "Politique locale dans la gouvernance migratoire",
		"Komisyon için belediye meclislerine sunulacak politika önerilerini hazırlar.", []string{"migration_governance", "cohesion"}, []string{"migrants", "refugees"}},
	{seed.CohesionCommittee, "Yerel Uyum Stratejileri", "Local Cohesion Strategies", "Stratégies locales de cohésion",
		"Belediyelerin uyum stratejilerini ve eylem planlarını karşılaştırır.", []string{"cohesion", "belonging"}, []string{"migrants", "refugees"}},
}

// memberRef is a demo person who may sit in a space.
type memberRef struct {
	id  int64
	org string
	pos string
}

// loadSpaces gives the seed's spaces their members, from the demo
// people: every member municipality's platform representatives (the
// people the generator noted as such), the union's coordinators, experts
// and observers from partner organisations, the committee's mayors and
// councillors with Bursa's mayor in the chair, and some who left. It
// adds about three working groups per unit of scale inside them, each
// with members from a handful of municipalities, a quarter private, and
// links the demo accounts to their people, so that the coordinator
// coordinates the platforms and the focal points sit in them. Members
// are written in batches through spaces.ImportMembers.
func loadSpaces(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	r := stream(streamSpaces)
	seedIDs := map[string]int64{}
	for _, slug := range []string{seed.MigrationPlatform, seed.SocialServicesPlatform, seed.CohesionCommittee} {
		sp, err := d.Spaces.BySlug(ctx, slug)
		if err != nil {
			return fmt.Errorf("spaces: the seed's space %s: %w", slug, err)
		}
		seedIDs[slug] = sp.ID
	}
	moved := map[int]bool{}
	for _, m := range ds.moves {
		moved[m.person] = true
	}
	member := map[string]bool{}
	var members []string // member municipalities, in id order
	metro := map[string]bool{}
	for _, o := range ds.municipalities {
		if o.MemberStatus == network.Member {
			member[o.ID] = true
			members = append(members, o.ID)
		}
		if o.MunicipalityKind == network.Metropolitan {
			metro[o.ID] = true
		}
	}
	partner := map[string]bool{}
	for _, o := range ds.partners {
		partner[o.ID] = true
	}
	// The people who may sit in spaces: those still where they started.
	var migrationReps, socialReps, partners, union []memberRef
	byOrg := map[string][]memberRef{}
	mayors := map[string]memberRef{}
	var councillors []memberRef
	for i := range ds.people {
		pi := &ds.people[i]
		if moved[i] || pi.Person.ID == 0 {
			continue
		}
		ref := memberRef{pi.Person.ID, pi.Affiliation.OrgID, pi.Affiliation.Position}
		switch {
		case ref.org == seed.UnionID:
			union = append(union, ref)
		case partner[ref.org]:
			partners = append(partners, ref)
		case member[ref.org]:
			switch {
			case pi.Person.Notes == "MBB Göç Platformu temsilcisi":
				migrationReps = append(migrationReps, ref)
			case pi.Person.Notes == "MBB Sosyal Hizmetler Platformu temsilcisi":
				socialReps = append(socialReps, ref)
			case ref.pos == "Belediye Başkanı":
				mayors[ref.org] = ref
			case ref.pos == "Belediye Meclis Üyesi":
				councillors = append(councillors, ref)
			}
			if ref.pos != "Belediye Başkanı" && ref.pos != "Belediye Meclis Üyesi" {
				byOrg[ref.org] = append(byOrg[ref.org], ref)
			}
		}
	}
	unionBy := func(pos string) (memberRef, bool) {
		i := slices.IndexFunc(union, func(m memberRef) bool { return m.pos == pos })
		if i < 0 {
			return memberRef{}, false
		}
		return union[i], true
	}
	date := func(fromYear, toYear int) string {
		return fmt.Sprintf("%d-%02d-%02d", fromYear+r.IntN(toYear-fromYear+1), 1+r.IntN(12), 1+r.IntN(28))
	}
	var rows []spaces.Membership
	add := func(space int64, m memberRef, role spaces.Role, joined string) {
		rows = append(rows, spaces.Membership{SpaceID: space, PersonID: m.id, OrgID: m.org, Role: role, JoinedOn: joined})
	}
	// ended adds a membership that ended: someone the municipality sent
	// before its current representative.
	ended := func(space int64, m memberRef) {
		joined := date(2016, 2020)
		rows = append(rows, spaces.Membership{SpaceID: space, PersonID: m.id, OrgID: m.org, Role: spaces.MemberRole,
			JoinedOn: joined, LeftOn: date(2021, 2023)})
	}

	// The two platforms: each member municipality's representative, the
	// union's coordinators, a few partners' experts and observers.
	centre, hasCentre := unionBy("Göç ve Sosyal Politika Merkezi Koordinatörü")
	for _, pl := range []struct {
		slug, coordinator string
		reps              []memberRef
	}{
		{seed.MigrationPlatform, "Göç Platformu Koordinatörü", migrationReps},
		{seed.SocialServicesPlatform, "Sosyal Hizmetler Platformu Koordinatörü", socialReps},
	} {
		id := seedIDs[pl.slug]
		if hasCentre {
			add(id, centre, spaces.Coordinator, "2015-09-01")
		}
		if c, ok := unionBy(pl.coordinator); ok {
			add(id, c, spaces.Coordinator, date(2016, 2019))
		}
		if ex, ok := unionBy("Araştırma Uzmanı"); ok {
			add(id, ex, spaces.Expert, date(2018, 2022))
		}
		for _, m := range pl.reps {
			add(id, m, spaces.MemberRole, date(2016, 2025))
			// One municipality in eight changed its representative.
			if others := byOrg[m.org]; r.IntN(8) == 0 && len(others) > 1 {
				if o := pick(r, others); o.id != m.id {
					ended(id, o)
				}
			}
		}
		for _, i := range r.Perm(len(partners))[:min(8, len(partners))] {
			role := spaces.Expert
			if r.IntN(3) == 0 {
				role = spaces.Observer
			}
			add(id, partners[i], role, date(2019, 2025))
		}
	}

	// The committee: Bursa's mayor in the chair (Bursa presides over the
	// union), four more mayors of metropolitan municipalities, four
	// councillors of member municipalities, and the union's secretary.
	committee := seedIDs[seed.CohesionCommittee]
	if chair, ok := mayors["bursa-bb"]; ok {
		add(committee, chair, spaces.Chair, "2024-06-01")
	}
	var metroMayors []memberRef
	for _, id := range members {
		if m, ok := mayors[id]; ok && metro[id] && id != "bursa-bb" {
			metroMayors = append(metroMayors, m)
		}
	}
	for _, i := range r.Perm(len(metroMayors))[:min(4, len(metroMayors))] {
		add(committee, metroMayors[i], spaces.MemberRole, "2024-06-01")
	}
	seen := map[string]bool{}
	for _, i := range r.Perm(len(councillors)) {
		if len(seen) == 4 {
			break
		}
		if c := councillors[i]; !seen[c.org] {
			seen[c.org] = true
			add(committee, c, spaces.MemberRole, "2024-06-01")
		}
	}
	if sec, ok := unionBy("Göç ve Sosyal Uyum Komisyonu Sekreteri"); ok {
		add(committee, sec, spaces.Coordinator, "2024-06-01")
	}

	// Working groups: about three per unit of scale, inside the seed's
	// spaces, named after a subject and a province.
	var provinces []string
	seenProv := map[string]bool{}
	for _, o := range ds.municipalities {
		if o.ProvinceName != "" && !seenProv[o.ProvinceName] {
			seenProv[o.ProvinceName] = true
			provinces = append(provinces, o.ProvinceName)
		}
	}
	slices.SortFunc(provinces, strings.Compare)
	if len(provinces) == 0 {
		provinces = []string{"Marmara"}
	}
	for n := range 3 * scale {
		t := spaceTopics[n%len(spaceTopics)]
		where := provinces[(n/len(spaceTopics))%len(provinces)]
		round := n / (len(spaceTopics) * len(provinces))
		suffix := " (" + where + ")"
		if round > 0 {
			suffix = fmt.Sprintf(" (%s, %d. dönem)", where, round+1)
		}
		wg := &spaces.Space{Kind: spaces.WorkingGroup, ParentID: seedIDs[t.parent], Visibility: spaces.Public,
			Name:    map[string]string{"tr": t.name + " Çalışma Grubu" + suffix, "en": t.en + " Working Group" + suffix, "fr": "Groupe de travail " + t.fr + suffix},
			Purpose: map[string]string{"tr": t.purpose}, Themes: t.themes, Groups: t.groups}
		if r.IntN(4) == 0 {
			wg.Visibility = spaces.Private
		}
		if err := d.Spaces.Create(ctx, wg); err != nil {
			return fmt.Errorf("spaces: working group %q: %w", wg.Name["tr"], err)
		}
		// Its members: people of 4 to 14 municipalities, one of them in
		// the chair, and now and then the union's coordinator or a
		// partner's expert; one in ten has left.
		inGroup := map[int64]bool{}
		chair := true
		for _, i := range r.Perm(len(members))[:min(4+r.IntN(11), len(members))] {
			people := byOrg[members[i]]
			if len(people) == 0 {
				continue
			}
			for range 1 + r.IntN(2) {
				m := pick(r, people)
				if inGroup[m.id] {
					continue
				}
				inGroup[m.id] = true
				role := spaces.MemberRole
				if chair {
					role, chair = spaces.Chair, false
				}
				if role == spaces.MemberRole && r.IntN(10) == 0 {
					ended(wg.ID, m)
					continue
				}
				add(wg.ID, m, role, date(2021, 2025))
			}
		}
		if c, ok := unionBy(map[string]string{seed.MigrationPlatform: "Göç Platformu Koordinatörü",
			seed.SocialServicesPlatform: "Sosyal Hizmetler Platformu Koordinatörü",
			seed.CohesionCommittee:      "Göç ve Sosyal Uyum Komisyonu Sekreteri"}[t.parent]); ok && r.IntN(3) == 0 && !inGroup[c.id] {
			add(wg.ID, c, spaces.Coordinator, date(2021, 2025))
		}
		if len(partners) > 0 && r.IntN(2) == 0 {
			if x := pick(r, partners); !inGroup[x.id] {
				add(wg.ID, x, spaces.Expert, date(2021, 2025))
			}
		}
		if len(rows) >= spaceMemberBatch {
			if err := d.Spaces.ImportMembers(ctx, rows); err != nil {
				return fmt.Errorf("spaces: members: %w", err)
			}
			rows = rows[:0]
		}
	}
	if err := d.Spaces.ImportMembers(ctx, rows); err != nil {
		return fmt.Errorf("spaces: members: %w", err)
	}

	// The demo accounts sit where their people do.
	links := map[string]int64{}
	if hasCentre {
		links["coordinator@demo.birlik"] = centre.id
	}
	for _, m := range migrationReps {
		switch m.org {
		case "istanbul-kadikoy":
			links["focal.kadikoy@demo.birlik"] = m.id
		case "bursa-nilufer":
			links["focal.nilufer@demo.birlik"] = m.id
		}
	}
	if chair, ok := mayors["bursa-bb"]; ok {
		links["committee@demo.birlik"] = chair.id
	}
	for _, a := range ds.accounts {
		if id := links[a.Email]; id != 0 {
			if _, err := d.DB.ExecContext(ctx, `UPDATE users SET person_id = ? WHERE email = ?`, id, a.Email); err != nil {
				return fmt.Errorf("spaces: link %s: %w", a.Email, err)
			}
		}
	}
	return nil
}

// spaceMemberBatch is how many memberships go in one transaction.
const spaceMemberBatch = 5000
