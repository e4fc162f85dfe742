package demo

import "birlik/network"

// The vocabulary the demo draws from. Names are common Turkish given and
// family names (and a few from the partners' countries); none is meant to
// be a real person. Keep every list append-only within a Version: the
// generator picks by index, so reordering a list changes who gets which
// name, and the cached benchmark databases would no longer match.

var femaleNames = []string{
	"Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Zehra", "Sultan",
	"Merve", "Özlem", "Esra", "Büşra", "Derya", "Gülşen", "Sevgi", "Aylin", "Ebru", "Gizem",
	"Tuğba", "Seda", "Pınar", "Ceren", "Dilek", "Nur", "Şeyma", "Kübra", "Selin", "Ece",
	"İrem", "Nazlı", "Burcu", "Yasemin", "Hülya", "Gül", "Nermin", "Sibel", "Canan", "Filiz",
	"Melek", "Songül", "Leyla", "Nilüfer", "Buket", "Aslı", "Berna", "Cansu", "Damla", "Ezgi",
	"Funda", "Gamze", "Hande", "Işıl", "Müge", "Özge", "Tülay", "Yeliz", "Zerrin", "Nesrin",
	"Aysel", "Hacer", "Rabia", "Sevim", "Şule", "Tuba", "Ümran", "Didem", "Gökçe", "Nihan",
}

var maleNames = []string{
	"Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman", "Yusuf",
	"Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah", "Mahmut", "Recep", "Salih", "Fatih",
	"Kadir", "Emre", "Hakan", "Serkan", "Burak", "Onur", "Cem", "Can", "Kerem", "Tolga",
	"Barış", "Erkan", "Volkan", "Sinan", "Levent", "Orhan", "Kemal", "Erdem", "Gökhan", "Özgür",
	"Selim", "Tuncay", "Uğur", "Yavuz", "Zafer", "Cengiz", "Bülent", "Ercan", "Okan", "Oğuz",
	"Serdar", "Tamer", "Tarık", "Umut", "Berk", "Arda", "Eren", "Furkan", "Ozan", "Alper",
	"Ertuğrul", "Metin", "Nihat", "Cihan", "Engin", "Hilmi", "Rıza", "Şükrü", "İlker", "Yiğit",
}

var familyNames = []string{
	"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
	"Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek",
	"Polat", "Özcan", "Korkmaz", "Çakır", "Erdoğan", "Yavuz", "Can", "Acar", "Şen", "Aktaş",
	"Güler", "Yalçın", "Güneş", "Bozkurt", "Bulut", "Keskin", "Ünal", "Turan", "Gül", "Özer",
	"Işık", "Kaplan", "Avcı", "Sarı", "Tekin", "Taş", "Köse", "Yüksel", "Ateş", "Aksoy",
	"Ekinci", "Çiftçi", "Coşkun", "Karataş", "Altun", "Uçar", "Akın", "Durmaz", "Kaçar", "Kalkan",
	"Bayram", "Uysal", "Tunç", "Tuna", "Akbulut", "Sönmez", "Güven", "Demirci", "Erdem", "Akgül",
	"Başaran", "Karakaya", "Bilgin", "Duman", "Oral", "Ergün", "Toprak", "Çınar", "Özbek", "Erol",
	"Kahraman", "Aydoğan", "Sezer", "Uzun", "Önal", "Gündoğdu", "Altıntaş", "Karaca", "Dinç", "Kocabaş",
	"Akyüz", "Özkaya", "Günay", "Akçay", "Baysal", "Ertürk", "Soylu", "Arıkan", "Candan", "Ilgaz",
	"Karakuş", "Tezcan", "Alkan", "Gürbüz", "Sağlam", "Eren", "Şeker", "Akdağ", "Kartal", "Yaman",
	"Ocak", "Ekici", "Ceylan", "Uslu", "Esen", "Akar", "Yücel", "Gök", "Elmas", "Demirtaş",
	"Çakmak", "Karahan", "Sarıkaya", "Dursun", "Aksu", "Başar", "Tosun", "Bektaş", "Cömert", "Erbaş",
}

// Names of colleagues of Syrian origin, who work in many municipalities'
// migration units as community interpreters.
var (
	arabicFemale = []string{"Rania", "Lina", "Yara", "Hala", "Nour", "Rasha", "Dima", "Salma"}
	arabicMale   = []string{"Omar", "Ahmad", "Khaled", "Samer", "Rami", "Bilal", "Hassan", "Tarek"}
	arabicFamily = []string{"Haddad", "Khalil", "Hamdan", "Nasser", "Darwish", "Sabbagh", "Youssef", "Mansour", "Kurdi", "Halabi"}
)

// namePool is a set of names of one country, for the contacts of
// international partners.
type namePool struct {
	female, male, family []string
	lang                 string // the language contacts from this pool prefer
}

var (
	swedish  = namePool{[]string{"Anna", "Karin", "Maria", "Sara", "Emma", "Linnea"}, []string{"Erik", "Lars", "Johan", "Anders", "Magnus", "Oskar"}, []string{"Andersson", "Lindqvist", "Nilsson", "Berg", "Lund", "Holm", "Ek", "Sjöberg"}, "en"}
	catalan  = namePool{[]string{"Marta", "Laia", "Núria", "Montse", "Carla", "Alba"}, []string{"Jordi", "Pau", "Oriol", "Carles", "Marc", "Xavier"}, []string{"Puig", "Ferrer", "Vidal", "Soler", "Serra", "Martí", "Font", "Roca"}, "es"}
	austrian = namePool{[]string{"Katharina", "Julia", "Elisabeth", "Theresa"}, []string{"Lukas", "Stefan", "Florian", "Markus"}, []string{"Huber", "Gruber", "Wagner", "Steiner", "Moser", "Bauer"}, "en"}
	american = namePool{[]string{"Sarah", "Emily", "Rachel", "Jessica"}, []string{"Michael", "David", "Daniel", "James"}, []string{"Mitchell", "Carter", "Brooks", "Reed", "Hayes", "Porter"}, "en"}
	european = namePool{[]string{"Sophie", "Giulia", "Ana", "Claire", "Katrin"}, []string{"Marco", "Pierre", "Tomas", "Jan", "Nikos"}, []string{"Laurent", "Rossi", "Costa", "Novak", "Dubois", "Papadopoulos", "Schmidt", "Janssen"}, "fr"}
	turkish  = namePool{femaleNames, maleNames, familyNames, "tr"}
)

// Neighbourhood (mahalle) names that recur across Turkish towns; the
// synthetic organisations of larger scales are named after them.
var mahalleler = []string{
	"Atatürk", "Cumhuriyet", "Fatih", "Yavuz Selim", "Mimar Sinan", "Yunus Emre", "Mevlana", "Barbaros", "Hürriyet", "İstiklal",
	"Zafer", "Yeni", "Merkez", "Çarşı", "Esentepe", "Bahçelievler", "Yıldız", "Gazi", "İnönü", "Kazım Karabekir",
	"Fevzi Çakmak", "Kocatepe", "Selimiye", "Akşemsettin", "Orhangazi", "Yenidoğan", "Güzelyalı", "Kültür", "Kurtuluş", "Mehmet Akif Ersoy",
	"Namık Kemal", "Ziya Gökalp", "Sakarya", "Gülbahar", "Çamlık", "Altıntepe", "Yeşiltepe", "Yeşilova", "Çınar", "Pınarbaşı",
	"Kavaklı", "Akpınar", "Karşıyaka", "Dumlupınar", "Sahil", "Hamidiye", "Mecidiye", "Şirinevler", "Güneşli", "Tepeüstü",
	"Kirazlı", "Zümrütevler", "Gültepe", "İsmetpaşa", "Muradiye", "Emek", "İstasyon", "Kaleiçi", "Şehitler", "Bağlar",
	"Çiftlik", "Dere", "Hacı Bayram", "Sultan Murat", "Ertuğrul Gazi", "Kuyubaşı", "Soğukpınar", "Ulus", "Güzeltepe", "Havuzbaşı",
}

// Departments of district and provincial municipalities (müdürlükler),
// with the relative weight of how often the demo staffs each: the
// social-policy units the union's platforms gather come first.
var departments = []weighted{
	{"Sosyal Destek Hizmetleri Müdürlüğü", 10},
	{"Kadın ve Aile Hizmetleri Müdürlüğü", 8},
	{"Strateji Geliştirme Müdürlüğü", 6},
	{"Kültür ve Sosyal İşler Müdürlüğü", 5},
	{"Sosyal Hizmetler Müdürlüğü", 5},
	{"Engelli Hizmetleri Müdürlüğü", 4},
	{"Dış İlişkiler Müdürlüğü", 3},
	{"Gençlik ve Spor Hizmetleri Müdürlüğü", 3},
	{"İnsan Kaynakları ve Eğitim Müdürlüğü", 3},
	{"Plan ve Proje Müdürlüğü", 3},
	{"İmar ve Şehircilik Müdürlüğü", 3},
	{"Park ve Bahçeler Müdürlüğü", 2},
	{"Sağlık İşleri Müdürlüğü", 2},
	{"İklim Değişikliği ve Sıfır Atık Müdürlüğü", 2},
	{"Basın Yayın ve Halkla İlişkiler Müdürlüğü", 2},
	{"Yazı İşleri Müdürlüğü", 2},
	{"Fen İşleri Müdürlüğü", 2},
}

// Departments of metropolitan municipalities (daire başkanlıkları).
var metroDepartments = []weighted{
	{"Sosyal Hizmetler Dairesi Başkanlığı", 10},
	{"Kadın ve Aile Hizmetleri Dairesi Başkanlığı", 7},
	{"Strateji Geliştirme Dairesi Başkanlığı", 5},
	{"Dış İlişkiler Dairesi Başkanlığı", 4},
	{"Sağlık ve Sosyal Hizmetler Dairesi Başkanlığı", 4},
	{"Kültür ve Sosyal İşler Dairesi Başkanlığı", 4},
	{"İmar ve Şehircilik Dairesi Başkanlığı", 3},
	{"Ulaşım Dairesi Başkanlığı", 3},
	{"Gençlik ve Spor Hizmetleri Dairesi Başkanlığı", 3},
	{"İnsan Kaynakları ve Eğitim Dairesi Başkanlığı", 2},
	{"İklim Değişikliği ve Sıfır Atık Dairesi Başkanlığı", 2},
}

// role is a position someone holds in a department, and how: who it is
// for (the share of women among holders, in percent) and how often it
// occurs.
type role struct {
	position string
	kind     network.AffiliationKind
	female   int // percent
	weight   int
	// depts lists the departments (by a word they contain) the position
	// belongs to; empty: any department.
	depts []string
	lang  string // "ar" for interpreters; "" otherwise
}

// Experts and staff of a municipality. The migration and social-cohesion
// experts come first and often: they are who the union's platforms
// gather.
var staffRoles = []role{
	{position: "Göç ve Sosyal Uyum Uzmanı", kind: network.Staff, female: 65, weight: 8, depts: []string{"Sosyal"}},
	{position: "Sosyal Çalışmacı", kind: network.Staff, female: 75, weight: 10, depts: []string{"Sosyal", "Kadın", "Engelli"}},
	{position: "Psikolog", kind: network.Staff, female: 80, weight: 5, depts: []string{"Kadın", "Sosyal"}},
	{position: "Sosyolog", kind: network.Staff, female: 60, weight: 3, depts: []string{"Sosyal", "Strateji", "Kadın"}},
	{position: "Çocuk Gelişimci", kind: network.Staff, female: 90, weight: 3, depts: []string{"Kadın", "Sosyal"}},
	{position: "Toplumsal Cinsiyet Eşitliği Uzmanı", kind: network.Staff, female: 80, weight: 3, depts: []string{"Kadın", "Strateji"}},
	{position: "Strateji Uzmanı", kind: network.Staff, female: 50, weight: 3, depts: []string{"Strateji"}},
	{position: "Proje Uzmanı", kind: network.Staff, female: 55, weight: 4, depts: []string{"Dış İlişkiler", "Plan ve Proje", "Strateji"}},
	{position: "Şehir Plancısı", kind: network.Staff, female: 50, weight: 3, depts: []string{"İmar", "Plan ve Proje", "Ulaşım"}},
	{position: "Peyzaj Mimarı", kind: network.Staff, female: 55, weight: 2, depts: []string{"Park", "İmar"}},
	{position: "Mimar", kind: network.Staff, female: 45, weight: 2, depts: []string{"İmar", "Plan ve Proje", "Fen"}},
	{position: "Veri Analisti", kind: network.Staff, female: 40, weight: 2, depts: []string{"Strateji"}},
	{position: "Eğitim Koordinatörü", kind: network.Staff, female: 60, weight: 2, depts: []string{"İnsan Kaynakları", "Kültür", "Gençlik"}},
	{position: "Toplum Tercümanı (Arapça)", kind: network.Staff, female: 50, weight: 2, depts: []string{"Sosyal"}, lang: "ar"},
	{position: "Şef", kind: network.Staff, female: 45, weight: 4},
	{position: "Memur", kind: network.Staff, female: 50, weight: 6},
	{position: "Tekniker", kind: network.Staff, female: 25, weight: 2, depts: []string{"Fen", "İmar", "Park", "İklim"}},
	{position: "Gönüllü Koordinatörü", kind: network.Volunteer, female: 60, weight: 1, depts: []string{"Sosyal", "Gençlik"}},
}

// weighted is a choice with a relative weight.
type weighted struct {
	name   string
	weight int
}

// Local phone area codes by province id: Istanbul's Asian side dials 216,
// its European side 212.
var areaCodes = map[string]string{
	"istanbul": "212", "bursa": "224", "kocaeli": "262", "sakarya": "264", "tekirdag": "282", "balikesir": "266",
	"edirne": "284", "kirklareli": "288", "canakkale": "286", "yalova": "226", "bilecik": "228",
}

// asianIstanbul lists the Istanbul districts on the Asian side.
var asianIstanbul = map[string]bool{
	"adalar": true, "atasehir": true, "beykoz": true, "cekmekoy": true, "kadikoy": true, "kartal": true, "maltepe": true,
	"pendik": true, "sancaktepe": true, "sultanbeyli": true, "sile": true, "tuzla": true, "umraniye": true, "uskudar": true,
}

// newDistricts are districts created by law in 2008 (Istanbul) and 2012;
// their municipalities cannot have joined the union before they existed.
var newDistricts = map[string]int{
	"istanbul-atasehir": 2008, "istanbul-sancaktepe": 2008, "istanbul-arnavutkoy": 2008, "istanbul-basaksehir": 2008,
	"istanbul-beylikduzu": 2008, "istanbul-cekmekoy": 2008, "istanbul-esenyurt": 2008, "istanbul-sultangazi": 2008,
	"balikesir-altieylul": 2012, "balikesir-karesi": 2012, "tekirdag-ergene": 2012, "tekirdag-kapakli": 2012,
	"tekirdag-suleymanpasa": 2012,
}
