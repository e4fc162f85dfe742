package demo

import "birlik/network"

// partner is an organisation the union works with, and the contacts the
// demo gives it. Names, kinds and seats are those of the real
// institutions, and websites their public addresses as far as we know
// them (check before relying on one); the contacts are invented. Contact
// details of the institutions themselves (switchboard, general e-mail)
// are left empty rather than made up.
type partner struct {
	id, name, short string
	kind            network.OrgKind
	place           string // a place id, or "" when the seat is outside the Marmara region
	address         string // the city (and country) of the seat, when outside the region
	website         string
	mail            string // the domain of its staff's e-mail addresses
	names           namePool
	contacts        []contact
}

// contact is a position at a partner that the demo fills with someone.
type contact struct {
	position, department, honorific string
	kind                            network.AffiliationKind
}

// provinces are the 11 provinces of the region by plate code, with their
// seed ids.
var provinces = []struct{ id, name string }{
	{"balikesir", "Balıkesir"}, {"bilecik", "Bilecik"}, {"bursa", "Bursa"}, {"canakkale", "Çanakkale"},
	{"edirne", "Edirne"}, {"istanbul", "İstanbul"}, {"kirklareli", "Kırklareli"}, {"kocaeli", "Kocaeli"},
	{"sakarya", "Sakarya"}, {"tekirdag", "Tekirdağ"}, {"yalova", "Yalova"},
}

func c(position, department string) contact {
	return contact{position: position, department: department, kind: network.Staff}
}

func prof(honorific, position, department string) contact {
	return contact{position: position, department: department, honorific: honorific, kind: network.Staff}
}

// partners returns the union's partner organisations: the international
// organisations and funders named in the union's human-rights profile
// (SALAR International, Sida, ICMPD, Metropolis, UCLG, Superpool, the
// Global Designing Cities Initiative) and those its migration work meets
// every day; the state's provincial institutions in each province;
// development agencies; the region's universities; and civil-society
// organisations working on migration, women's rights and social services.
func partners() []partner {
	out := []partner{
		// International organisations and funders.
		{id: "salar-international", name: "SALAR International", short: "SALAR Int.", kind: network.International,
			address: "Stockholm, İsveç", website: "https://www.salarinternational.se", mail: "salarinternational.se", names: swedish,
			contacts: []contact{c("RESLOG Program Yöneticisi", "International Programmes"), c("Kıdemli Danışman", "International Programmes")}},
		{id: "sida", name: "İsveç Uluslararası Kalkınma İşbirliği Ajansı", short: "Sida", kind: network.Funder,
			address: "Stockholm, İsveç", website: "https://www.sida.se", mail: "sida.se", names: swedish,
			contacts: []contact{c("Program Sorumlusu", "Türkiye Programı")}},
		{id: "icmpd", name: "Uluslararası Göç Politikaları Geliştirme Merkezi", short: "ICMPD", kind: network.International,
			address: "Viyana, Avusturya", website: "https://www.icmpd.org", mail: "icmpd.org", names: austrian,
			contacts: []contact{c("Proje Yöneticisi", "Türkiye Ofisi"), c("Burs Programı Uzmanı", "Türkiye Ofisi")}},
		{id: "metropolis", name: "Metropolis – World Association of the Major Metropolises", short: "Metropolis", kind: network.International,
			address: "Barselona, İspanya", website: "https://www.metropolis.org", mail: "metropolis.org", names: catalan,
			contacts: []contact{c("Solutions Lab Koordinatörü", "Policy Transfer"), c("Toplumsal Cinsiyet Uzmanı", "Policy Transfer")}},
		{id: "uclg", name: "Birleşmiş Kentler ve Yerel Yönetimler", short: "UCLG", kind: network.International,
			address: "Barselona, İspanya", website: "https://www.uclg.org", mail: "uclg.org", names: catalan,
			contacts: []contact{c("İnsan Hakları Kampanyası Sorumlusu", "Committee on Social Inclusion, Participatory Democracy and Human Rights")}},
		{id: "uclg-mewa", name: "Birleşmiş Kentler ve Yerel Yönetimler Orta Doğu ve Batı Asya Bölge Teşkilatı", short: "UCLG-MEWA", kind: network.International,
			place: "istanbul-fatih", website: "https://uclg-mewa.org", mail: "uclg-mewa.org", names: turkish,
			contacts: []contact{c("Göç Programı Koordinatörü", "Programlar"), c("Proje Uzmanı", "Programlar")}},
		{id: "superpool", name: "Superpool", kind: network.Private,
			place: "istanbul", website: "https://superpool.org", mail: "superpool.org", names: turkish,
			contacts: []contact{c("Kurucu Ortak, Mimar", ""), c("Kentsel Tasarım Araştırmacısı", "")}},
		{id: "global-designing-cities-initiative", name: "Global Designing Cities Initiative", short: "GDCI", kind: network.International,
			address: "New York, ABD", website: "https://globaldesigningcities.org", mail: "globaldesigningcities.org", names: american,
			contacts: []contact{c("Program Yöneticisi", "Streets for Kids")}},
		{id: "iom-turkiye", name: "Uluslararası Göç Örgütü Türkiye", short: "IOM", kind: network.International,
			address: "Ankara", website: "https://turkiye.iom.int", mail: "iom.int", names: turkish,
			contacts: []contact{c("Sosyal Uyum Program Sorumlusu", "İstanbul Alt Ofisi"), c("Yerel Yönetimler Uzmanı", "İstanbul Alt Ofisi")}},
		{id: "unhcr-turkiye", name: "BM Mülteciler Yüksek Komiserliği Türkiye Temsilciliği", short: "UNHCR", kind: network.International,
			address: "Ankara", website: "https://www.unhcr.org/tr", mail: "unhcr.org", names: turkish,
			contacts: []contact{c("Koruma Görevlisi", "İstanbul Saha Ofisi")}},
		{id: "eu-delegation-turkiye", name: "Avrupa Birliği Türkiye Delegasyonu", short: "AB Delegasyonu", kind: network.Funder,
			address: "Ankara", website: "https://www.eeas.europa.eu/delegations/turkiye_en", mail: "eeas.europa.eu", names: european,
			contacts: []contact{c("Program Yöneticisi", "Göç ve Sivil Toplum"), c("Proje Sorumlusu", "Eğitim ve İstihdam")}},
		{id: "unicef-turkiye", name: "UNICEF Türkiye", short: "UNICEF", kind: network.International,
			address: "Ankara", website: "https://www.unicef.org/turkiye", mail: "unicef.org", names: turkish,
			contacts: []contact{c("Çocuk Koruma Uzmanı", "Sosyal Politika")}},
		{id: "un-women-turkiye", name: "BM Kadın Birimi Türkiye", short: "UN Women", kind: network.International,
			address: "Ankara", website: "https://eca.unwomen.org/tr/where-we-are/turkiye", mail: "unwomen.org", names: turkish,
			contacts: []contact{c("Yerel Yönetimler Program Sorumlusu", "")}},
		{id: "undp-turkiye", name: "BM Kalkınma Programı Türkiye", short: "UNDP", kind: network.International,
			address: "Ankara", website: "https://www.undp.org/turkiye", mail: "undp.org", names: turkish,
			contacts: []contact{c("Proje Koordinatörü", "Yerel Kalkınma")}},

		// Central public institutions and associations of the state.
		{id: "goc-idaresi-baskanligi", name: "T.C. İçişleri Bakanlığı Göç İdaresi Başkanlığı", short: "Göç İdaresi", kind: network.PublicInstitution,
			address: "Ankara", website: "https://www.goc.gov.tr", mail: "goc.gov.tr", names: turkish,
			contacts: []contact{c("Uyum ve İletişim Daire Başkanı", "Uyum ve İletişim Dairesi"), c("Uzman", "Uyum ve İletişim Dairesi")}},
		{id: "aile-ve-sosyal-hizmetler-bakanligi", name: "T.C. Aile ve Sosyal Hizmetler Bakanlığı", short: "ASHB", kind: network.PublicInstitution,
			address: "Ankara", website: "https://www.aile.gov.tr", mail: "aile.gov.tr", names: turkish,
			contacts: []contact{c("Daire Başkanı", "Kadının Statüsü Genel Müdürlüğü")}},
		{id: "turkiye-belediyeler-birligi", name: "Türkiye Belediyeler Birliği", short: "TBB", kind: network.PublicInstitution,
			address: "Ankara", website: "https://www.tbb.gov.tr", mail: "tbb.gov.tr", names: turkish,
			contacts: []contact{c("Dış İlişkiler Müdürü", "Dış İlişkiler Müdürlüğü")}},
		{id: "istanbul-kalkinma-ajansi", name: "İstanbul Kalkınma Ajansı", short: "İSTKA", kind: network.PublicInstitution,
			place: "istanbul", website: "https://www.istka.org.tr", mail: "istka.org.tr", names: turkish,
			contacts: []contact{c("Program Yönetim Birimi Başkanı", "Program Yönetim Birimi")}},
		{id: "bursa-eskisehir-bilecik-kalkinma-ajansi", name: "Bursa Eskişehir Bilecik Kalkınma Ajansı", short: "BEBKA", kind: network.PublicInstitution,
			place: "bursa", website: "https://www.bebka.org.tr", mail: "bebka.org.tr", names: turkish,
			contacts: []contact{c("Uzman", "Planlama, Programlama ve Koordinasyon Birimi")}},
		{id: "dogu-marmara-kalkinma-ajansi", name: "Doğu Marmara Kalkınma Ajansı", short: "MARKA", kind: network.PublicInstitution,
			place: "kocaeli", website: "https://www.marka.org.tr", mail: "marka.org.tr", names: turkish,
			contacts: []contact{c("Uzman", "Program Yönetim Birimi")}},
		{id: "trakya-kalkinma-ajansi", name: "Trakya Kalkınma Ajansı", short: "TRAKYAKA", kind: network.PublicInstitution,
			place: "tekirdag", website: "https://www.trakyaka.org.tr", mail: "trakyaka.org.tr", names: turkish,
			contacts: []contact{c("Uzman", "Planlama Birimi")}},
		{id: "guney-marmara-kalkinma-ajansi", name: "Güney Marmara Kalkınma Ajansı", short: "GMKA", kind: network.PublicInstitution,
			place: "balikesir", website: "https://www.gmka.gov.tr", mail: "gmka.gov.tr", names: turkish,
			contacts: []contact{c("Uzman", "Program Yönetim Birimi")}},
	}

	// The state in every province: the governorship, the provincial
	// directorate of migration management, and the provincial directorate
	// of family and social services.
	for _, p := range provinces {
		out = append(out,
			partner{id: p.id + "-valiligi", name: p.name + " Valiliği", kind: network.PublicInstitution, place: p.id,
				website: "https://www." + p.id + ".gov.tr", mail: p.id + ".gov.tr", names: turkish,
				contacts: []contact{c("Vali Yardımcısı", "")}},
			partner{id: p.id + "-il-goc-idaresi-mudurlugu", name: p.name + " İl Göç İdaresi Müdürlüğü", kind: network.PublicInstitution, place: p.id,
				website: "https://www.goc.gov.tr", mail: "goc.gov.tr", names: turkish,
				contacts: []contact{c("İl Göç İdaresi Müdürü", ""), c("Uyum Uzmanı", "Uyum ve İletişim Birimi")}},
			partner{id: p.id + "-aile-ve-sosyal-hizmetler-il-mudurlugu", name: p.name + " Aile ve Sosyal Hizmetler İl Müdürlüğü", kind: network.PublicInstitution, place: p.id,
				website: "https://www.aile.gov.tr", mail: "aile.gov.tr", names: turkish,
				contacts: []contact{c("Şube Müdürü", "Sosyal Hizmetler Şubesi")}},
		)
	}

	// Universities of the region, with the departments and research centres
	// the union's academy and studies work with.
	for _, u := range []struct{ id, name, place, site string }{
		{"istanbul-universitesi", "İstanbul Üniversitesi", "istanbul-fatih", "istanbul.edu.tr"},
		{"marmara-universitesi", "Marmara Üniversitesi", "istanbul", "marmara.edu.tr"},
		{"bogazici-universitesi", "Boğaziçi Üniversitesi", "istanbul-besiktas", "bogazici.edu.tr"},
		{"istanbul-teknik-universitesi", "İstanbul Teknik Üniversitesi", "istanbul-sariyer", "itu.edu.tr"},
		{"yildiz-teknik-universitesi", "Yıldız Teknik Üniversitesi", "istanbul-besiktas", "yildiz.edu.tr"},
		{"mimar-sinan-guzel-sanatlar-universitesi", "Mimar Sinan Güzel Sanatlar Üniversitesi", "istanbul-beyoglu", "msgsu.edu.tr"},
		{"sabanci-universitesi", "Sabancı Üniversitesi", "istanbul-tuzla", "sabanciuniv.edu"},
		{"koc-universitesi", "Koç Üniversitesi", "istanbul-sariyer", "ku.edu.tr"},
		{"istanbul-bilgi-universitesi", "İstanbul Bilgi Üniversitesi", "istanbul-eyupsultan", "bilgi.edu.tr"},
		{"bursa-uludag-universitesi", "Bursa Uludağ Üniversitesi", "bursa-nilufer", "uludag.edu.tr"},
		{"bursa-teknik-universitesi", "Bursa Teknik Üniversitesi", "bursa-yildirim", "btu.edu.tr"},
		{"kocaeli-universitesi", "Kocaeli Üniversitesi", "kocaeli-izmit", "kocaeli.edu.tr"},
		{"gebze-teknik-universitesi", "Gebze Teknik Üniversitesi", "kocaeli-gebze", "gtu.edu.tr"},
		{"sakarya-universitesi", "Sakarya Üniversitesi", "sakarya-serdivan", "sakarya.edu.tr"},
		{"trakya-universitesi", "Trakya Üniversitesi", "edirne-merkez", "trakya.edu.tr"},
		{"kirklareli-universitesi", "Kırklareli Üniversitesi", "kirklareli-merkez", "klu.edu.tr"},
		{"tekirdag-namik-kemal-universitesi", "Tekirdağ Namık Kemal Üniversitesi", "tekirdag-suleymanpasa", "nku.edu.tr"},
		{"canakkale-onsekiz-mart-universitesi", "Çanakkale Onsekiz Mart Üniversitesi", "canakkale-merkez", "comu.edu.tr"},
		{"balikesir-universitesi", "Balıkesir Üniversitesi", "balikesir-altieylul", "balikesir.edu.tr"},
		{"bandirma-onyedi-eylul-universitesi", "Bandırma Onyedi Eylül Üniversitesi", "balikesir-bandirma", "bandirma.edu.tr"},
		{"yalova-universitesi", "Yalova Üniversitesi", "yalova-merkez", "yalova.edu.tr"},
		{"bilecik-seyh-edebali-universitesi", "Bilecik Şeyh Edebali Üniversitesi", "bilecik-merkez", "bilecik.edu.tr"},
	} {
		out = append(out, partner{id: u.id, name: u.name, kind: network.Academia, place: u.place,
			website: "https://www." + u.site, mail: u.site, names: turkish, contacts: academics(u.id)})
	}

	// Civil society.
	out = append(out,
		partner{id: "sgdd-asam", name: "Sığınmacılar ve Göçmenlerle Dayanışma Derneği", short: "SGDD-ASAM", kind: network.NGO,
			address: "Ankara", website: "https://www.sgdd.org.tr", mail: "sgdd.org.tr", names: turkish,
			contacts: []contact{c("İstanbul Bölge Koordinatörü", ""), c("Psikososyal Destek Uzmanı", "İstanbul Ofisi")}},
		partner{id: "hayata-destek-dernegi", name: "Hayata Destek Derneği", kind: network.NGO,
			place: "istanbul", website: "https://www.hayatadestek.org", mail: "hayatadestek.org", names: turkish,
			contacts: []contact{c("Program Koordinatörü", "Koruma Programı")}},
		partner{id: "multeciler-dernegi", name: "Mülteciler Derneği", kind: network.NGO,
			place: "istanbul-sultanbeyli", website: "https://multeciler.org.tr", mail: "multeciler.org.tr", names: turkish,
			contacts: []contact{c("Genel Koordinatör", ""), c("Sosyal Çalışmacı", "Danışma Merkezi")}},
		partner{id: "turk-kizilay", name: "Türk Kızılay", short: "Kızılay", kind: network.NGO,
			address: "Ankara", website: "https://www.kizilay.org.tr", mail: "kizilay.org.tr", names: turkish,
			contacts: []contact{c("Toplum Merkezi Koordinatörü", "Göç ve Mülteci Hizmetleri")}},
		partner{id: "kadin-emegini-degerlendirme-vakfi", name: "Kadın Emeğini Değerlendirme Vakfı", short: "KEDV", kind: network.NGO,
			place: "istanbul", website: "https://www.kedv.org.tr", mail: "kedv.org.tr", names: turkish,
			contacts: []contact{c("Program Sorumlusu", "Kadın Kooperatifleri Programı")}},
		partner{id: "mor-cati-kadin-siginagi-vakfi", name: "Mor Çatı Kadın Sığınağı Vakfı", short: "Mor Çatı", kind: network.NGO,
			place: "istanbul", website: "https://www.morcati.org.tr", mail: "morcati.org.tr", names: turkish,
			contacts: []contact{c("Gönüllü Sosyal Çalışmacı", "Dayanışma Merkezi")}},
		partner{id: "toplum-gonulluleri-vakfi", name: "Toplum Gönüllüleri Vakfı", short: "TOG", kind: network.NGO,
			place: "istanbul", website: "https://www.tog.org.tr", mail: "tog.org.tr", names: turkish,
			contacts: []contact{c("Gençlik Programları Koordinatörü", "")}},
		partner{id: "habitat-dernegi", name: "Habitat Kalkınma ve Yönetişim Derneği", short: "Habitat Derneği", kind: network.NGO,
			place: "istanbul", website: "https://habitatdernegi.org", mail: "habitatdernegi.org", names: turkish,
			contacts: []contact{c("Proje Koordinatörü", "")}},
		partner{id: "darussafaka-cemiyeti", name: "Darüşşafaka Cemiyeti", short: "Darüşşafaka", kind: network.NGO,
			place: "istanbul-sariyer", website: "https://www.darussafaka.org", mail: "darussafaka.org", names: turkish,
			contacts: []contact{c("Yaşlı Hizmetleri Müdürü", "Yaşam Evleri")}},
		partner{id: "kagider", name: "Türkiye Kadın Girişimciler Derneği", short: "KAGİDER", kind: network.NGO,
			place: "istanbul", website: "https://kagider.org", mail: "kagider.org", names: turkish,
			contacts: []contact{c("Proje Uzmanı", "")}},
	)
	return out
}

// academics gives a university its contacts: a migration researcher, and
// a planner or social-policy scholar, so the academy has trainers and
// the streets programme has partners in every province.
func academics(id string) []contact {
	first := prof("Prof. Dr.", "Öğretim Üyesi", "Göç Araştırmaları Uygulama ve Araştırma Merkezi")
	second := prof("Doç. Dr.", "Öğretim Üyesi", "Şehir ve Bölge Planlama Bölümü")
	if len(id)%2 == 0 { // a fixed, unremarkable variety
		second = prof("Dr. Öğr. Üyesi", "Öğretim Üyesi", "Sosyal Hizmet Bölümü")
	}
	return []contact{first, second}
}
