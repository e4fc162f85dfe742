package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"birlik"
	"birlik/equality"
	"birlik/indicators"
	"birlik/indicators/recorded"
	"birlik/network"
)

// streamIndicators is the indicators' generator stream ("indi").
const streamIndicators = 0x696e6469

// valueBatch is how many values go into one SaveValues: one
// transaction, large enough that its cost vanishes, small enough that
// progress moves every second or so.
const valueBatch = 20_000

// The years the demo's values cover.
const (
	firstYear = 2016
	lastYear  = 2025
)

// loadIndicators adds the indicator definitions, the values the member
// municipalities report, their approval and the targets, the figures
// Birlik records itself (from the meetings, needs, streets and surveys
// loaded before), and links the union's Gender Equality Plan (loaded
// before too) to the indicators it follows.
func loadIndicators(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	if err := writeIndicators(ctx, d, ds.municipalities, scale, p, true); err != nil {
		return err
	}
	if _, err := d.Indicators.Refresh(ctx, recorded.New(d.DB)); err != nil {
		return fmt.Errorf("indicators: the recorded figures: %w", err)
	}
	return followIndicators(ctx, d)
}

// Indicators writes only the demo's indicator definitions and the values
// municipalities enter at scale (scale 1: about 100,000 values; scale
// 100: about 10 million) into a database holding the seed's places and
// municipalities (seed.Base): the fixture of the indicators' benchmarks.
// It writes no approvals or targets, and no recorded figures (there are
// no meetings or streets to take them from).
func Indicators(ctx context.Context, d Deps, scale int) error {
	if d.Indicators == nil {
		d.Indicators = indicators.New(d.DB)
	}
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	munis, err := d.Network.ExportOrganisations(ctx, network.OrgFilter{Kind: network.Municipality})
	if err != nil {
		return err
	}
	return writeIndicators(ctx, d, munis, scale, &progress{out: discard{}, start: time.Now(), last: time.Now()}, false)
}

// writeIndicators saves the definitions and the values; with workflow,
// the submissions, decisions and targets besides.
func writeIndicators(ctx context.Context, d Deps, stored []network.Organisation, scale int, p *progress, workflow bool) error {
	munis := slices.Clone(stored)
	slices.SortFunc(munis, func(a, b network.Organisation) int { return strings.Compare(a.ID, b.ID) })
	infos := membership(munis) // the same members as the demo's network
	ids := map[string]int64{}
	for i := range demoIndicators {
		ind := demoIndicators[i].definition()
		if err := d.Indicators.SaveIndicator(ctx, &ind); err != nil {
			return fmt.Errorf("indicators: %s: %w", ind.Code, err)
		}
		ids[ind.Code] = ind.ID
	}
	g := newValueGen(infos, scale, ids)
	p.total += g.estimate()
	reported := map[orgPeriod]bool{}
	batch := make([]indicators.Value, 0, valueBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := d.Indicators.SaveValues(ctx, batch); err != nil {
			return fmt.Errorf("indicators: values: %w", err)
		}
		p.at("indicator values", p.done+len(batch))
		batch = batch[:0]
		return nil
	}
	err := g.each(func(v indicators.Value) error {
		reported[orgPeriod{v.OrgID, v.Period}] = true
		batch = append(batch, v)
		if len(batch) == valueBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil || !workflow {
		return err
	}
	if err := approve(ctx, d, reported, p); err != nil {
		return err
	}
	return writeTargets(ctx, d, ids)
}

// demoIndicator is one definition of the demo and how its values are
// drawn.
type demoIndicator struct {
	code        string
	name, def   [3]string // tr, en, fr
	unit        indicators.Unit
	typ         indicators.Type
	rights, sdg []string
	dir         indicators.Direction
	agg         indicators.Aggregation
	scope       indicators.Scope
	period      indicators.PeriodType
	dims        []indicators.Dimension
	formula     string // a Formula indicator's
	recorded    string // a Recorded indicator's figure
	draw        draw   // an entered indicator's
}

// draw says how an entered indicator's values are drawn.
type draw struct {
	// level is the 2016 figure: a year's count per 10,000 inhabitants
	// (a stock's size per 10,000), a currency's lira per inhabitant, or
	// a rate's value.
	level float64
	// trend is the change a year: relative for counts and currencies
	// (0.05: 5% more a year), in points for rates.
	trend float64
	// reach is the chance that a member municipality reports it at all
	// (others a third of it), and then each of its periods at 0.85.
	reach float64
	// part names the indicator it is a part of (women managers of
	// managers): its value is that one's times level+trend×years, in %.
	part string
	// female is women's share of the people counted; ages the weights
	// of the age bands 0-4 … 75+ (nil: the population's); migrants the
	// weights of temporary, international protection and other
	// (nil: the population's).
	female   float64
	ages     []float64
	migrants []float64
	// adopt bounds the years in which municipalities come to say yes
	// (yes/no indicators); some never do.
	adopt [2]int
}

func (di *demoIndicator) definition() indicators.Indicator {
	ind := indicators.Indicator{
		Code:       di.code,
		Name:       map[string]string{"tr": di.name[0], "en": di.name[1], "fr": di.name[2]},
		Definition: map[string]string{"tr": di.def[0], "en": di.def[1], "fr": di.def[2]},
		Unit:       di.unit, Type: di.typ, Rights: di.rights, SDGTargets: di.sdg, Direction: di.dir,
		Aggregation: di.agg, Scope: di.scope, Period: di.period, Dimensions: di.dims, Source: indicators.Entered,
	}
	switch {
	case di.formula != "":
		ind.Source, ind.Formula = indicators.Formula, di.formula
	case di.recorded != "":
		ind.Source, ind.Recorded = indicators.Recorded, di.recorded
	}
	return ind
}

// Shorthands for the table.
var (
	sexOnly   = []indicators.Dimension{indicators.Sex}
	sexAge    = []indicators.Dimension{indicators.Sex, indicators.AgeBand}
	sexMig    = []indicators.Dimension{indicators.Sex, indicators.Migration}
	ageMig    = []indicators.Dimension{indicators.AgeBand, indicators.Migration}
	sexAgeMig = []indicators.Dimension{indicators.Sex, indicators.AgeBand, indicators.Migration}
	ageDisMig = []indicators.Dimension{indicators.AgeBand, indicators.Disability, indicators.Migration}
	allDims   = []indicators.Dimension{indicators.Sex, indicators.AgeBand, indicators.Disability, indicators.Migration}
	ageOnly   = []indicators.Dimension{indicators.AgeBand}
)

// Age weights of the bands 0-4, 5-14, 15-24, 25-44, 45-64, 65-74, 75+.
var (
	adultAges = []float64{0, 0, 0.14, 0.52, 0.28, 0.04, 0.02}
	womenAges = []float64{0.06, 0.12, 0.12, 0.42, 0.22, 0.04, 0.02}
	olderAges = []float64{0, 0, 0, 0, 0.2, 0.45, 0.35}
	staffAges = []float64{0, 0, 0.08, 0.55, 0.37, 0, 0}
	// refugees: mostly temporary protection (Syrians), then international
	// protection and others; citizens are the rest.
	refugeeMix = []float64{0.62, 0.14, 0.08}
)

// demoIndicators are the indicators a rights-based union follows for its
// Gender Equality Plan and its members' rights work: structural ones
// (units, plans), process ones (services, trainings, budgets) and
// outcomes, across every aggregation rule and both scopes, the recorded
// figures of Birlik itself, and formulas over them.
var demoIndicators = []demoIndicator{
	// The municipality as an institution: staff, councils, budgets, units.
	{code: "GEP-01", name: [3]string{"Belediye yöneticileri", "Municipal managers", "Cadres dirigeants municipaux"},
		def:  [3]string{"Müdür ve üstü kadrolardaki yöneticilerin sayısı (yıl sonu).", "Managers at head-of-department level and above (end of year).", "Cadres de niveau directeur de service et au-dessus (fin d’année)."},
		unit: indicators.Count, typ: indicators.Structural, rights: []string{"gender_equality"}, sdg: []string{"5.5"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Yearly,
		draw: draw{level: 3.2, trend: 0.01, reach: 0.8}},
	{code: "GEP-02", name: [3]string{"Kadın belediye yöneticileri", "Women municipal managers", "Femmes cadres dirigeantes municipales"},
		def:  [3]string{"Müdür ve üstü kadrolardaki kadın yöneticilerin sayısı (yıl sonu).", "Women among managers at head-of-department level and above (end of year).", "Femmes parmi les cadres de niveau directeur de service et au-dessus (fin d’année)."},
		unit: indicators.Count, typ: indicators.Structural, rights: []string{"gender_equality"}, sdg: []string{"5.5"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Yearly,
		draw: draw{part: "GEP-01", level: 14, trend: 1.3, reach: 0.8}},
	{code: "GEP-03", name: [3]string{"Yöneticiler içinde kadınların payı", "Women’s share of municipal managers", "Part des femmes parmi les cadres dirigeants"},
		def:  [3]string{"Kadın yöneticilerin tüm yöneticilere oranı, yüzde.", "Women managers over all managers, per cent.", "Femmes cadres dirigeantes sur l’ensemble des cadres, en pour cent."},
		unit: indicators.Percentage, typ: indicators.Outcome, rights: []string{"gender_equality"}, sdg: []string{"5.5"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Yearly,
		formula: "100 * [GEP-02] / [GEP-01]"},
	{code: "GEP-04", name: [3]string{"Belediye meclis üyeleri", "Municipal council members", "Membres des conseils municipaux"},
		def:  [3]string{"Belediye meclisi üyeleri, cinsiyete göre (yıl sonu).", "Members of the municipal council by sex (end of year).", "Membres du conseil municipal par sexe (fin d’année)."},
		unit: indicators.Count, typ: indicators.Outcome, rights: []string{"gender_equality", "participatory_democracy"}, sdg: []string{"5.5"},
		dir: indicators.HigherBetter, agg: indicators.Latest, scope: indicators.Institution, period: indicators.Yearly, dims: sexOnly,
		draw: draw{level: 2.4, trend: 0, reach: 0.75, female: 0.12}},
	{code: "GEP-05", name: [3]string{"Toplumsal cinsiyete duyarlı bütçe", "Gender-responsive budget", "Budget sensible au genre"},
		def:  [3]string{"Eşitlik eylem planının tedbirlerine ayrılan bütçe, TL.", "Budget allocated to the measures of the equality action plan, in lira.", "Budget alloué aux mesures du plan d’action pour l’égalité, en livres."},
		unit: indicators.Currency, typ: indicators.Process, rights: []string{"gender_equality"}, sdg: []string{"5.c"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Yearly,
		draw: draw{part: "GEP-06", level: 0.4, trend: 0.12, reach: 0.55}},
	{code: "GEP-06", name: [3]string{"Belediye bütçesi", "Municipal budget", "Budget municipal"},
		def:  [3]string{"Belediyenin kesinleşmiş gider bütçesi, TL.", "The municipality’s final expenditure budget, in lira.", "Budget de dépenses définitif de la municipalité, en livres."},
		unit: indicators.Currency, typ: indicators.Structural, rights: []string{"public_services"}, sdg: []string{"16.6"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Yearly,
		draw: draw{level: 1800, trend: 0.32, reach: 0.6}},
	{code: "GEP-07", name: [3]string{"Toplumsal cinsiyet bütçe payı", "Gender budget share", "Part du budget consacrée à l’égalité"},
		def:  [3]string{"Eşitlik tedbirlerine ayrılan bütçenin toplam bütçeye oranı, yüzde.", "Budget of the equality measures over the whole budget, per cent.", "Budget des mesures d’égalité sur le budget total, en pour cent."},
		unit: indicators.Percentage, typ: indicators.Process, rights: []string{"gender_equality"}, sdg: []string{"5.c"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Yearly,
		formula: "100 * [GEP-05] / [GEP-06]"},
	{code: "GEP-08", name: [3]string{"Toplumsal cinsiyet eşitliği birimi var", "Has a gender equality unit", "Dispose d’une unité égalité femmes-hommes"},
		def:  [3]string{"Belediyenin toplumsal cinsiyet eşitliğinden sorumlu bir birimi ya da müdürlüğü var mı (1 evet, 0 hayır)?", "Does the municipality have a unit or directorate responsible for gender equality (1 yes, 0 no)?", "La municipalité a-t-elle une unité ou une direction chargée de l’égalité (1 oui, 0 non) ?"},
		unit: indicators.YesNo, typ: indicators.Structural, rights: []string{"gender_equality"}, sdg: []string{"5.c"},
		dir: indicators.HigherBetter, agg: indicators.Latest, scope: indicators.Institution, period: indicators.Yearly,
		draw: draw{reach: 0.85, adopt: [2]int{2012, 2032}}},
	{code: "GEP-09", name: [3]string{"Eşitlik eylem planı var", "Has an equality action plan", "Dispose d’un plan d’action pour l’égalité"},
		def:  [3]string{"Meclisçe kabul edilmiş, yürürlükte bir yerel eşitlik eylem planı var mı (1 evet, 0 hayır)?", "Is a local equality action plan adopted by the council in force (1 yes, 0 no)?", "Un plan d’action local pour l’égalité adopté par le conseil est-il en vigueur (1 oui, 0 non) ?"},
		unit: indicators.YesNo, typ: indicators.Structural, rights: []string{"gender_equality"}, sdg: []string{"5.c"},
		dir: indicators.HigherBetter, agg: indicators.Latest, scope: indicators.Institution, period: indicators.Yearly,
		draw: draw{reach: 0.85, adopt: [2]int{2014, 2036}}},
	{code: "GEP-10", name: [3]string{"TCE eğitimlerine katılanlar", "Trainees of the gender equality trainings", "Participants aux formations à l’égalité"},
		def:  [3]string{"Akademinin toplumsal cinsiyet eşitliği eğitimlerini tamamlayan belediye personeli.", "Municipal staff who completed the Academy’s gender equality trainings.", "Agents municipaux ayant achevé les formations de l’Académie sur l’égalité."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"gender_equality"}, sdg: []string{"5.1", "16.7"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Quarterly, dims: sexAge,
		draw: draw{level: 0.9, trend: 0.15, reach: 0.6, female: 0.64, ages: staffAges}},
	{code: "GEP-11", name: [3]string{"Kadına yönelik şiddetle mücadele eğitimi alan personel", "Staff trained on violence against women", "Agents formés à la lutte contre les violences faites aux femmes"},
		def:  [3]string{"Kadına yönelik şiddetle mücadelede belediyenin rolü eğitimini tamamlayan personel.", "Staff who completed the training on the municipality’s role in combating violence against women.", "Agents ayant achevé la formation sur le rôle des municipalités dans la lutte contre les violences faites aux femmes."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"gender_equality", "civic_peace"}, sdg: []string{"5.2"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Quarterly, dims: sexOnly,
		draw: draw{level: 0.5, trend: 0.18, reach: 0.5, female: 0.58}},
	{code: "GEP-12", name: [3]string{"Kadın personelin payı", "Women’s share of municipal staff", "Part des femmes dans le personnel municipal"},
		def:  [3]string{"Kadın personelin tüm personele oranı, yüzde (belediyelerin ortalaması).", "Women among all staff, per cent (the municipalities’ mean).", "Femmes parmi l’ensemble du personnel, en pour cent (moyenne des municipalités)."},
		unit: indicators.Percentage, typ: indicators.Outcome, rights: []string{"gender_equality"}, sdg: []string{"5.5", "8.5"},
		dir: indicators.HigherBetter, agg: indicators.Average, scope: indicators.Institution, period: indicators.Yearly,
		draw: draw{level: 24, trend: 0.7, reach: 0.7}},
	{code: "GEP-13", name: [3]string{"Personelde cinsiyete dayalı ücret farkı", "Gender pay gap of municipal staff", "Écart de rémunération femmes-hommes du personnel"},
		def:  [3]string{"Erkek ve kadın personelin ortalama brüt ücretleri arasındaki fark, erkeklerin ücretine göre yüzde. Belediyeler arasında toplanmaz.", "Difference between men’s and women’s mean gross pay, per cent of men’s. Not combined across municipalities.", "Écart entre les salaires bruts moyens des hommes et des femmes, en pour cent de celui des hommes. Non agrégé entre municipalités."},
		unit: indicators.Percentage, typ: indicators.Outcome, rights: []string{"gender_equality"}, sdg: []string{"8.5"},
		dir: indicators.LowerBetter, agg: indicators.NoneAgg, scope: indicators.Institution, period: indicators.Yearly,
		draw: draw{level: 14, trend: -0.6, reach: 0.35}},
	{code: "DIS-01", name: [3]string{"Belediyede çalışan engelli kişiler", "Persons with disabilities employed by the municipality", "Personnes handicapées employées par la municipalité"},
		def:  [3]string{"Belediye ve şirketlerinde çalışan engelli kişiler, cinsiyete göre (yıl sonu).", "Persons with disabilities employed by the municipality and its companies, by sex (end of year).", "Personnes handicapées employées par la municipalité et ses sociétés, par sexe (fin d’année)."},
		unit: indicators.Count, typ: indicators.Outcome, rights: []string{"right_to_the_city", "public_services"}, sdg: []string{"8.5"},
		dir: indicators.HigherBetter, agg: indicators.Latest, scope: indicators.Institution, period: indicators.Yearly, dims: sexOnly,
		draw: draw{level: 2.1, trend: 0.04, reach: 0.6, female: 0.31}},

	// Violence against women: the territory's services.
	{code: "VAW-01", name: [3]string{"Şiddet danışma hattı aramaları", "Domestic-violence hotline calls", "Appels à la ligne d’écoute violences conjugales"},
		def:  [3]string{"Belediyenin şiddet danışma hattına gelen aramalar, arayanın cinsiyeti ve yaşına göre. Artış, hizmetin bilinirliğini gösterir.", "Calls to the municipality’s domestic-violence hotline by the caller’s sex and age. A rise shows the service is known.", "Appels à la ligne d’écoute de la municipalité par sexe et âge de l’appelant. Une hausse montre que le service est connu."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"gender_equality", "civic_peace"}, sdg: []string{"5.2"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Monthly, dims: sexAge,
		draw: draw{level: 9, trend: 0.09, reach: 0.55, female: 0.88, ages: womenAges}},
	{code: "VAW-02", name: [3]string{"Kadın konukevi kapasitesi", "Shelter places", "Places en maison d’accueil"},
		def:  [3]string{"Belediyenin kadın konukevlerindeki yatak sayısı (yıl sonu).", "Beds in the municipality’s women’s shelters (end of year).", "Lits des maisons d’accueil pour femmes de la municipalité (fin d’année)."},
		unit: indicators.Count, typ: indicators.Structural, rights: []string{"gender_equality", "housing"}, sdg: []string{"5.2", "11.1"},
		dir: indicators.HigherBetter, agg: indicators.Latest, scope: indicators.Territory, period: indicators.Yearly,
		draw: draw{level: 0.25, trend: 0.06, reach: 0.5}},
	{code: "VAW-03", name: [3]string{"Konukevinde kalan kadın ve çocuklar", "Women and children housed in shelters", "Femmes et enfants hébergés en maison d’accueil"},
		def:  [3]string{"Dönem içinde konukevine kabul edilen kadınlar ve çocukları, yaş ve göç statüsüne göre.", "Women and their children admitted to a shelter in the period, by age and migration status.", "Femmes et enfants admis en maison d’accueil pendant la période, par âge et statut migratoire."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"gender_equality", "housing", "children"}, sdg: []string{"5.2"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Quarterly, dims: ageMig,
		draw: draw{level: 1.4, trend: 0.05, reach: 0.45, ages: womenAges, migrants: []float64{0.12, 0.03, 0.03}}},
	{code: "VAW-04", name: [3]string{"Kadın danışma merkezi görüşmeleri", "Counselling sessions at women’s centres", "Entretiens dans les centres de conseil pour femmes"},
		def:  [3]string{"Kadın danışma merkezlerinde yapılan psikososyal ve hukuki danışma görüşmeleri, yaş, engellilik ve göç statüsüne göre.", "Psychosocial and legal counselling sessions at women’s centres, by age, disability and migration status.", "Entretiens de soutien psychosocial et juridique dans les centres pour femmes, par âge, handicap et statut migratoire."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"gender_equality", "public_services"}, sdg: []string{"5.2"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Monthly, dims: ageDisMig,
		draw: draw{level: 14, trend: 0.07, reach: 0.45, ages: womenAges, migrants: []float64{0.1, 0.03, 0.03}}},
	{code: "SAF-01", name: [3]string{"Kamusal alanda kendini güvende hisseden kadınlar", "Women who feel safe in public space", "Femmes se sentant en sécurité dans l’espace public"},
		def:  [3]string{"Hane anketinde akşam mahallesinde yürürken kendini güvende hisseden kadınların oranı, yüzde; nüfusa göre ağırlıklı.", "Women who feel safe walking in their neighbourhood after dark in the household survey, per cent; weighted by population.", "Femmes se sentant en sécurité en marchant dans leur quartier le soir (enquête auprès des ménages), en pour cent ; pondéré par la population."},
		unit: indicators.Percentage, typ: indicators.Outcome, rights: []string{"gender_equality", "right_to_the_city", "civic_peace"}, sdg: []string{"11.7", "16.1"},
		dir: indicators.HigherBetter, agg: indicators.Weighted, scope: indicators.Territory, period: indicators.Yearly,
		draw: draw{level: 46, trend: 1.1, reach: 0.3}},

	// Migration and social services.
	{code: "MIG-01", name: [3]string{"Belediye hizmetlerinden yararlanan göçmen ve mülteciler", "Refugees and migrants served by municipal services", "Réfugiés et migrants servis par les services municipaux"},
		def:  [3]string{"Belediyenin sosyal hizmetlerinden yararlanan kişiler, göç statüsü ve cinsiyete göre.", "People served by the municipality’s social services, by migration status and sex.", "Personnes servies par les services sociaux de la municipalité, par statut migratoire et sexe."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"public_services", "right_to_the_city"}, sdg: []string{"10.7", "10.2"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Monthly, dims: sexMig,
		draw: draw{level: 60, trend: 0.03, reach: 0.6, female: 0.54, migrants: refugeeMix}},
	{code: "MIG-02", name: [3]string{"Sosyal yardım alan kişiler", "Recipients of social assistance", "Bénéficiaires de l’aide sociale"},
		def:  [3]string{"Belediyenin ayni ve nakdi sosyal yardımlarından yararlanan kişiler; cinsiyet, yaş, engellilik ve göç statüsüne göre.", "People receiving the municipality’s social assistance in kind or cash, by sex, age, disability and migration status.", "Personnes bénéficiant de l’aide sociale municipale en nature ou en espèces, par sexe, âge, handicap et statut migratoire."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"public_services", "water_and_food"}, sdg: []string{"1.3", "10.2"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Monthly, dims: allDims,
		draw: draw{level: 120, trend: 0.02, reach: 0.7, female: 0.57}},
	{code: "SOC-01", name: [3]string{"Sosyal hizmet başvuruları", "Applications to the social services", "Demandes aux services sociaux"},
		def:  [3]string{"Belediyenin sosyal hizmet birimlerine yapılan başvurular; cinsiyet, yaş, engellilik ve göç statüsüne göre.", "Applications made to the municipality’s social services, by sex, age, disability and migration status.", "Demandes adressées aux services sociaux de la municipalité, par sexe, âge, handicap et statut migratoire."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"public_services"}, sdg: []string{"1.3", "10.2"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Monthly, dims: allDims,
		draw: draw{level: 200, trend: 0.04, reach: 0.65, female: 0.6}},
	{code: "MIG-03", name: [3]string{"Türkçe kursu katılımcıları", "Turkish language course participants", "Participants aux cours de turc"},
		def:  [3]string{"Belediyenin Türkçe kurslarını tamamlayan kişiler; cinsiyet, yaş ve göç statüsüne göre.", "People who completed the municipality’s Turkish courses, by sex, age and migration status.", "Personnes ayant achevé les cours de turc de la municipalité, par sexe, âge et statut migratoire."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"public_services", "right_to_the_city"}, sdg: []string{"4.6", "10.2"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Quarterly, dims: sexAgeMig,
		draw: draw{level: 6, trend: 0.04, reach: 0.45, female: 0.6, ages: adultAges, migrants: []float64{0.7, 0.15, 0.1}}},
	{code: "OLD-01", name: [3]string{"Evde bakım hizmeti alan yaşlılar", "Older people receiving home care", "Personnes âgées bénéficiant de soins à domicile"},
		def:  [3]string{"Belediyenin evde bakım hizmetinden yararlanan 45 yaş ve üstü kişiler, cinsiyet ve yaşa göre.", "People aged 45 and over receiving the municipality’s home care, by sex and age.", "Personnes de 45 ans et plus bénéficiant des soins à domicile de la municipalité, par sexe et âge."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"public_services"}, sdg: []string{"3.8"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Monthly, dims: sexAge,
		draw: draw{level: 30, trend: 0.06, reach: 0.5, female: 0.62, ages: olderAges}},
	{code: "CAR-01", name: [3]string{"100 çocuk başına kreş kapasitesi", "Childcare places per 100 children under 5", "Places de crèche pour 100 enfants de moins de 5 ans"},
		def:  [3]string{"Belediye kreş ve gündüz bakımevlerindeki yerlerin 0–4 yaş çocuk sayısına oranı, 100 çocuk başına; nüfusa göre ağırlıklı.", "Places in municipal crèches and day-care centres per 100 children aged 0–4; weighted by population.", "Places en crèches et garderies municipales pour 100 enfants de 0 à 4 ans ; pondéré par la population."},
		unit: indicators.Ratio, typ: indicators.Structural, rights: []string{"children", "gender_equality"}, sdg: []string{"5.4", "4.2"},
		dir: indicators.HigherBetter, agg: indicators.Weighted, scope: indicators.Territory, period: indicators.Yearly,
		draw: draw{level: 2.5, trend: 0.35, reach: 0.4}},
	{code: "HOM-01", name: [3]string{"Sokakta yaşayan kişiler", "People living on the street", "Personnes vivant à la rue"},
		def:  [3]string{"Yıllık sayımda sokakta yaşadığı belirlenen kişiler. Azalması iyidir.", "People found living on the street at the yearly count. Lower is better.", "Personnes recensées à la rue lors du comptage annuel. Moins, c’est mieux."},
		unit: indicators.Count, typ: indicators.Outcome, rights: []string{"housing", "right_to_the_city"}, sdg: []string{"11.1", "1.4"},
		dir: indicators.LowerBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Yearly, dims: sexOnly,
		draw: draw{level: 0.9, trend: 0.04, reach: 0.3, female: 0.14}},

	// Accessibility, children and public space.
	{code: "ACC-01", name: [3]string{"Erişilebilir otobüsler", "Accessible buses", "Bus accessibles"},
		def:  [3]string{"Belediye filosundaki alçak tabanlı, rampalı otobüsler (yıl sonu).", "Low-floor buses with a ramp in the municipal fleet (end of year).", "Bus à plancher bas équipés d’une rampe dans la flotte municipale (fin d’année)."},
		unit: indicators.Count, typ: indicators.Structural, rights: []string{"right_to_the_city", "public_services"}, sdg: []string{"11.2"},
		dir: indicators.HigherBetter, agg: indicators.Latest, scope: indicators.Territory, period: indicators.Yearly,
		draw: draw{part: "ACC-02", level: 48, trend: 4.5, reach: 0.5}},
	{code: "ACC-02", name: [3]string{"Belediye otobüsleri", "Municipal buses", "Bus municipaux"},
		def:  [3]string{"Belediye ve şirketlerinin toplu taşıma filosundaki otobüsler (yıl sonu).", "Buses in the public-transport fleet of the municipality and its companies (end of year).", "Bus de la flotte de transport public de la municipalité et de ses sociétés (fin d’année)."},
		unit: indicators.Count, typ: indicators.Structural, rights: []string{"right_to_the_city"}, sdg: []string{"11.2"},
		dir: indicators.HigherBetter, agg: indicators.Latest, scope: indicators.Territory, period: indicators.Yearly,
		draw: draw{level: 4, trend: 0.03, reach: 0.5}},
	{code: "ACC-03", name: [3]string{"Erişilebilir otobüslerin payı", "Share of buses that are accessible", "Part des bus accessibles"},
		def:  [3]string{"Erişilebilir otobüslerin tüm otobüslere oranı, yüzde.", "Accessible buses over all buses, per cent.", "Bus accessibles sur l’ensemble des bus, en pour cent."},
		unit: indicators.Percentage, typ: indicators.Outcome, rights: []string{"right_to_the_city"}, sdg: []string{"11.2"},
		dir: indicators.HigherBetter, agg: indicators.Latest, scope: indicators.Territory, period: indicators.Yearly,
		formula: "100 * [ACC-01] / [ACC-02]"},
	{code: "POP-01", name: [3]string{"0–14 yaş çocuklar", "Children aged 0–14", "Enfants de 0 à 14 ans"},
		def:  [3]string{"Adrese dayalı nüfus kayıtlarına göre 0–14 yaş çocuklar (yıl sonu).", "Children aged 0–14 in the address-based population register (end of year).", "Enfants de 0 à 14 ans selon le registre de population (fin d’année)."},
		unit: indicators.Count, typ: indicators.Structural, rights: []string{"children"}, sdg: []string{"11.7"},
		dir: indicators.HigherBetter, agg: indicators.Latest, scope: indicators.Territory, period: indicators.Yearly,
		draw: draw{level: 2200, trend: -0.012, reach: 0.7}},
	{code: "STR-01", name: [3]string{"Geri kazanılan sokak alanı", "Street area reclaimed", "Surface de rue reconquise"},
		def:  [3]string{"Sokakları Geri Kazanıyoruz programında dönüştürülen sokakların alanı, m² (Birlik’in kayıtlarından).", "Area of the streets transformed in the Reclaiming Streets programme, m² (from Birlik’s records).", "Surface des rues transformées par le programme Reconquérir les rues, en m² (d’après les données de Birlik)."},
		unit: indicators.SquareM, typ: indicators.Outcome, rights: []string{"right_to_the_city", "children"}, sdg: []string{"11.7"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Yearly,
		recorded: recorded.StreetsArea},
	{code: "STR-02", name: [3]string{"Çocuk başına oyun alanı", "Play space per child", "Espace de jeu par enfant"},
		def:  [3]string{"Geri kazanılan sokak alanının 0–14 yaş çocuk sayısına oranı, çocuk başına m².", "Street area reclaimed over the children aged 0–14, m² per child.", "Surface de rue reconquise rapportée aux enfants de 0 à 14 ans, en m² par enfant."},
		unit: indicators.SquareM, typ: indicators.Outcome, rights: []string{"children", "right_to_the_city"}, sdg: []string{"11.7"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Yearly,
		formula: "[STR-01] / [POP-01]"},
	{code: "STR-03", name: [3]string{"Sokakta sayılan kişiler", "People counted in the streets", "Personnes comptées dans les rues"},
		def:  [3]string{"Kamusal yaşam sayımlarında dönüştürülen sokaklarda görülen kişiler, yaş grubuna göre (Birlik’in kayıtlarından).", "People seen in the public-life counts of the transformed streets, by age band (from Birlik’s records).", "Personnes observées lors des comptages de la vie publique dans les rues transformées, par tranche d’âge (d’après les données de Birlik)."},
		unit: indicators.Count, typ: indicators.Outcome, rights: []string{"right_to_the_city", "children"}, sdg: []string{"11.7"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Territory, period: indicators.Quarterly, dims: ageOnly,
		recorded: recorded.StreetsPeopleByAge},

	// Participation in the union's spaces: Birlik's own records.
	{code: "PAR-01", name: [3]string{"Toplantı katılımı", "Meeting attendance", "Participation aux réunions"},
		def:  [3]string{"Birlik’in platform ve komisyon toplantılarına belediye adına katılan kişiler, cinsiyete göre (Birlik’in kayıtlarından).", "People attending the union’s platform and committee meetings for the municipality, by sex (from Birlik’s records).", "Personnes participant aux réunions des plateformes et commissions de l’Union pour la municipalité, par sexe (d’après les données de Birlik)."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"participatory_democracy", "gender_equality"}, sdg: []string{"16.7"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Quarterly, dims: sexOnly,
		recorded: recorded.MeetingAttendance},
	{code: "PAR-02", name: [3]string{"Dile getirilen ihtiyaçlar", "Needs raised", "Besoins exprimés"},
		def:  [3]string{"Belediyenin Birlik’in alanlarında dile getirdiği ihtiyaç ve talepler (Birlik’in kayıtlarından).", "Needs and requests the municipality raised in the union’s spaces (from Birlik’s records).", "Besoins et demandes exprimés par la municipalité dans les espaces de l’Union (d’après les données de Birlik)."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"participatory_democracy"}, sdg: []string{"16.7"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Quarterly,
		recorded: recorded.NeedsRaised},
	{code: "PAR-03", name: [3]string{"Yanıtlanan ihtiyaçlar", "Needs answered", "Besoins ayant reçu une réponse"},
		def:  [3]string{"Belediyenin ihtiyaçlarından bir çözüm önerisiyle yanıtlananlar (Birlik’in kayıtlarından).", "The municipality’s needs answered by a solution recommendation (from Birlik’s records).", "Besoins de la municipalité ayant reçu une recommandation de solution (d’après les données de Birlik)."},
		unit: indicators.Count, typ: indicators.Process, rights: []string{"participatory_democracy", "public_services"}, sdg: []string{"16.7"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Quarterly,
		recorded: recorded.NeedsAnswered},
	{code: "PAR-04", name: [3]string{"Yanıtlanan ihtiyaçların payı", "Share of needs answered", "Part des besoins ayant reçu une réponse"},
		def:  [3]string{"Dönemde yanıtlanan ihtiyaçların dile getirilenlere oranı, yüzde.", "Needs answered in the period over needs raised, per cent.", "Besoins ayant reçu une réponse pendant la période sur les besoins exprimés, en pour cent."},
		unit: indicators.Percentage, typ: indicators.Outcome, rights: []string{"participatory_democracy"}, sdg: []string{"16.7"},
		dir: indicators.HigherBetter, agg: indicators.Sum, scope: indicators.Institution, period: indicators.Quarterly,
		formula: "100 * [PAR-03] / [PAR-02]"},
}

// valueGen draws the values of the entered indicators. Every draw comes
// from a generator seeded by what it is about (the indicator, the
// municipality, the period), so a value never depends on the order of
// the others, and the whole of an indicator that another is a part of
// (managers of women managers) is drawn the same for both.
type valueGen struct {
	munis []*orgInfo
	ids   map[string]int64
	// keep is the share of the finest categories a municipality enters
	// (those it leaves out it holds no one in): it grows with scale,
	// all of them from scale 100 on.
	keep float64
	// cells caches each indicator's combinations by year.
	cells map[cellsKey][]cell
}

type cellsKey struct {
	code string
	year int
}

func newValueGen(infos []*orgInfo, scale int, ids map[string]int64) *valueGen {
	return &valueGen{munis: infos, ids: ids, keep: float64(scale) / 100, cells: map[cellsKey][]cell{}}
}

// seeded returns a generator for the things named.
func seeded(names ...string) *rand.Rand {
	h := uint64(14695981039346656037) // FNV-1a
	for _, n := range names {
		for i := 0; i < len(n); i++ {
			h = (h ^ uint64(n[i])) * 1099511628211
		}
		h = (h ^ '/') * 1099511628211
	}
	return rand.New(rand.NewPCG(streamIndicators, h))
}

// reporter is how a municipality reports an indicator.
type reporter struct {
	reports bool
	since   int     // the first year it reports
	factor  float64 // its level against the region's, 0.6 to 1.4
	offset  float64 // a rate's distance from the region's, in points
	worse   bool    // its trend goes the wrong way
	adopt   int     // the year a yes/no turns yes (after lastYear: never)
	pop     float64
}

func (g *valueGen) reporter(di *demoIndicator, m *orgInfo) reporter {
	r := seeded(di.code, m.id)
	rp := reporter{factor: 0.6 + 0.8*r.Float64(), offset: (r.Float64() - 0.5) * di.draw.level * 0.5, worse: r.Float64() < 0.2,
		pop: float64(m.population)}
	if rp.pop <= 0 {
		rp.pop = float64(2_000 + r.IntN(8_000)) // beldes without a census figure
	}
	reach := di.draw.reach
	rp.since = firstYear + r.IntN(4)
	if !m.member {
		reach /= 3
		rp.since = firstYear + 3 + r.IntN(6)
	}
	rp.reports = r.Float64() < reach && !g.silent(m)
	if a := di.draw.adopt; a[1] > a[0] {
		rp.adopt = a[0] + r.IntN(a[1]-a[0])
	}
	return rp
}

// silent says whether a municipality never reports any indicator: one
// in thirty members, half of the others.
func (g *valueGen) silent(m *orgInfo) bool {
	x := seeded(m.id, "silent").Float64()
	if m.member {
		return x < 1.0/30
	}
	return x < 0.5
}

// periods returns the periods of the type from firstYear to lastYear.
func periods(pt indicators.PeriodType) []string {
	var out []string
	for y := firstYear; y <= lastYear; y++ {
		switch pt {
		case indicators.Monthly:
			for m := 1; m <= 12; m++ {
				out = append(out, fmt.Sprintf("%d-%02d", y, m))
			}
		case indicators.Quarterly:
			for q := 1; q <= 4; q++ {
				out = append(out, fmt.Sprintf("%d-Q%d", y, q))
			}
		default:
			out = append(out, fmt.Sprint(y))
		}
	}
	return out
}

// perYear is how many periods of the type make a year.
func perYear(pt indicators.PeriodType) float64 {
	switch pt {
	case indicators.Monthly:
		return 12
	case indicators.Quarterly:
		return 4
	}
	return 1
}

// amount is an indicator's expected figure for a municipality in a year
// before categories: counts and currencies grow (or shrink) by trend a
// year from level, a flow split over the periods of a year; rates move
// by trend points a year from level.
func (di *demoIndicator) amount(rp reporter, year int) float64 {
	t := float64(year - firstYear)
	trend := di.draw.trend
	if rp.worse {
		trend = -trend / 2
	}
	switch di.unit {
	case indicators.Percentage, indicators.Ratio:
		return di.draw.level + rp.offset + trend*t
	case indicators.Currency:
		return di.draw.level * rp.pop * rp.factor * math.Pow(1+trend, t)
	}
	x := di.draw.level * rp.pop / 10_000 * rp.factor * math.Pow(1+trend, t)
	if di.agg == indicators.Sum {
		x /= perYear(di.period)
	}
	return x
}

// value draws the figure of a municipality for a period (before
// categories), rounded as its unit is written.
func (g *valueGen) value(di *demoIndicator, m *orgInfo, rp reporter, period string) float64 {
	year := yearOf(period)
	r := seeded(di.code, m.id, period)
	noise := 0.85 + 0.3*r.Float64()
	switch {
	case di.unit == indicators.YesNo:
		if year >= rp.adopt {
			return 1
		}
		return 0
	case di.draw.part != "":
		whole := byCode(di.draw.part)
		share := di.amount(rp, year) * (0.9 + 0.2*r.Float64())
		return math.Round(g.value(whole, m, g.reporter(whole, m), period) * min(max(share, 0), 100) / 100)
	case di.unit == indicators.Percentage:
		return math.Round(min(max(di.amount(rp, year)+4*(r.Float64()-0.5), 0), 100)*10) / 10
	case di.unit == indicators.Ratio:
		return math.Round(max(di.amount(rp, year)*noise, 0)*100) / 100
	case di.unit == indicators.Currency:
		return math.Round(di.amount(rp, year)*noise/1000) * 1000
	}
	return math.Round(di.amount(rp, year) * noise)
}

func yearOf(period string) int {
	var y int
	fmt.Sscan(period[:4], &y)
	return y
}

// byCode returns the demo indicator of the code; the table holds it.
func byCode(code string) *demoIndicator {
	i := slices.IndexFunc(demoIndicators, func(di demoIndicator) bool { return di.code == code })
	return &demoIndicators[i]
}

// cell is a combination of categories and its share of the people.
type cell struct {
	combo indicators.Combo
	w     float64
}

// cells returns an indicator's finest combinations in a year with their
// shares: "not disclosed" falls from 8% in 2016 to under 4% in 2025, as
// municipalities learn to record the categories.
func (di *demoIndicator) cells(year int) []cell {
	nd := 0.08 - 0.005*float64(year-firstYear)
	out := []cell{{w: 1}}
	for _, dim := range di.dims {
		cats := indicators.Categories[dim]
		var ws []float64
		switch dim {
		case indicators.Sex:
			f := cmpOr(di.draw.female, 0.5)
			ws = []float64{f, 1 - f}
		case indicators.AgeBand:
			ws = cmpSlice(di.draw.ages, []float64{0.06, 0.14, 0.15, 0.31, 0.23, 0.07, 0.04})
		case indicators.Disability:
			ws = []float64{0.08, 0.92}
		case indicators.Migration:
			mig := cmpSlice(di.draw.migrants, []float64{0.06, 0.01, 0.02})
			ws = append([]float64{1 - mig[0] - mig[1] - mig[2]}, mig...)
		}
		var next []cell
		for _, c := range out {
			for i, cat := range cats {
				w := nd // the last category is NotDisclosed
				if i < len(ws) {
					w = ws[i] * (1 - nd)
				}
				if w == 0 {
					continue // no one of that age uses the service
				}
				cc := c
				cc.w *= w
				setCategory(&cc.combo, dim, cat)
				next = append(next, cc)
			}
		}
		out = next
	}
	return out
}

func cmpOr(x, def float64) float64 {
	if x == 0 {
		return def
	}
	return x
}

func cmpSlice(x, def []float64) []float64 {
	if x == nil {
		return def
	}
	return x
}

func setCategory(c *indicators.Combo, d indicators.Dimension, cat string) {
	switch d {
	case indicators.Sex:
		c.Sex = cat
	case indicators.AgeBand:
		c.Age = cat
	case indicators.Disability:
		c.Disability = cat
	case indicators.Migration:
		c.Migration = cat
	}
}

// each calls fn with every value, indicator by indicator, municipality
// by municipality, period by period. A Sum indicator's values are its
// finest combinations; another indicator broken down has its total and
// its breakdown by each dimension, as a form asks for them.
func (g *valueGen) each(fn func(indicators.Value) error) error {
	for i := range demoIndicators {
		di := &demoIndicators[i]
		if di.formula != "" || di.recorded != "" {
			continue
		}
		id := g.ids[di.code]
		for _, m := range g.munis {
			rp := g.reporter(di, m)
			if !rp.reports {
				continue
			}
			for _, period := range periods(di.period) {
				year := yearOf(period)
				r := seeded(di.code, m.id, period, "cells")
				if year < rp.since || r.Float64() >= 0.85 {
					continue // not reported
				}
				x := g.value(di, m, rp, period)
				v := indicators.Value{IndicatorID: id, OrgID: m.id, Period: period, Value: x}
				if len(di.dims) == 0 {
					if err := fn(v); err != nil {
						return err
					}
					continue
				}
				cs, ok := g.cells[cellsKey{di.code, year}]
				if !ok {
					cs = di.cells(year)
					g.cells[cellsKey{di.code, year}] = cs
				}
				if di.agg != indicators.Sum {
					if err := g.breakdown(v, cs, di.dims, fn); err != nil {
						return err
					}
					continue
				}
				// Below scale 100, each combination is entered with a
				// chance that grows with its share and with the scale, and
				// then holds the people of the combinations like it that
				// were not entered: a total keeps its level whatever the
				// scale. From scale 100 on, every combination is entered.
				k := 0.75 * g.keep * float64(len(cs))
				for _, c := range cs {
					p := min(1, k*c.w)
					if g.keep >= 1 {
						p = 1
					}
					if r.Float64() >= p {
						continue
					}
					v.Combo, v.Value = c.combo, math.Round(x*c.w*(0.8+0.4*r.Float64())/p)
					if err := fn(v); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// breakdown gives the total v and its breakdown by each dimension alone,
// for an indicator that does not add its categories up.
func (g *valueGen) breakdown(v indicators.Value, cs []cell, dims []indicators.Dimension, fn func(indicators.Value) error) error {
	if err := fn(v); err != nil {
		return err
	}
	total := v.Value
	for _, d := range dims {
		shares := map[string]float64{}
		var order []string
		for _, c := range cs {
			cat := categoryOf(c.combo, d)
			if _, ok := shares[cat]; !ok {
				order = append(order, cat)
			}
			shares[cat] += c.w
		}
		for _, cat := range order {
			var combo indicators.Combo
			setCategory(&combo, d, cat)
			v.Combo, v.Value = combo, math.Round(total*shares[cat])
			if err := fn(v); err != nil {
				return err
			}
		}
	}
	return nil
}

func categoryOf(c indicators.Combo, d indicators.Dimension) string {
	switch d {
	case indicators.Sex:
		return c.Sex
	case indicators.AgeBand:
		return c.Age
	case indicators.Disability:
		return c.Disability
	}
	return c.Migration
}

// estimate counts the values each will give, for the progress report.
func (g *valueGen) estimate() int {
	n := 0
	g.each(func(indicators.Value) error { n++; return nil })
	return n
}

// approvalSince is the first period the demo's union approves: the year
// it began to approve what members report in Birlik.
const approvalSince = "2025"

// orgPeriod is what a municipality submits: its values of a period.
type orgPeriod struct{ org, period string }

// returnComments are what the union says when it sends a period back.
var returnComments = []string{
	"Kadın ve erkek toplamları önceki döneme göre çok farklı; lütfen kayıtları kontrol edin.",
	"Yaş grubu dağılımında \"belirtilmemiş\" payı yüksek; sosyal hizmet kayıtlarından tamamlayın.",
	"Konukevi kapasitesi ile kabul edilen kişi sayısı uyuşmuyor; açıklama ekleyin.",
	"Göç statüsü kategorileri karışmış görünüyor; geçici ve uluslararası koruma ayrımını düzeltin.",
}

// approve puts the periods reported since approvalSince through the
// workflow as the union would have: most quarters and months up to
// September approved, a few returned with a comment, some submitted
// and waiting, a few never submitted; the last quarter, its months and
// the year submitted by some, drafts for the others. Earlier periods
// stay as they were entered: each submission and decision is a
// transaction of its own (about 5 ms), and every period since 2016
// would be 35,000 of them, minutes of the demo's load.
func approve(ctx context.Context, d Deps, reported map[orgPeriod]bool, p *progress) error {
	keys := make([]orgPeriod, 0, len(reported))
	for k := range reported {
		if k.period >= approvalSince {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b orgPeriod) int {
		if c := strings.Compare(a.period, b.period); c != 0 {
			return c
		}
		return strings.Compare(a.org, b.org)
	})
	p.total += len(keys)
	for _, k := range keys {
		r := seeded(k.org, k.period, "approval")
		x := r.Float64()
		var submit, decide, ok bool
		if recent := k.period == "2025" || k.period >= "2025-10" || k.period == "2025-Q4"; recent {
			submit = x < 0.4
		} else {
			submit, decide, ok = x < 0.95, x < 0.85, x < 0.81
		}
		if submit {
			if err := d.Indicators.Submit(ctx, k.org, k.period); err != nil {
				return fmt.Errorf("indicators: submit %s %s: %w", k.org, k.period, err)
			}
		}
		if decide {
			comment := ""
			if !ok {
				comment = returnComments[r.IntN(len(returnComments))]
			}
			if err := d.Indicators.Decide(ctx, k.org, k.period, ok, comment); err != nil {
				return fmt.Errorf("indicators: decide %s %s: %w", k.org, k.period, err)
			}
		}
		p.at("indicator periods approved", p.done+1)
	}
	return nil
}

// demoTargets are the union's targets for the region and a few of its
// members'. Baselines are the demo's figures rounded.
var demoTargets = []struct {
	code, place, org, baselinePeriod, deadline string
	baseline, value                            float64
}{
	{"GEP-03", "marmara", "", "2020", "2028-12-31", 18, 30},
	{"GEP-03", "", "istanbul-kadikoy", "2020", "2026-12-31", 25, 50},
	{"GEP-07", "marmara", "", "2022", "2027-12-31", 0.9, 2},
	{"GEP-08", "marmara", "", "2020", "2026-12-31", 45, 120},
	{"GEP-09", "marmara", "", "2020", "2027-12-31", 25, 100},
	{"GEP-09", "", "bursa-nilufer", "2020", "2026-12-31", 0, 1},
	{"GEP-10", "marmara", "", "2023-Q4", "2026-12-31", 400, 900},
	{"VAW-02", "marmara", "", "2020", "2027-12-31", 900, 1400},
	{"VAW-02", "istanbul", "", "2020", "2027-12-31", 500, 800},
	{"ACC-03", "marmara", "", "2020", "2030-12-31", 65, 100},
	{"STR-01", "marmara", "", "2024", "2025-12-31", 10000, 20000},
	{"CAR-01", "marmara", "", "2020", "2030-12-31", 3.5, 10},
	{"SAF-01", "marmara", "", "2021", "2028-12-31", 50, 65},
	{"HOM-01", "marmara", "", "2022", "2027-12-31", 1200, 800},
}

// writeTargets saves the demo's targets.
func writeTargets(ctx context.Context, d Deps, ids map[string]int64) error {
	for _, dt := range demoTargets {
		t := &indicators.Target{IndicatorID: ids[dt.code], PlaceID: dt.place, OrgID: dt.org, Baseline: dt.baseline,
			BaselinePeriod: dt.baselinePeriod, Value: dt.value, Deadline: dt.deadline}
		if err := d.Indicators.SaveTarget(ctx, t); err != nil {
			return fmt.Errorf("indicators: target of %s: %w", dt.code, err)
		}
	}
	return nil
}

// planIndicators are the indicators the union's Gender Equality Plan
// follows, by objective code ("" the plan as a whole): each with the
// region's target when the demo sets one.
var planIndicators = map[string][]string{
	"":   {"GEP-12"},
	"O1": {"GEP-08", "GEP-09", "GEP-07", "GEP-10"},
	"O2": {"VAW-02", "GEP-11", "VAW-01", "SAF-01"},
	"O3": {"GEP-03", "GEP-04"},
	"O4": {"CAR-01", "OLD-01"},
}

// followIndicators links the union's plan (demo/equality.go writes it,
// after the indicators) and its objectives to the demo's indicators,
// with the region's targets. It leaves out what is missing (a database
// without the demo's plan or indicators).
func followIndicators(ctx context.Context, d Deps) error {
	planID, err := UnionPlanID(ctx, d.DB)
	if err != nil || planID == 0 {
		return err
	}
	objectives, _, err := d.Equality.Objectives(ctx, planID)
	if err != nil {
		return err
	}
	byCode := map[string]int64{"": 0}
	for _, o := range objectives {
		byCode[o.Code] = o.ID
	}
	targets, err := d.Indicators.Targets(ctx, 0)
	if err != nil {
		return err
	}
	for _, code := range []string{"", "O1", "O2", "O3", "O4"} {
		objective, ok := byCode[code]
		if !ok {
			continue // a plan written otherwise
		}
		for _, ic := range planIndicators[code] {
			ind, err := d.Indicators.ByCode(ctx, ic)
			if birlik.ErrorCode(err) == birlik.ENOTFOUND {
				continue // the demo's indicators are not loaded
			}
			if err != nil {
				return fmt.Errorf("indicators: the plan's %s: %w", ic, err)
			}
			pi := equality.PlanIndicator{PlanID: planID, ObjectiveID: objective, IndicatorID: ind.ID}
			for _, t := range targets {
				if t.IndicatorID == ind.ID && t.PlaceID == "marmara" {
					pi.TargetID = t.ID
				}
			}
			if err := d.Equality.Follow(ctx, pi); err != nil {
				return fmt.Errorf("indicators: the plan follows %s: %w", ic, err)
			}
		}
	}
	return nil
}
