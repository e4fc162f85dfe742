package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"birlik"
	"birlik/meetings"
	"birlik/spaces"
	"birlik/store"
)

// streamMeetings is the meetings' own generator stream ("meet" in ASCII).
const streamMeetings = 0x6d656574

// Per space and unit of scale: meetings held over the past months and
// meetings planned for the coming ones.
const (
	pastMeetingsPerScale     = 8
	upcomingMeetingsPerScale = 3
)

// meetingPlan is what the demo knows of a space's meetings: how they are
// called, what they discuss, where they meet, and who presents.
type meetingPlan struct {
	slug     string
	series   string // "Göç Platformu" → "Göç Platformu 12. Toplantısı"
	topics   []string
	format   meetings.Format
	capacity int
}

var meetingPlans = []meetingPlan{
	{slug: "migration-platform", series: "Göç Platformu", format: meetings.Hybrid, capacity: 60, topics: []string{
		"Geçici koruma altındaki çocukların eğitime erişimi",
		"Göç masalarının kuruluşu ve yönetimi",
		"Uyum ve aidiyet: mahalle ölçeğinde deneyimler",
		"Göç yönetişiminde veri paylaşımı ve gizlilik",
		"Mülteci kadınlar için istihdam ve kooperatifçilik",
		"Kültürlerarası arabuluculuk ve tercüman desteği",
		"Afet sonrası göç ve geçici barınma",
		"Yerel göç eylem planlarının izlenmesi",
	}},
	{slug: "social-services-platform", series: "Sosyal Hizmetler Platformu", format: meetings.InPerson, capacity: 80, topics: []string{
		"Evde bakım hizmetlerinde ortak standartlar",
		"Psikososyal destek hizmetlerinin yaygınlaştırılması",
		"Bağımlılıkla mücadelede belediyelerin rolü",
		"Yaşlı dostu kent uygulamaları",
		"Engelli bireyler için erişilebilir hizmet tasarımı",
		"Evsizlik: acil barınmadan kalıcı çözümlere",
		"Sosyal yardımda tek pencere ve veri paylaşımı",
		"Bakım verenlere destek programları",
	}},
	{slug: "migration-cohesion-committee", series: "Göç ve Sosyal Uyum Komisyonu", format: meetings.InPerson, capacity: 0, topics: []string{
		"Komisyonun yıllık çalışma programı",
		"Belediye meclislerinde uyum politikaları",
		"Göç ve sosyal uyum raporunun değerlendirilmesi",
		"Üye belediyelerden ihtiyaç ve talepler",
		"Kadın meclis üyelerinin uyum çalışmalarına katılımı",
		"Ulusal mevzuattaki değişikliklerin yerel yönetimlere etkisi",
	}},
}

var meetingVenues = []struct{ place, address string }{
	{"Marmara Belediyeler Birliği Toplantı Salonu", "Binbirdirek Mah., Peykhane Cad.\nFatih / İstanbul"},
	{"Nilüfer Belediyesi Kültür Merkezi", "Nilüfer / Bursa"},
	{"Kadıköy Belediyesi Evlendirme Dairesi Salonu", "Kadıköy / İstanbul"},
	{"İzmit Belediyesi Sevgi Evleri Konferans Salonu", "İzmit / Kocaeli"},
	{"Tekirdağ Büyükşehir Belediyesi Meclis Salonu", "Süleymanpaşa / Tekirdağ"},
}

var decisionTexts = []string{
	"Üye belediyelerden gelen ihtiyaçların tema bazında derlenerek bir sonraki toplantıda sunulmasına karar verildi.",
	"Konuya ilişkin iyi uygulamaların platform kütüphanesinde paylaşılmasına karar verildi.",
	"Bir çalışma grubu kurularak öneri taslağının üç ay içinde hazırlanmasına karar verildi.",
	"Konunun Birlik Meclisine tavsiye kararı olarak sunulmasına karar verildi.",
	"İlgili kamu kurumlarıyla ortak bir bilgilendirme toplantısı düzenlenmesine karar verildi.",
	"Eğitim ihtiyacının Yerel Yönetişim Akademisi programına alınmasına karar verildi.",
}

var actionTitles = []string{
	"Üye belediyelere ihtiyaç anketinin gönderilmesi",
	"İyi uygulama örneklerinin derlenmesi",
	"Öneri taslağının hazırlanması",
	"Kurumlarla toplantı tarihinin belirlenmesi",
	"Eğitim programı içeriğinin hazırlanması",
	"Toplantı tutanağının üyelere gönderilmesi",
}

// loadMeetings adds, for each of the seed's spaces, meetings held over the
// past months (with registrations, attendance, minutes, decisions and
// follow-up actions) and meetings planned for the coming ones (with
// registrations, some on a waiting list), scaled by scale. Dates follow
// the day the demo is loaded, so that "coming" stays true; everything else
// is drawn from its own stream.
func loadMeetings(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	r := stream(streamMeetings)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for _, plan := range meetingPlans {
		sp, err := d.Spaces.BySlug(ctx, plan.slug)
		if birlik.ErrorCode(err) == birlik.ENOTFOUND {
			continue // a database whose spaces were renamed by hand
		}
		if err != nil {
			return fmt.Errorf("meetings: %w", err)
		}
		pool, err := meetingPool(ctx, d.DB, sp)
		if err != nil {
			return fmt.Errorf("meetings: %w", err)
		}
		if len(pool) == 0 {
			continue
		}
		if err := d.DB.InTx(ctx, func(tx *store.Tx) error {
			return writeMeetings(ctx, tx, r, plan, sp, pool, today, scale, p)
		}); err != nil {
			return fmt.Errorf("meetings of %s: %w", plan.slug, err)
		}
	}
	return nil
}

// attendee is someone who may come to a space's meetings.
type attendee struct {
	person int64
	org    string
	name   string
	member bool
}

// meetingPool lists who comes to a space's meetings: its current members
// first, then people of member municipalities (the platforms are open to
// every member's departments).
func meetingPool(ctx context.Context, db *store.DB, sp *spaces.Space) ([]attendee, error) {
	var out []attendee
	seen := map[int64]bool{}
	add := func(q string, member bool, args ...any) error {
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a attendee
			if err := rows.Scan(&a.person, &a.org, &a.name); err != nil {
				return err
			}
			if !seen[a.person] {
				seen[a.person] = true
				a.member = member
				out = append(out, a)
			}
		}
		return rows.Err()
	}
	err := add(`SELECT sm.person_id, sm.org_id, p.given_name || ' ' || p.family_name FROM space_members sm JOIN people p ON p.id = sm.person_id
		WHERE sm.space_id = ? AND sm.left_on IS NULL ORDER BY sm.id LIMIT 400`, true, sp.ID)
	if err != nil {
		return nil, err
	}
	err = add(`SELECT a.person_id, a.org_id, p.given_name || ' ' || p.family_name FROM affiliations a
		JOIN organisations o ON o.id = a.org_id JOIN people p ON p.id = a.person_id
		WHERE a.ended IS NULL AND o.kind = 'municipality' AND o.member_status = 'member' ORDER BY a.id LIMIT 600`, false)
	return out, err
}

func writeMeetings(ctx context.Context, tx *store.Tx, r *rand.Rand, plan meetingPlan, sp *spaces.Space, pool []attendee,
	today time.Time, scale int, p *progress) error {
	insMeeting, err := tx.PrepareContext(ctx, `INSERT INTO meetings (space_id, title, description, format, place, address, online_url,
		starts_at, ends_at, capacity, registration_open, minutes, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	insAgenda, err := tx.PrepareContext(ctx, `INSERT INTO meeting_agenda_items (meeting_id, position, title, presenter, duration) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	insReg, err := tx.PrepareContext(ctx, `INSERT INTO meeting_registrations (meeting_id, person_id, org_id, status, sign_language, childcare,
		step_free, other_needs, reminded_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	insAtt, err := tx.PrepareContext(ctx, `INSERT INTO meeting_attendance (meeting_id, person_id, org_id, created_at) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	insDecision, err := tx.PrepareContext(ctx, `INSERT INTO meeting_decisions (meeting_id, number, text, created_at) VALUES (?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	insAction, err := tx.PrepareContext(ctx, `INSERT INTO meeting_actions (meeting_id, space_id, decision_id, title, owner_id, due_on, status,
		version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`)
	if err != nil {
		return err
	}
	past, upcoming := pastMeetingsPerScale*scale, upcomingMeetingsPerScale*scale
	// Past meetings are spread over the months before today, newest
	// last; coming ones over the next months.
	spacing := max(1, 240/past) // days between past meetings
	for i := 0; i < past+upcoming; i++ {
		number := i + 1
		var day time.Time
		if i < past {
			day = today.AddDate(0, 0, -(past-i)*spacing)
		} else {
			day = today.AddDate(0, 0, 10+(i-past)*max(1, 90/upcoming))
		}
		// 10:00 or 14:00 in Istanbul (UTC+3).
		starts := day.Add(time.Duration(7+4*r.IntN(2)) * time.Hour)
		ends := starts.Add(time.Duration(2+r.IntN(2)) * time.Hour)
		topic := plan.topics[r.IntN(len(plan.topics))]
		venue := meetingVenues[r.IntN(len(meetingVenues))]
		format := plan.format
		if r.IntN(5) == 0 {
			format = meetings.Online
		}
		place, address, link := venue.place, venue.address, ""
		if format == meetings.Online {
			place, address = "", ""
		}
		if format.HasLink() {
			link = "https://toplanti.birlik.example/" + plan.slug + "-" + strconv.Itoa(number)
		}
		held := i < past
		minutes := ""
		if held {
			minutes = fmt.Sprintf("%s %d. toplantısı %s konusuyla açıldı. Önceki toplantıda alınan kararların durumu gözden geçirildi; "+
				"üye belediyeler kendi deneyimlerini paylaştı.\n\nSunumların ardından katılımcıların soruları yanıtlandı ve aşağıdaki kararlar alındı.",
				plan.series, number, topic)
		}
		capacity := plan.capacity
		created := starts.AddDate(0, 0, -30)
		var id int64
		if err := insMeeting.QueryRowContext(ctx, sp.ID, fmt.Sprintf("%s %d. Toplantısı: %s", plan.series, number, topic),
			"Gündemdeki konu: "+topic+". Üye belediyelerin ilgili birim yöneticileri ve uzmanları davetlidir.",
			string(format), place, address, link, starts, ends, capacity, true, minutes, created, created).Scan(&id); err != nil {
			return err
		}
		presenter := pool[r.IntN(len(pool))].name
		for pos, it := range []meetings.AgendaItem{
			{Title: "Açılış ve gündemin kabulü", Presenter: "Platform koordinatörü", Duration: 10},
			{Title: "Önceki toplantı kararlarının izlenmesi", Duration: 20},
			{Title: "Sunum: " + topic, Presenter: presenter, Duration: 40},
			{Title: "Belediyelerden ihtiyaç ve talepler", Duration: 45},
			{Title: "Dilek ve temenniler", Duration: 10},
		} {
			if _, err := insAgenda.ExecContext(ctx, id, pos+1, it.Title, it.Presenter, it.Duration); err != nil {
				return err
			}
		}
		// Registrations: a draw from the pool, members more often.
		want := 12 + r.IntN(20)
		if capacity > 0 && !held {
			want = min(capacity+r.IntN(6), len(pool)) // a few more than places: a waiting list
		}
		want = min(want, len(pool))
		chosen := r.Perm(len(pool))[:want]
		registered := 0
		for k, idx := range chosen {
			a := pool[idx]
			status := meetings.Registered
			if capacity > 0 && registered >= capacity {
				status = meetings.Waiting
			} else {
				registered++
			}
			sign, child, step := r.IntN(40) == 0, r.IntN(15) == 0, r.IntN(12) == 0
			other := ""
			if r.IntN(25) == 0 {
				other = "Büyük puntolu belgeler"
			}
			var reminded any
			if held && status == meetings.Registered {
				reminded = starts.Add(-24 * time.Hour)
			}
			at := created.Add(time.Duration(k) * time.Hour)
			if _, err := insReg.ExecContext(ctx, id, a.person, a.org, string(status), sign, child, step, other, reminded, at, at); err != nil {
				return err
			}
			// Most of those registered came to a past meeting.
			if held && status == meetings.Registered && r.IntN(10) < 8 {
				if _, err := insAtt.ExecContext(ctx, id, a.person, a.org, ends); err != nil {
					return err
				}
			}
		}
		if held {
			nd := 1 + r.IntN(3)
			for n := 1; n <= nd; n++ {
				var did int64
				if err := insDecision.QueryRowContext(ctx, id, n, decisionTexts[r.IntN(len(decisionTexts))], ends).Scan(&did); err != nil {
					return err
				}
				owner := pool[r.IntN(len(pool))].person
				due := starts.AddDate(0, 0, 30+r.IntN(60))
				status := meetings.ActionOpen
				switch {
				case due.Before(today) && r.IntN(4) != 0:
					status = meetings.ActionDone
				case r.IntN(6) == 0:
					status = meetings.ActionDropped
				case r.IntN(2) == 0:
					status = meetings.ActionInProgress
				}
				if _, err := insAction.ExecContext(ctx, id, sp.ID, did, actionTitles[r.IntN(len(actionTitles))], owner,
					due.Format(time.DateOnly), string(status), ends, ends); err != nil {
					return err
				}
			}
		}
		p.at("meetings", p.done+1)
	}
	return nil
}
