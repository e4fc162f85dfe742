package demo

import (
	"context"
	"fmt"
	"time"

	"birlik"
	"birlik/notify"
	"birlik/store"
)

// streamNotifications is the notifications' own generator stream
// ("notf" in ASCII).
const streamNotifications = 0x6e6f7466

// eventsPerScale is how many events the demo publishes per unit of scale,
// spread over the three weeks before the load.
const eventsPerScale = 30

// demoDigests are the demo accounts' e-mail settings, so that each
// setting can be seen; the others keep the default daily digest.
var demoDigests = map[string]notify.Digest{
	"coordinator@demo.birlik":   notify.Immediate,
	"focal.kadikoy@demo.birlik": notify.Weekly,
	"focal.nilufer@demo.birlik": notify.Off,
}

// demoMeetings are meeting titles the demo's events announce.
var demoMeetings = []string{
	"Geçici koruma altındaki çocukların eğitime erişimi çalıştayı",
	"Sosyal hizmet birimleri koordinasyon toplantısı",
	"Mülteci kadınlar için psikososyal destek değerlendirmesi",
	"Yaşlı bakım hizmetlerinde iyi uygulamalar paylaşımı",
	"Uyum ve aidiyet: mahalle ölçeğinde çalışmalar",
	"Engelli bireyler için erişilebilir hizmet planlaması",
	"Göç yönetişimi ve yerel veri paylaşımı",
	"Evsizlikle mücadelede kış tedbirleri",
}

// demoFiles are document names the demo's events mention.
var demoFiles = []string{
	"Toplantı tutanağı.pdf", "Katılımcı listesi.xlsx", "Sunum - sosyal uyum.pdf", "İhtiyaç analizi raporu.docx",
	"Çalıştay programı.pdf", "Saha ziyareti fotoğrafı.jpg",
}

// followedSpace is a space the demo accounts follow.
type followedSpace struct {
	id   int64
	slug string
	name map[string]string
}

// loadNotifications has every demo account follow the seed's spaces it
// may read, publishes events of those spaces over the last three weeks
// (members joining, meetings announced, documents added), and sets a few
// accounts' e-mail settings. Notifications older than three days are
// read, and older than a day count as mailed, so that a fresh demo does
// not send a flood of digests.
func loadNotifications(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	spaces, err := followedSpaces(ctx, d.DB)
	if err != nil || len(spaces) == 0 {
		return err
	}
	users, err := notifyAccounts(ctx, d.DB, ds)
	if err != nil {
		return err
	}
	for _, u := range users {
		uctx := birlik.WithActor(ctx, u.actor)
		for _, sp := range spaces {
			err := d.Notify.Follow(uctx, notify.Space, sp.id)
			if err != nil && birlik.ErrorCode(err) != birlik.ENOTFOUND { // a private space they may not read
				return fmt.Errorf("notifications: follow: %w", err)
			}
		}
		if dg, ok := demoDigests[u.actor.Email]; ok {
			if err := d.Notify.SetDigest(uctx, dg, 0); err != nil {
				return fmt.Errorf("notifications: settings: %w", err)
			}
		}
	}

	r := stream(streamNotifications)
	now := time.Now().UTC().Truncate(time.Minute)
	start := now.Add(-21 * 24 * time.Hour)
	n := eventsPerScale * scale
	pub := notify.New(d.DB) // a clock of its own, set per event
	pub.Catalogue = d.Notify.Catalogue
	tx, err := d.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := range n {
		at := start.Add(time.Duration(i) * (21 * 24 * time.Hour) / time.Duration(n))
		pub.Now = func() time.Time { return at }
		sp := spaces[r.IntN(len(spaces))]
		ev := notify.Event{TargetKind: notify.Space, TargetID: sp.id, SpaceID: sp.id, URL: "/spaces/" + sp.slug}
		switch r.IntN(4) {
		case 0:
			ev.Kind, ev.Key = "space.member_joined", "notify.event.member_joined"
			ev.Args = map[string]any{"org": ds.municipalities[r.IntN(len(ds.municipalities))].Name, "space": sp.name}
		case 1:
			when := at.Add(time.Duration(7+r.IntN(30)) * 24 * time.Hour)
			dates := map[string]string{}
			for _, l := range pub.Catalogue.Langs() {
				dates[l.Code] = l.Date(when.In(pub.Location))
			}
			ev.Kind, ev.Key = "meeting.scheduled", "notify.event.meeting_scheduled"
			ev.Args = map[string]any{"space": sp.name, "title": demoMeetings[r.IntN(len(demoMeetings))], "date": dates}
		case 2:
			ev.Kind, ev.Key = "document.added", "notify.event.document_added"
			ev.Args = map[string]any{"parent": sp.name, "name": demoFiles[r.IntN(len(demoFiles))]}
		default:
			ev.Kind, ev.Key = "space.updated", "notify.event.space_updated"
			ev.Args = map[string]any{"space": sp.name}
		}
		if _, err := pub.Publish(ctx, tx, ev); err != nil {
			return fmt.Errorf("notifications: publish: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = created_at WHERE created_at < ?`, now.Add(-3*24*time.Hour)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notifications SET mail_state = 'skipped' WHERE mail_state = 'pending' AND created_at < ?`, now.Add(-24*time.Hour)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	p.at("notifications", p.done)
	return nil
}

// followedSpaces returns the spaces there are, in the order they were made.
func followedSpaces(ctx context.Context, db *store.DB) ([]followedSpace, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, slug, name_tr, name_en, name_fr FROM spaces WHERE NOT archived ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []followedSpace
	for rows.Next() {
		var sp followedSpace
		var tr, en, fr string
		if err := rows.Scan(&sp.id, &sp.slug, &tr, &en, &fr); err != nil {
			return nil, err
		}
		sp.name = map[string]string{"tr": tr, "en": en, "fr": fr}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// notifyAccount is a demo account as the actor it signs in as.
type notifyAccount struct{ actor birlik.Actor }

// notifyAccounts returns the demo accounts, in the dataset's order.
func notifyAccounts(ctx context.Context, db *store.DB, ds *dataset) ([]notifyAccount, error) {
	var out []notifyAccount
	for _, a := range ds.accounts {
		var u notifyAccount
		var org *string
		err := db.QueryRowContext(ctx, `SELECT id, role, org_id FROM users WHERE email = ?`, a.Email).Scan(&u.actor.UserID, &u.actor.Role, &org)
		if err != nil {
			return nil, fmt.Errorf("notifications: account %s: %w", a.Email, err)
		}
		if org != nil {
			u.actor.OrgID = *org
		}
		u.actor.Email = a.Email
		out = append(out, u)
	}
	return out, nil
}
