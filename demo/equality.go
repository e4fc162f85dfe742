package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"birlik"
	"birlik/equality"
	"birlik/network"
	"birlik/seed"
	"birlik/store"
)

// streamPlans is the Gender Equality Plans' generator stream ("plan").
const streamPlans = 0x706c616e

// plansPerScale is how many municipalities' plans each unit of scale
// adds: 5 at scale 1, 500 at scale 100.
const plansPerScale = 5

// loadPlans adds the union's Gender Equality Plan (UnionPlanID finds it)
// and about 5 × scale municipalities' plans, drafts and published.
func loadPlans(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	return writePlans(ctx, d, ds.municipalities, scale, p)
}

// Plans writes only the demo's Gender Equality Plans at scale into a
// database holding the seed's municipalities (seed.Base): the fixture of
// package equality's tests of the demo plan.
func Plans(ctx context.Context, d Deps, scale int) error {
	if d.Equality == nil {
		d.Equality = equality.New(d.DB)
	}
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	munis, err := d.Network.ExportOrganisations(ctx, network.OrgFilter{Kind: network.Municipality})
	if err != nil {
		return err
	}
	return writePlans(ctx, d, munis, scale, &progress{out: discard{}, start: time.Now(), last: time.Now()})
}

// UnionPlanID returns the id of the union's Gender Equality Plan, the
// first plan of the organisation of kind 'union'; 0 when the demo has
// none. The plan's objectives are, by code: O1 gender-sensitive strategic
// planning, O2 violence against women, O3 women's political
// participation, O4 care systems (equality.Service.Objectives lists
// them), for the indicators part to link the GEP's indicators to.
func UnionPlanID(ctx context.Context, db store.Querier) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, `SELECT p.id FROM equality_plans p JOIN organisations o ON o.id = p.org_id
		WHERE o.kind = 'union' ORDER BY p.id LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// unionMeasure is a measure of the union's plan: the seed's trainings,
// its peer-learning meetings and the Metropolis lab.
type unionMeasure struct {
	title, description, responsible string
	budget                          float64
	start, end                      string
	status                          equality.MeasureStatus
	reported2024                    equality.MeasureStatus // "" not yet in the plan
	reported2025                    equality.MeasureStatus
}

type unionObjective struct {
	title, description string
	measure            unionMeasure
}

// The union's plan: its first three objectives were adopted with version
// 1 (2024); the fourth, care systems, and the Metropolis lab came with
// version 2 (2025).
var unionObjectives = []unionObjective{
	{"Üye belediyelerde toplumsal cinsiyete duyarlı stratejik planlama",
		"Üye belediyelerin stratejik planlarına toplumsal cinsiyet analizi, eşitlik hedefleri ve ölçülebilir göstergeler girmesi.",
		unionMeasure{"Stratejik Planlama Perspektifleri: Toplumsal Cinsiyete Duyarlı Stratejik Planlama",
			"Belediyelerin strateji ve planlama ekiplerine, yerel stratejik planlarına toplumsal cinsiyet analizi, eşitlik hedefleri ve ölçülebilir göstergeler koymayı öğreten eğitim programı.",
			"MBB Yerel Yönetimler Akademisi", 180000, "2024-02-01", "2026-12-31", equality.Ongoing, equality.Ongoing, equality.Ongoing}},
	{"Kadına yönelik şiddetin önlenmesi ve şiddete müdahale",
		"Belediyelerin toplumsal cinsiyete dayalı şiddeti önleme ve şiddete uğrayan kadınlara destek kapasitesinin güçlendirilmesi.",
		unionMeasure{"Kadına Yönelik Şiddetle Mücadelede Belediyelerin Rolü",
			"Belediyelerin toplumsal cinsiyete dayalı şiddeti önlemek ve şiddete yanıt vermek için eşgüdümlü, hak temelli yerel eylemler geliştirmesine yönelik eğitim.",
			"MBB Göç ve Sosyal Politika Merkezi", 150000, "2024-03-01", "2025-12-31", equality.Done, equality.Ongoing, equality.Done}},
	{"Kadınların siyasi katılımı ve liderliği",
		"Kadınların yerel yönetimlerde siyasi katılımının ve karar alma süreçlerinde liderliğinin desteklenmesi.",
		unionMeasure{"Kadın Meclis Üyeleri Buluşmaları",
			"Kadın belediye meclis üyelerinin deneyim paylaştığı akran öğrenme buluşmaları; yerel yönetişimde kadınların siyasi katılımını ve liderliğini güçlendirir.",
			"MBB Göç ve Sosyal Politika Merkezi", 120000, "2024-05-01", "2028-12-31", equality.Ongoing, equality.Ongoing, equality.Ongoing}},
	{"Bakım sistemlerinin iyileştirilmesi",
		"Büyükşehir belediyelerinin bakım verenleri destekleyen hizmetlerinin ve kadın yöneticilerin liderliğinin güçlendirilmesi.",
		unionMeasure{"Metropolis Çözüm Laboratuvarı: Bakım Sistemlerini İyileştirmek ve Kadın Liderleri Güçlendirmek",
			"Metropolis ile ortaklıkla, \"Bakım verenleri desteklemek (Bakım)\" ve \"Kadın liderliğini güçlendirmek\" atölyeleri: çevrim içi oturumlar ve İstanbul'da yüz yüze bir buluşma; 11 büyükşehir belediyesinden 26 üst düzey yönetici katıldı.",
			"MBB Dış İlişkiler Müdürlüğü ve Metropolis", 400000, "2025-03-01", "2025-11-30", equality.Done, "", equality.Done}},
}

// unionPlanV1 is how many of unionObjectives version 1 of the plan had.
const unionPlanV1 = 3

func writePlans(ctx context.Context, d Deps, munis []network.Organisation, scale int, p *progress) error {
	if err := writeUnionPlan(ctx, d); err != nil {
		return fmt.Errorf("plans: the union's: %w", err)
	}
	var members []network.Organisation
	for _, o := range munis {
		if o.MemberStatus == network.Member {
			members = append(members, o)
		}
	}
	if len(members) == 0 {
		members = munis
	}
	if len(members) == 0 {
		return nil
	}
	r := stream(streamPlans)
	// The demo's focal points' municipalities first, so that each finds a
	// plan of their own: Kadıköy's published, Nilüfer's a draft.
	order := r.Perm(len(members))
	for _, id := range []string{"bursa-nilufer", "istanbul-kadikoy"} {
		for i, m := range order {
			if members[m].ID == id {
				order = append([]int{m}, append(order[:i:i], order[i+1:]...)...)
				break
			}
		}
	}
	total := plansPerScale * scale
	base := p.done
	p.total += total
	for i := range total {
		org := members[order[i%len(members)]]
		// A municipality drawn again has an earlier, closed plan.
		round := i / len(members)
		if err := writeMunicipalPlan(ctx, d, r, org, i, round); err != nil {
			return fmt.Errorf("plans: %s: %w", org.ID, err)
		}
		p.at("plans", base+i+1)
	}
	return nil
}

func writeUnionPlan(ctx context.Context, d Deps) error {
	plan := &equality.Plan{OrgID: seed.UnionID, Title: "MBB Toplumsal Cinsiyet Eşitliği Planı 2024–2028",
		Summary: "Birliğin hem kendi kurumsal yönetişimine hem de üye belediyelere desteğine yön veren Toplumsal Cinsiyet Eşitliği Planı. " +
			"Plan düzenli olarak gözden geçirilir ve izlenir; Birlik böylece etkisini değerlendirir, hesap verebilirliğini ve öğrenmeyi güçlendirir.",
		StartDate: "2024-01-01", EndDate: "2028-12-31", Status: equality.ActivePlan, Published: true}
	if err := d.Equality.SavePlan(ctx, plan); err != nil {
		return err
	}
	measures := make([]*equality.Measure, len(unionObjectives))
	add := func(i int) error {
		uo := unionObjectives[i]
		o := &equality.Objective{PlanID: plan.ID, Title: uo.title, Description: uo.description}
		if err := d.Equality.SaveObjective(ctx, o); err != nil {
			return err
		}
		um := uo.measure
		m := &equality.Measure{ObjectiveID: o.ID, Title: um.title, Description: um.description, Responsible: um.responsible,
			Budget: um.budget, StartDate: um.start, EndDate: um.end, Status: um.status}
		measures[i] = m
		return d.Equality.SaveMeasure(ctx, m)
	}
	report := func(period, narrative string, status func(unionMeasure) equality.MeasureStatus) error {
		rep := &equality.Report{PlanID: plan.ID, Period: period, Narrative: narrative, Published: true,
			MeasureStatus: map[int64]equality.MeasureStatus{}}
		for i, m := range measures {
			if st := status(unionObjectives[i].measure); m != nil && st != "" {
				rep.MeasureStatus[m.ID] = st
			}
		}
		return d.Equality.SaveReport(ctx, rep)
	}
	for i := range unionPlanV1 {
		if err := add(i); err != nil {
			return err
		}
	}
	if err := report("2024", "2024 yılında toplumsal cinsiyete duyarlı stratejik planlama eğitimi ilk üye belediye ekipleriyle başladı; "+
		"kadına yönelik şiddetle mücadele eğitimi ve kadın meclis üyeleri buluşmaları sürüyor. "+
		"Belediyeler bakım hizmetlerinde kapasite ihtiyacını ve kadın yöneticiler liderlik desteği talebini dile getirdi.",
		func(m unionMeasure) equality.MeasureStatus { return m.reported2024 }); err != nil {
		return err
	}
	review := &equality.Review{FromVersion: 1, ReviewedOn: "2025-02-14",
		Changes: "Bakım sistemlerinin iyileştirilmesi hedefi (O4) eklendi ve Metropolis Çözüm Laboratuvarı bu hedefin faaliyeti olarak plana alındı; " +
			"stratejik planlama eğitiminin süresi 2026 sonuna uzatıldı.",
		Reasons: "2024 izleme raporu, büyükşehir belediyelerinin bakım hizmetlerinde kapasite ihtiyacını ve kadın yöneticilerin liderlik desteği talebini ortaya koydu; " +
			"Metropolis ile ortaklık bu iki ihtiyaca birlikte yanıt veriyor. Eğitime katılmak isteyen belediye sayısı ilk takvimi aştı."}
	if err := d.Equality.Revise(ctx, plan.ID, "2025-03-01", review); err != nil {
		return err
	}
	for i := unionPlanV1; i < len(unionObjectives); i++ {
		if err := add(i); err != nil {
			return err
		}
	}
	return report("2025", "Metropolis Çözüm Laboratuvarı, çevrim içi oturumlar ve İstanbul'daki yüz yüze buluşmayla 11 büyükşehir belediyesinden 26 üst düzey yöneticiyi bir araya getirdi. "+
		"Kadına yönelik şiddetle mücadele eğitimi tamamlandı; stratejik planlama eğitimi ve kadın meclis üyeleri buluşmaları sürüyor.",
		func(m unionMeasure) equality.MeasureStatus { return m.reported2025 })
}

// municipalObjectives are the objectives a municipality's plan draws
// from, each with the measures it may take.
var municipalObjectives = []struct {
	title    string
	measures []string
}{
	{"Hizmetlerde toplumsal cinsiyete duyarlı planlama ve bütçeleme", []string{
		"Stratejik planın toplumsal cinsiyet analizi", "Toplumsal cinsiyete duyarlı bütçe pilot uygulaması", "Cinsiyete göre ayrıştırılmış hizmet verisi toplanması"}},
	{"Kadına yönelik şiddetle mücadele", []string{
		"Kadın danışma merkezinin güçlendirilmesi", "Belediye personeline şiddetle mücadele eğitimi", "Şiddet önleme ve izleme merkeziyle yönlendirme protokolü"}},
	{"Kadınların karar alma süreçlerine katılımı", []string{
		"Kent konseyi kadın meclisinin desteklenmesi", "Kadın meclis üyeleri için akran öğrenme buluşmaları", "Mahalle kadın komitelerinin kurulması"}},
	{"Bakım yükünün paylaşılması ve bakım hizmetleri", []string{
		"Mahalle kreşleri ve çocuk bakım evleri", "Yaşlı ve engelli bakımına evde destek", "Bakım verenler için dinlenme ve danışmanlık hizmeti"}},
	{"Kadınların ekonomik güçlenmesi", []string{
		"Kadın kooperatiflerine satış alanı desteği", "Kadınlara mesleki eğitim ve istihdama yönlendirme"}},
	{"Güvenli ve erişilebilir kamusal alanlar", []string{
		"Kadınlarla güvenlik yürüyüşleri ve aydınlatma iyileştirmesi", "Parklarda ve duraklarda erişilebilirlik düzenlemesi"}},
}

var responsibleUnits = []string{
	"Kadın ve Aile Hizmetleri Müdürlüğü", "Sosyal Destek Hizmetleri Müdürlüğü", "Strateji Geliştirme Müdürlüğü",
	"İnsan Kaynakları ve Eğitim Müdürlüğü", "Kültür ve Sosyal İşler Müdürlüğü", "Fen İşleri Müdürlüğü", "Eşitlik Birimi",
}

// writeMunicipalPlan writes the i-th municipal plan: a plan of the
// current period (2024–2028, drafts among them) in round 0, of an
// earlier, closed period in later rounds.
func writeMunicipalPlan(ctx context.Context, d Deps, r *rand.Rand, org network.Organisation, i, round int) error {
	startYear := 2024 - 5*round
	plan := &equality.Plan{OrgID: org.ID, Title: fmt.Sprintf("%s Yerel Eşitlik Eylem Planı %d–%d", org.Name, startYear, startYear+4),
		Summary:   "Belediyenin kadın-erkek eşitliğini hizmetlerine ve kurumsal yapısına yerleştirmek için hazırladığı yerel eylem planı.",
		StartDate: fmt.Sprintf("%d-01-01", startYear), EndDate: fmt.Sprintf("%d-12-31", startYear+4)}
	switch {
	case round > 0:
		plan.Status, plan.Published = equality.ClosedPlan, true
	case i == 1 || r.IntN(5) < 2: // Nilüfer's, the second, is a draft
		plan.Status = equality.DraftPlan
	default:
		plan.Status, plan.Published = equality.ActivePlan, true
	}
	if err := d.Equality.SavePlan(ctx, plan); err != nil {
		return err
	}
	var measures []*equality.Measure
	for _, oi := range r.Perm(len(municipalObjectives))[:2+r.IntN(3)] {
		mo := municipalObjectives[oi]
		o := &equality.Objective{PlanID: plan.ID, Title: mo.title}
		if err := d.Equality.SaveObjective(ctx, o); err != nil {
			return err
		}
		for _, mi := range r.Perm(len(mo.measures))[:1+r.IntN(2)] {
			start := time.Date(startYear, time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
			end := start.AddDate(1+r.IntN(3), 0, -1)
			m := &equality.Measure{ObjectiveID: o.ID, Title: mo.measures[mi], Responsible: responsibleUnits[r.IntN(len(responsibleUnits))],
				Budget: float64(5000 * (2 + r.IntN(100))), StartDate: start.Format(time.DateOnly), EndDate: end.Format(time.DateOnly),
				Status: measureStatusAt(r, end, startYear, round)}
			if err := d.Equality.SaveMeasure(ctx, m); err != nil {
				return err
			}
			measures = append(measures, m)
		}
	}
	if !plan.Published || plan.Status != equality.ActivePlan {
		return nil
	}
	// Published active plans report on 2024, most of them on 2025 too.
	for _, year := range []int{2024, 2025} {
		if year == 2025 && r.IntN(3) == 0 {
			break
		}
		rep := &equality.Report{PlanID: plan.ID, Period: fmt.Sprint(year), Published: true,
			Narrative:     fmt.Sprintf("%d yılında planın faaliyetleri müdürlüklerin raporlarıyla izlendi; gecikenler için yeni takvim belirlendi.", year),
			MeasureStatus: map[int64]equality.MeasureStatus{}}
		for _, m := range measures {
			if m.StartDate <= fmt.Sprintf("%d-12-31", year) {
				rep.MeasureStatus[m.ID] = measureStatusAt(r, mustDate(m.EndDate), year, 0)
			}
		}
		if err := d.Equality.SaveReport(ctx, rep); err != nil {
			return err
		}
	}
	return nil
}

// measureStatusAt draws a plausible status of a measure ending on end,
// seen at the end of year: closed plans' measures are done or cancelled.
func measureStatusAt(r *rand.Rand, end time.Time, year, round int) equality.MeasureStatus {
	switch {
	case round > 0:
		if r.IntN(6) == 0 {
			return equality.Cancelled
		}
		return equality.Done
	case end.Year() <= year && r.IntN(4) > 0:
		return equality.Done
	case r.IntN(5) == 0:
		return equality.Delayed
	case end.Year() > year+1:
		return equality.Planned
	}
	return equality.Ongoing
}

func mustDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}
