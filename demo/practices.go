package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"

	"birlik"
	"birlik/network"
	"birlik/practices"
)

// streamPractices is the practices library's generator stream ("prac").
const streamPractices = 0x70726163

// practicesPerScale is how many practices each unit of scale adds: 1,000
// at scale 1, 100,000 at scale 100.
const practicesPerScale = 1000

// practiceBatch is how many practices go into one transaction.
const practiceBatch = 5000

// loadPractices adds the practices library: about 1,000 × scale
// practices shared by the member municipalities, most in Turkish, some
// in English and French, most in the public library and some in the
// seed's platforms.
func loadPractices(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	return writePractices(ctx, d, ds.municipalities, scale, p)
}

// Practices writes only the demo's practices at scale into a database
// holding the seed's municipalities (seed.Base): the fixture of the
// practices search benchmark, which needs no people or meetings.
func Practices(ctx context.Context, d Deps, scale int) error {
	if d.Practices == nil {
		d.Practices = practices.New(d.DB)
	}
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	munis, err := d.Network.ExportOrganisations(ctx, network.OrgFilter{Kind: network.Municipality})
	if err != nil {
		return err
	}
	p := &progress{out: discard{}, start: time.Now(), last: time.Now()}
	return writePractices(ctx, d, munis, scale, p)
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

func writePractices(ctx context.Context, d Deps, munis []network.Organisation, scale int, p *progress) error {
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
		return fmt.Errorf("practices: no municipalities")
	}
	spaceIDs, err := demoSpaces(ctx, d)
	if err != nil {
		return err
	}
	r := stream(streamPractices)
	total := practicesPerScale * scale
	base := p.done
	p.total += total
	batch := make([]practices.Practice, 0, practiceBatch)
	for i := 0; i < total; i++ {
		batch = append(batch, makePractice(r, members, spaceIDs, i, total))
		if len(batch) == practiceBatch || i == total-1 {
			if err := d.Practices.Import(ctx, batch); err != nil {
				return fmt.Errorf("practices: %w", err)
			}
			p.at("practices", base+i+1)
			batch = batch[:0]
		}
	}
	return nil
}

// demoSpaces returns the ids of the seed's platforms by slug, those that
// exist.
func demoSpaces(ctx context.Context, d Deps) (map[string]int64, error) {
	out := map[string]int64{}
	rows, err := d.DB.QueryContext(ctx, `SELECT id, slug FROM spaces WHERE slug IN ('migration-platform', 'social-services-platform', 'migration-cohesion-committee')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			return nil, err
		}
		out[slug] = id
	}
	return out, rows.Err()
}

// practiceTexts are a programme's texts in one language. Placeholders:
// {org} the municipality, {place} a neighbourhood or the district, {n} a
// count of people, {m} a smaller count, {y} a year, {k} a number of
// places or sessions.
type practiceTexts struct {
	titles, problems, actions, results []string
}

// programme is a kind of practice municipalities share, with its tags
// and its texts in Turkish, English and French.
type programme struct {
	themes, groups, rights, sdgs []string
	space                        string // slug of the platform it is mostly shared in
	tr, en, fr                   practiceTexts
}

var programmes = []programme{
	{
		themes: []string{"migration", "inclusion"}, groups: []string{"women", "migrants", "refugees"},
		rights: []string{"gender_equality", "public_services"}, sdgs: []string{"4", "5", "10"}, space: "migration-platform",
		tr: practiceTexts{
			titles: []string{"Göçmen kadınlar için Türkçe kursu", "Mülteci kadınlara dil ve meslek eğitimi", "Göçmen annelere çocuk bakımlı dil kursu", "Kadın göçmenler için iletişim atölyeleri"},
			problems: []string{
				"{place} mahallesinde yaşayan göçmen kadınlar Türkçe bilmedikleri için sağlık ve eğitim hizmetlerine ulaşamıyordu.",
				"Geçici koruma altındaki kadınların çoğu evden çıkamıyor, belediyenin hizmetlerinden habersiz yaşıyordu.",
				"Göçmen kadınlar, çocuklarını bırakacak yer olmadığı için kurslara katılamıyordu.",
			},
			actions: []string{
				"{org}, halk eğitim merkeziyle birlikte çocuk bakımı da sunan ücretsiz Türkçe kursları açtı; dersler mahalle konağında haftada üç gün yapıldı.",
				"Belediye, sosyal hizmet uzmanları ve gönüllü öğretmenlerle {k} gruplu bir dil ve meslek programı kurdu; katılımcılara ulaşım kartı verildi.",
				"Kurslar kadın danışma merkezinde, Arapça ve Farsça bilen kültürlerarası arabulucular eşliğinde düzenlendi.",
			},
			results: []string{
				"{y} yılından bu yana {n} kadın kursu tamamladı; {m} kadın bir işe ya da meslek kursuna yönlendirildi.",
				"Katılımcıların yüzde 70'i temel düzeyde Türkçe sertifikası aldı; sağlık merkezine yalnız gidebilen kadın sayısı iki katına çıktı.",
			},
		},
		en: practiceTexts{
			titles:   []string{"Turkish language courses for migrant women", "Language classes with childcare for refugee mothers"},
			problems: []string{"Migrant women in {place} could not reach health and education services because they did not speak Turkish."},
			actions:  []string{"{org} opened free Turkish courses with childcare in the neighbourhood centre, three days a week, together with the public education centre."},
			results:  []string{"Since {y}, {n} women completed the course and {m} were referred to jobs or vocational training."},
		},
		fr: practiceTexts{
			titles:   []string{"Cours de turc pour les femmes migrantes", "Cours de langue avec garde d'enfants pour les mères réfugiées"},
			problems: []string{"Les femmes migrantes de {place} n'accédaient pas aux services de santé faute de parler turc."},
			actions:  []string{"{org} a ouvert des cours de turc gratuits avec garde d'enfants au centre de quartier, trois jours par semaine."},
			results:  []string{"Depuis {y}, {n} femmes ont suivi le cours et {m} ont été orientées vers un emploi ou une formation."},
		},
	},
	{
		themes: []string{"care", "social_assistance"}, groups: []string{"older_people", "chronically_ill"},
		rights: []string{"public_services"}, sdgs: []string{"3", "10"}, space: "social-services-platform",
		tr: practiceTexts{
			titles: []string{"Yaşlılara evde bakım hizmeti", "Yalnız yaşayan yaşlılara sıcak yemek ve ziyaret", "Yaşlı dostu mahalle programı", "Kronik hastalara evde sağlık desteği"},
			problems: []string{
				"İlçede yalnız yaşayan {n} yaşlının önemli bir kısmı temizlik, yemek ve ilaç gibi temel ihtiyaçlarını karşılayamıyordu.",
				"Kronik hastalığı olan yaşlılar hastaneye gidemediği için tedavilerini aksatıyordu.",
			},
			actions: []string{
				"{org}, sosyal hizmet uzmanı, hemşire ve temizlik personelinden oluşan {k} mobil ekip kurdu; ekipler her yaşlıyı haftada en az bir kez ziyaret ediyor.",
				"Belediye aşevinden günlük sıcak yemek dağıtımı başlatıldı; gönüllü gençler yaşlılarla telefonla düzenli görüşüyor.",
			},
			results: []string{
				"{y} yılında {n} yaşlıya evde bakım verildi; hastaneye acil başvurular yüzde 25 azaldı.",
				"Programa katılan {m} yaşlının yalnızlık ölçeği puanları altı ayda belirgin biçimde düştü.",
			},
		},
		en: practiceTexts{
			titles:   []string{"Home care for older people living alone"},
			problems: []string{"Many of the older people living alone in {place} could not manage cleaning, meals and medicines."},
			actions:  []string{"{org} set up {k} mobile teams of social workers and nurses who visit each older person at least once a week."},
			results:  []string{"In {y}, {n} older people received home care; emergency hospital visits fell by a quarter."},
		},
		fr: practiceTexts{
			titles:   []string{"Soins à domicile pour les personnes âgées isolées"},
			problems: []string{"Beaucoup de personnes âgées vivant seules à {place} ne pouvaient plus faire leurs courses ni prendre leurs médicaments."},
			actions:  []string{"{org} a créé {k} équipes mobiles de travailleurs sociaux et d'infirmières qui rendent visite à chaque personne âgée chaque semaine."},
			results:  []string{"En {y}, {n} personnes âgées ont reçu des soins à domicile."},
		},
	},
	{
		themes: []string{"inclusion", "social_policy"}, groups: []string{"persons_with_disabilities"},
		rights: []string{"right_to_the_city", "public_services"}, sdgs: []string{"10", "11"}, space: "social-services-platform",
		tr: practiceTexts{
			titles: []string{"Engelsiz park ve oyun alanları", "Engelli bireyler için erişilebilir ulaşım", "Engelli gençlere spor ve sanat atölyeleri", "İşaret dili bilen belediye danışma masası"},
			problems: []string{
				"{place} semtindeki parkların hiçbiri tekerlekli sandalye kullanan çocuklar için uygun değildi.",
				"Engelli bireyler belediye binasına ve hizmet noktalarına erişmekte zorlanıyordu.",
			},
			actions: []string{
				"{org}, engelli dernekleriyle birlikte {k} parkı yeniden tasarladı; rampalar, dokunsal yüzeyler ve uyarlanmış oyun ekipmanları eklendi.",
				"Belediye danışma masalarında işaret dili bilen personel görevlendirildi ve randevulu ücretsiz engelli taşıma servisi başlatıldı.",
			},
			results: []string{
				"Parkları ayda ortalama {n} engelli çocuk ve ailesi kullanıyor; taşıma servisi {y} yılında {m} yolculuk yaptı.",
			},
		},
		en: practiceTexts{
			titles:   []string{"Accessible parks and playgrounds for children with disabilities"},
			problems: []string{"None of the parks in {place} could be used by children in wheelchairs."},
			actions:  []string{"{org} redesigned {k} parks with disability associations, adding ramps, tactile paving and adapted play equipment."},
			results:  []string{"About {n} children with disabilities and their families use the parks every month."},
		},
		fr: practiceTexts{
			titles:   []string{"Parcs et aires de jeux accessibles aux enfants handicapés"},
			problems: []string{"Aucun parc de {place} n'était accessible aux enfants en fauteuil roulant."},
			actions:  []string{"{org} a réaménagé {k} parcs avec les associations de personnes handicapées."},
			results:  []string{"Environ {n} enfants handicapés et leurs familles fréquentent les parcs chaque mois."},
		},
	},
	{
		themes: []string{"employment", "inclusion"}, groups: []string{"youth", "migrants"},
		rights: []string{"sustainable_development"}, sdgs: []string{"8", "10"}, space: "migration-platform",
		tr: practiceTexts{
			titles: []string{"Gençler için istihdam ve meslek edindirme", "Göçmen gençlere iş bulma desteği", "Genç girişimciler için kuluçka merkezi"},
			problems: []string{
				"İlçedeki gençlerin üçte biri ne eğitimde ne istihdamdaydı; göçmen gençlerde bu oran daha yüksekti.",
				"Göçmen gençler çalışma izni ve diploma denkliği konusunda bilgi alamıyordu.",
			},
			actions: []string{
				"{org}, sanayi odası ve İŞKUR ile birlikte {k} meslek kursu açtı; kursu bitirenlere işyerlerinde staj olanağı sağlandı.",
				"Belediyenin gençlik merkezinde kariyer danışmanlığı, özgeçmiş atölyeleri ve iş görüşmesi provaları düzenlendi.",
			},
			results: []string{
				"{y} yılında {n} genç kurslara katıldı; bunların {m} tanesi altı ay içinde bir işe yerleşti.",
			},
		},
		en: practiceTexts{
			titles:   []string{"Jobs and vocational training for young people"},
			problems: []string{"A third of young people in {place} were neither in education nor in work."},
			actions:  []string{"{org} opened {k} vocational courses with the chamber of industry, followed by internships."},
			results:  []string{"In {y}, {n} young people took part and {m} found a job within six months."},
		},
		fr: practiceTexts{
			titles:   []string{"Emploi et formation professionnelle des jeunes migrants"},
			problems: []string{"Les jeunes migrants de {place} ne savaient pas comment obtenir un permis de travail."},
			actions:  []string{"{org} a ouvert {k} formations professionnelles avec la chambre d'industrie, suivies de stages."},
			results:  []string{"En {y}, {n} jeunes ont participé et {m} ont trouvé un emploi."},
		},
	},
	{
		themes: []string{"education"}, groups: []string{"children", "people_in_poverty"},
		rights: []string{"children"}, sdgs: []string{"4"}, space: "social-services-platform",
		tr: practiceTexts{
			titles: []string{"Çocuklar için yaz okulu", "Mahalle kütüphaneleri ve etüt merkezleri", "Çocuklara ücretsiz okul öncesi eğitim", "Oyun sokakları"},
			problems: []string{
				"Yoksul ailelerin çocukları yaz tatilinde güvenli bir oyun ve öğrenme ortamından yoksundu.",
				"{place} mahallesinde okul öncesi eğitime erişen çocuk oranı yüzde 20'nin altındaydı.",
			},
			actions: []string{
				"{org}, {k} mahallede parklarda ve okul bahçelerinde oyun, okuma ve bilim etkinlikleri düzenledi.",
				"Belediye, çocuklara ücretsiz servis ve öğle yemeği sunan etüt merkezleri açtı; derslere üniversite öğrencisi gönüllüler destek verdi.",
			},
			results: []string{
				"{y} yazında {n} çocuk programa katıldı; ailelerin yüzde 90'ı yeniden katılmak istediğini belirtti.",
			},
		},
		en: practiceTexts{
			titles:   []string{"Summer school for children"},
			problems: []string{"Children of poor families in {place} had no safe place to play and learn during the holidays."},
			actions:  []string{"{org} organised play, reading and science activities in parks and school yards in {k} neighbourhoods."},
			results:  []string{"In summer {y}, {n} children took part."},
		},
		fr: practiceTexts{
			titles:   []string{"École d'été pour les enfants"},
			problems: []string{"Les enfants des familles pauvres de {place} n'avaient pas d'endroit sûr pendant les vacances."},
			actions:  []string{"{org} a organisé des activités de jeu, de lecture et de sciences dans {k} quartiers."},
			results:  []string{"À l'été {y}, {n} enfants ont participé."},
		},
	},
	{
		themes: []string{"housing", "social_assistance"}, groups: []string{"homeless_people", "people_in_poverty"},
		rights: []string{"housing"}, sdgs: []string{"1", "11"}, space: "social-services-platform",
		tr: practiceTexts{
			titles: []string{"Evsizler için kış barınağı", "Sokakta yaşayanlara sıcak yemek ve hijyen noktası", "Konut desteği ve kira yardımı"},
			problems: []string{
				"Kış aylarında sokakta yaşayan kişiler soğuk nedeniyle hayati risk altındaydı.",
				"Kira artışları nedeniyle dar gelirli aileler evlerini kaybetme tehlikesiyle karşı karşıyaydı.",
			},
			actions: []string{
				"{org}, spor salonunu kış barınağına dönüştürdü; barınakta yatak, sıcak yemek, duş ve sağlık taraması sunuldu.",
				"Belediye, sosyal hizmet birimiyle kira yardımı ve geçici konut programı başlattı; {k} daire kiralandı.",
			},
			results: []string{
				"{y} kışında barınakta {n} kişi kaldı; {m} kişi kalıcı konuta ya da aile yanına yerleşti.",
			},
		},
		en: practiceTexts{
			titles:   []string{"Winter shelter for homeless people"},
			problems: []string{"People sleeping rough in {place} were at risk of dying from the cold in winter."},
			actions:  []string{"{org} turned a sports hall into a winter shelter with beds, hot meals, showers and health checks."},
			results:  []string{"In winter {y}, {n} people stayed at the shelter and {m} moved into permanent housing."},
		},
		fr: practiceTexts{
			titles:   []string{"Hébergement d'hiver pour les personnes sans abri"},
			problems: []string{"Les personnes sans abri de {place} risquaient leur vie pendant l'hiver."},
			actions:  []string{"{org} a transformé un gymnase en centre d'hébergement d'hiver avec repas chauds et douches."},
			results:  []string{"À l'hiver {y}, {n} personnes ont été hébergées."},
		},
	},
	{
		themes: []string{"social_assistance"}, groups: []string{"people_in_poverty", "refugees"},
		rights: []string{"water_and_food"}, sdgs: []string{"1", "2"}, space: "social-services-platform",
		tr: practiceTexts{
			titles: []string{"Sosyal market ile onurlu gıda yardımı", "Gıda bankası ve askıda ekmek", "Kartlı sosyal market uygulaması"},
			problems: []string{
				"Yardım kolilerinin kapıda dağıtılması aileleri mahallede damgalıyordu ve ihtiyaçlarına uymuyordu.",
				"Artan gıda fiyatları nedeniyle {place} bölgesindeki pek çok aile temel gıdaya erişemiyordu.",
			},
			actions: []string{
				"{org}, ihtiyaç sahibi ailelere yüklenen puanlarla alışveriş yapılabilen bir sosyal market açtı; aileler ürünlerini kendileri seçiyor.",
				"Belediye, firmaların bağışladığı ürünleri toplayan bir gıda bankası kurdu ve {k} mahalle noktasında dağıtım yaptı.",
			},
			results: []string{
				"{y} yılında {n} aile sosyal marketten alışveriş yaptı; israf edilen ürün miktarı yarı yarıya azaldı.",
			},
		},
		en: practiceTexts{
			titles:   []string{"A social market for dignified food aid"},
			problems: []string{"Food parcels delivered at the door stigmatised families and did not fit their needs."},
			actions:  []string{"{org} opened a social market where families in need shop with points loaded on a card."},
			results:  []string{"In {y}, {n} families shopped at the social market."},
		},
		fr: practiceTexts{
			titles:   []string{"Une épicerie solidaire pour une aide alimentaire digne"},
			problems: []string{"Les colis alimentaires livrés à domicile stigmatisaient les familles."},
			actions:  []string{"{org} a ouvert une épicerie solidaire où les familles font leurs courses avec une carte à points."},
			results:  []string{"En {y}, {n} familles ont fréquenté l'épicerie solidaire."},
		},
	},
	{
		themes: []string{"psychosocial_support", "health"}, groups: []string{"refugees", "children", "women"},
		rights: []string{"public_services"}, sdgs: []string{"3"}, space: "migration-platform",
		tr: practiceTexts{
			titles: []string{"Mültecilere psikososyal destek merkezi", "Depremzede çocuklara psikolojik ilk yardım", "Travma yaşamış kadınlara danışmanlık"},
			problems: []string{
				"Savaştan kaçan mülteci aileler ve çocuklar ağır travmalar yaşamış, ancak ruh sağlığı hizmetine ulaşamıyordu.",
				"Depremden etkilenen çocuklarda uyku bozukluğu ve kaygı belirtileri yaygındı.",
			},
			actions: []string{
				"{org}, psikolog ve sosyal çalışmacılardan oluşan bir psikososyal destek merkezi açtı; görüşmeler tercüman eşliğinde yapılıyor.",
				"Belediye, okullarda ve çadır kentlerde {k} oyun terapisi grubu kurdu; ailelere ebeveynlik atölyeleri düzenlendi.",
			},
			results: []string{
				"{y} yılında {n} kişi bireysel ya da grup desteği aldı; {m} kişi uzman sağlık kuruluşlarına yönlendirildi.",
			},
		},
		en: practiceTexts{
			titles:   []string{"A psychosocial support centre for refugees"},
			problems: []string{"Refugee families fleeing war had lived through severe trauma but could not reach mental health care."},
			actions:  []string{"{org} opened a psychosocial support centre of psychologists and social workers, with interpreters."},
			results:  []string{"In {y}, {n} people received individual or group support."},
		},
		fr: practiceTexts{
			titles:   []string{"Un centre de soutien psychosocial pour les réfugiés"},
			problems: []string{"Les familles réfugiées avaient subi des traumatismes graves sans accès aux soins de santé mentale."},
			actions:  []string{"{org} a ouvert un centre de soutien psychosocial avec des psychologues et des interprètes."},
			results:  []string{"En {y}, {n} personnes ont bénéficié d'un accompagnement."},
		},
	},
	{
		themes: []string{"addiction", "health"}, groups: []string{"youth"},
		rights: []string{"public_services"}, sdgs: []string{"3"}, space: "social-services-platform",
		tr: practiceTexts{
			titles: []string{"Gençlerde bağımlılıkla mücadele", "Madde bağımlılığına karşı mahalle temelli önleme", "Bağımlı gençlerin ailelerine destek"},
			problems: []string{
				"{place} mahallesinde gençler arasında madde kullanımı hızla artıyordu ve aileler nereye başvuracağını bilmiyordu.",
			},
			actions: []string{
				"{org}, gençlik merkezlerinde spor, müzik ve akran eğitimi programları başlattı; ailelere danışma hattı kuruldu.",
				"Belediye, il sağlık müdürlüğüyle birlikte {k} okulda önleyici eğitimler verdi.",
			},
			results: []string{
				"{y} yılında {n} genç programlara katıldı; danışma hattı {m} aileye ulaştı.",
			},
		},
		en: practiceTexts{
			titles:   []string{"Preventing addiction among young people"},
			problems: []string{"Substance use was rising fast among young people in {place}."},
			actions:  []string{"{org} started sports, music and peer education programmes in youth centres, and a helpline for families."},
			results:  []string{"In {y}, {n} young people took part."},
		},
		fr: practiceTexts{
			titles:   []string{"Prévenir les addictions chez les jeunes"},
			problems: []string{"La consommation de drogues augmentait chez les jeunes de {place}."},
			actions:  []string{"{org} a lancé des programmes de sport, de musique et d'éducation par les pairs."},
			results:  []string{"En {y}, {n} jeunes ont participé."},
		},
	},
	{
		themes: []string{"gender_equality", "employment"}, groups: []string{"women"},
		rights: []string{"gender_equality"}, sdgs: []string{"5", "8"}, space: "",
		tr: practiceTexts{
			titles: []string{"Kadın kooperatiflerine destek", "Kadın girişimciler için pazar yeri", "Kadın emeği el sanatları atölyesi"},
			problems: []string{
				"İlçedeki kadınların işgücüne katılım oranı yüzde 25'in altındaydı; ürettikleri ürünleri satacak yerleri yoktu.",
			},
			actions: []string{
				"{org}, kadın kooperatiflerine ücretsiz üretim atölyesi ve belediye pazarlarında satış tezgâhı sağladı; muhasebe ve pazarlama eğitimleri verdi.",
				"Belediye, {k} kadın kooperatifinin kuruluşuna danışmanlık verdi ve çevrimiçi satış sitesi açtı.",
			},
			results: []string{
				"{y} yılında kooperatiflerde {n} kadın çalıştı; kadınların ortalama aylık geliri iki katına çıktı.",
			},
		},
		en: practiceTexts{
			titles:   []string{"Support for women's cooperatives"},
			problems: []string{"Fewer than a quarter of women in {place} were in the labour force."},
			actions:  []string{"{org} gave women's cooperatives a free workshop and market stalls, with accounting and marketing training."},
			results:  []string{"In {y}, {n} women worked in the cooperatives."},
		},
		fr: practiceTexts{
			titles:   []string{"Soutien aux coopératives de femmes"},
			problems: []string{"Moins d'un quart des femmes de {place} avaient un emploi."},
			actions:  []string{"{org} a fourni aux coopératives de femmes un atelier gratuit et des étals sur les marchés."},
			results:  []string{"En {y}, {n} femmes travaillaient dans les coopératives."},
		},
	},
	{
		themes: []string{"cohesion", "belonging"}, groups: []string{"migrants", "refugees"},
		rights: []string{"civic_peace", "participatory_democracy"}, sdgs: []string{"16", "10"}, space: "migration-cohesion-committee",
		tr: practiceTexts{
			titles: []string{"Mahalle buluşmaları ile sosyal uyum", "Göçmenler ve yerel halk için ortak festival", "Uyum ve kardeşlik sofraları", "Göçmen meclisi"},
			problems: []string{
				"{place} mahallesinde göçmenler ile yerel halk arasında önyargılar ve gerginlikler artıyordu.",
				"Göçmenler, yaşadıkları kentin kararlarına katılma olanağı bulamıyordu.",
			},
			actions: []string{
				"{org}, muhtarlar ve sivil toplumla birlikte {k} mahallede ortak sofralar, spor turnuvaları ve kültür günleri düzenledi.",
				"Belediye, göçmen temsilcilerin de yer aldığı bir danışma meclisi kurdu; meclis yılda dört kez toplanıyor.",
			},
			results: []string{
				"Etkinliklere {y} yılında {n} kişi katıldı; anketlerde komşularına güvenenlerin oranı yüzde 18 arttı.",
			},
		},
		en: practiceTexts{
			titles:   []string{"Neighbourhood gatherings for social cohesion"},
			problems: []string{"Prejudice and tension between migrants and local residents were growing in {place}."},
			actions:  []string{"{org} organised shared meals, sports tournaments and culture days in {k} neighbourhoods with local NGOs."},
			results:  []string{"In {y}, {n} people took part in the events."},
		},
		fr: practiceTexts{
			titles:   []string{"Rencontres de quartier pour la cohésion sociale"},
			problems: []string{"Les préjugés entre migrants et habitants augmentaient à {place}."},
			actions:  []string{"{org} a organisé des repas partagés, des tournois sportifs et des journées culturelles dans {k} quartiers."},
			results:  []string{"En {y}, {n} personnes ont participé aux rencontres."},
		},
	},
	{
		themes: []string{"care", "gender_equality"}, groups: []string{"carers", "persons_with_disabilities"},
		rights: []string{"gender_equality", "public_services"}, sdgs: []string{"3", "5"}, space: "social-services-platform",
		tr: practiceTexts{
			titles: []string{"Bakım verenlere mola evi", "Engelli yakınlarına bakım desteği", "Bakım veren kadınlar için destek grupları"},
			problems: []string{
				"Engelli ya da yaşlı yakınına bakan kişiler, çoğunlukla kadınlar, yıllarca hiç dinlenemeden bakım veriyordu.",
			},
			actions: []string{
				"{org}, bakım verenlerin yakınlarını gündüz bırakabileceği bir mola evi açtı; bakım verenlere psikolojik destek grupları kuruldu.",
				"Belediye, evde bakım eğitimleri ve {k} haftalık destek grubu programı düzenledi.",
			},
			results: []string{
				"{y} yılında {n} bakım veren mola evinden yararlandı; tükenmişlik puanları belirgin biçimde düştü.",
			},
		},
		en: practiceTexts{
			titles:   []string{"A respite house for carers"},
			problems: []string{"People caring for a disabled or older relative, mostly women, had no rest for years."},
			actions:  []string{"{org} opened a respite day house and support groups for carers."},
			results:  []string{"In {y}, {n} carers used the respite house."},
		},
		fr: practiceTexts{
			titles:   []string{"Une maison de répit pour les aidants"},
			problems: []string{"Les aidants, surtout des femmes, s'occupaient de leurs proches sans jamais se reposer."},
			actions:  []string{"{org} a ouvert une maison de répit et des groupes de soutien pour les aidants."},
			results:  []string{"En {y}, {n} aidants ont bénéficié de la maison de répit."},
		},
	},
	{
		themes: []string{"migration_governance", "migration"}, groups: []string{"migrants", "refugees"},
		rights: []string{"public_services", "right_to_the_city"}, sdgs: []string{"10", "16"}, space: "migration-platform",
		tr: practiceTexts{
			titles: []string{"Göç danışma masası", "Göçmenler için çok dilli belediye hizmet rehberi", "Göç ve uyum birimi kuruluşu"},
			problems: []string{
				"Göçmenler belediye hizmetlerinin hangi birimden, nasıl alınacağını bilmiyor; birimler de göçmen nüfusunun ihtiyaçlarını ölçemiyordu.",
			},
			actions: []string{
				"{org}, Arapça, Farsça ve İngilizce hizmet veren bir göç danışma masası kurdu; yedi dilde hizmet rehberi hazırladı.",
				"Belediye, göç ve uyum birimini kurarak {k} müdürlüğün göçmenlere yönelik hizmetlerini tek noktada topladı.",
			},
			results: []string{
				"Danışma masası {y} yılında {n} başvuru aldı; başvuruların yüzde 80'i aynı gün yanıtlandı.",
			},
		},
		en: practiceTexts{
			titles:   []string{"A migration help desk", "A multilingual guide to municipal services for migrants"},
			problems: []string{"Migrants did not know which municipal unit provided which service."},
			actions:  []string{"{org} set up a migration help desk working in Arabic, Persian and English, and a service guide in seven languages."},
			results:  []string{"The desk handled {n} requests in {y}."},
		},
		fr: practiceTexts{
			titles:   []string{"Un guichet d'information pour les migrants"},
			problems: []string{"Les migrants ne savaient pas quel service municipal s'adressait à eux."},
			actions:  []string{"{org} a créé un guichet d'information en arabe, persan et anglais."},
			results:  []string{"Le guichet a traité {n} demandes en {y}."},
		},
	},
	{
		themes: []string{"resilience", "demography"}, groups: []string{"older_people", "persons_with_disabilities", "children"},
		rights: []string{"right_to_the_city", "sustainable_development"}, sdgs: []string{"11", "13"}, space: "",
		tr: practiceTexts{
			titles: []string{"Afete hazır mahalle gönüllüleri", "Deprem sonrası kırılgan gruplar için acil durum planı", "Sıcak hava dalgalarına karşı serinleme merkezleri"},
			problems: []string{
				"Deprem ve sel gibi afetlerde yaşlılar, engelliler ve çocuklar tahliye planlarında yeterince düşünülmemişti.",
				"Yaz aylarında artan sıcaklar yalnız yaşayan yaşlıların sağlığını tehdit ediyordu.",
			},
			actions: []string{
				"{org}, {k} mahallede afet gönüllüsü ekipleri kurdu ve kırılgan hanelerin listesini AFAD ile birlikte güncelledi.",
				"Belediye, kütüphane ve kültür merkezlerini sıcak günlerde serinleme merkezi olarak açtı.",
			},
			results: []string{
				"{y} yılında {n} gönüllü eğitildi; {m} kırılgan hane için kişisel tahliye planı hazırlandı.",
			},
		},
		en: practiceTexts{
			titles:   []string{"Disaster-ready neighbourhood volunteers"},
			problems: []string{"Evacuation plans in {place} did not consider older people, persons with disabilities and children."},
			actions:  []string{"{org} formed volunteer disaster teams in {k} neighbourhoods and mapped vulnerable households."},
			results:  []string{"In {y}, {n} volunteers were trained."},
		},
		fr: practiceTexts{
			titles:   []string{"Des volontaires de quartier préparés aux catastrophes"},
			problems: []string{"Les plans d'évacuation de {place} oubliaient les personnes âgées et handicapées."},
			actions:  []string{"{org} a formé des équipes de volontaires dans {k} quartiers."},
			results:  []string{"En {y}, {n} volontaires ont été formés."},
		},
	},
}

// neighbourhoods are common neighbourhood names, for {place}.
var neighbourhoods = []string{"Cumhuriyet", "Atatürk", "Fatih", "Yenimahalle", "Merkez", "Bahçelievler", "Gazi", "Hürriyet",
	"Yıldırım Beyazıt", "Mimar Sinan", "İstiklal", "Barbaros", "Kazım Karabekir", "Yunus Emre", "Esentepe", "Çamlık"}

var units = []string{"Sosyal Destek Hizmetleri Müdürlüğü", "Kadın ve Aile Hizmetleri Müdürlüğü", "Göç ve Uyum Birimi",
	"Sağlık İşleri Müdürlüğü", "Gençlik ve Spor Hizmetleri Müdürlüğü", "Kültür ve Sosyal İşler Müdürlüğü"}

// makePractice draws practice i of total.
func makePractice(r *rand.Rand, members []network.Organisation, spaceIDs map[string]int64, i, total int) practices.Practice {
	o := members[r.IntN(len(members))]
	pg := &programmes[r.IntN(len(programmes))]
	lang, texts := "tr", &pg.tr
	switch x := r.IntN(100); {
	case x < 12:
		lang, texts = "en", &pg.en
	case x < 20:
		lang, texts = "fr", &pg.fr
	}
	n := 50 + r.IntN(40)*r.IntN(60)
	m := 5 + r.IntN(max(n/3, 1))
	year := 2018 + r.IntN(8)
	place := pick(r, neighbourhoods)
	if lang != "tr" {
		place = o.ShortName
		if place == "" {
			place = strings.TrimSuffix(o.Name, " Belediyesi")
		}
	}
	action := r.IntN(len(texts.actions))
	rep := strings.NewReplacer("{org}", o.Name, "{place}", place, "{n}", strconv.Itoa(n), "{m}", strconv.Itoa(m),
		"{y}", strconv.Itoa(year), "{k}", strconv.Itoa(2+r.IntN(12)))
	p := practices.Practice{
		OrgID:   o.ID,
		Lang:    lang,
		Title:   rep.Replace(pick(r, texts.titles)),
		Problem: rep.Replace(pick(r, texts.problems)),
		Action:  rep.Replace(texts.actions[action]),
		Results: rep.Replace(pick(r, texts.results)),
		Themes:  pg.themes,
		Groups:  subset(r, pg.groups),
		Rights:  subset(r, pg.rights),
		SDGs:    subset(r, pg.sdgs),
	}
	if len(texts.actions) > 1 && r.IntN(2) == 0 {
		// A second, different action sentence, for longer texts.
		second := (action + 1 + r.IntN(len(texts.actions)-1)) % len(texts.actions)
		p.Action += " " + rep.Replace(texts.actions[second])
	}
	reached := int64(n)
	p.PeopleReached = &reached
	start := time.Date(year, time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
	p.PeriodStart = start.Format(time.DateOnly)
	if r.IntN(3) > 0 {
		p.PeriodEnd = start.AddDate(0, 6+r.IntN(30), -1).Format(time.DateOnly)
	}
	if r.IntN(3) > 0 {
		cost := int64(10+r.IntN(500)) * 10000
		p.CostAmount, p.CostCurrency = &cost, "TRY"
		if r.IntN(8) == 0 {
			cost /= 35
			p.CostCurrency = "EUR"
		}
	}
	p.ContactText = pick(r, units) + ", " + o.Name
	if host := hostOf(o.Website); host != "" {
		p.ContactText += " — bilgi@" + host
	}
	if id, ok := spaceIDs[pg.space]; ok && r.IntN(4) == 0 {
		p.SpaceID = id
	}
	p.Status = practices.Published
	if r.IntN(20) == 0 {
		p.Status = practices.Draft
	}
	// Shared over the last six years, evenly, in order.
	at := time.Date(2020, 11, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(float64(6*365*24*time.Hour) * float64(i) / float64(total)))
	p.CreatedAt = at
	if p.Status == practices.Published {
		p.PublishedAt = at.Add(time.Duration(r.IntN(72)) * time.Hour)
	}
	return p
}

// subset keeps each of xs with even odds, and always the first.
func subset(r *rand.Rand, xs []string) []string {
	var out []string
	for i, x := range xs {
		if i == 0 || r.IntN(2) == 0 {
			out = append(out, x)
		}
	}
	return out
}

func hostOf(website string) string {
	u, err := url.Parse(website)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}
