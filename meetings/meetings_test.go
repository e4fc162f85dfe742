package meetings_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/locale"
	"birlik/mail"
	"birlik/mail/mailtest"
	"birlik/meetings"
	"birlik/store"
	"birlik/store/storetest"
)

// clock is a controllable time source.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time      { return c.t }
func (c *clock) Add(d time.Duration) { c.t = c.t.Add(d) }

func as(a birlik.Actor) context.Context { return birlik.WithActor(context.Background(), a) }

// fixture is a small world: two municipalities and an NGO, four people
// with accounts linked to them, a public space and a private one with a
// quorum of two members.
type fixture struct {
	db                        *store.DB
	svc                       *meetings.Service
	clock                     *clock
	public, private           int64
	ayse, mehmet, zeynep, can int64 // people
	// Accounts: each person's own (committee members), a focal point of
	// Kadıköy linked to nobody, staff, a viewer linked to nobody.
	asAyse, asMehmet, asZeynep, asCan birlik.Actor
	kadikoyFP, niluferFP, admin       birlik.Actor
	coordinator, viewer, outsider     birlik.Actor
}

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// insertID runs an INSERT … RETURNING id on the writer.
func insertID(t testing.TB, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	var id int64
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRowContext(context.Background(), q, args...).Scan(&id)
	})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func exec(t testing.TB, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, clock: &clock{t0}}
	f.svc = meetings.New(db)
	f.svc.Now = f.clock.Now
	now := t0.Add(-100 * 24 * time.Hour)
	org := func(id, kind, tier, name string) {
		var mk any
		if tier != "" {
			mk = tier
		}
		exec(t, db, `INSERT INTO organisations (id, kind, municipality_kind, name, sort_key, search_text, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, kind, mk, name, locale.SortKey(name), locale.Fold(name), now, now)
	}
	org("istanbul-kadikoy", "municipality", "district", "Kadıköy Belediyesi")
	org("bursa-nilufer", "municipality", "district", "Nilüfer Belediyesi")
	org("istanbul", "municipality", "metropolitan", "İstanbul Büyükşehir Belediyesi")
	org("gocder", "ngo", "", "Göç Derneği")
	person := func(given, family, gender, email, org, kind string) int64 {
		var mail any
		if email != "" {
			mail = email
		}
		id := insertID(t, db, `INSERT INTO people (given_name, family_name, gender, email, lang, org_id, sort_key, search_text, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'tr', ?, ?, ?, ?, ?) RETURNING id`, given, family, gender, mail, org,
			locale.SortKey(family+" "+given), locale.Fold(given+" "+family), now, now)
		exec(t, db, `INSERT INTO affiliations (person_id, org_id, kind, started, created_at, updated_at) VALUES (?, ?, ?, '2020-01-01', ?, ?)`,
			id, org, kind, now, now)
		return id
	}
	f.ayse = person("Ayşe", "Yılmaz", "female", "ayse@kadikoy.test", "istanbul-kadikoy", "elected")
	f.mehmet = person("Mehmet", "Kaya", "male", "mehmet@kadikoy.test", "istanbul-kadikoy", "staff")
	f.zeynep = person("Zeynep", "Demir", "female", "zeynep@nilufer.test", "bursa-nilufer", "staff")
	f.can = person("Can", "Öztürk", "male", "", "gocder", "volunteer")
	user := func(email string, role birlik.Role, org string, person int64) birlik.Actor {
		var o, p any
		if org != "" {
			o = org
		}
		if person != 0 {
			p = person
		}
		id := insertID(t, db, `INSERT INTO users (email, role, org_id, person_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, email, string(role), o, p, now, now)
		return birlik.Actor{UserID: id, Email: email, Role: role, OrgID: org}
	}
	f.asAyse = user("ayse@kadikoy.test", birlik.RoleCommittee, "", f.ayse)
	f.asMehmet = user("mehmet@kadikoy.test", birlik.RoleViewer, "", f.mehmet)
	f.asZeynep = user("zeynep@nilufer.test", birlik.RoleCommittee, "", f.zeynep)
	f.asCan = user("can@gocder.test", birlik.RoleCommittee, "", f.can) // Can's person has no e-mail: the account's is used
	f.kadikoyFP = user("odak@kadikoy.test", birlik.RoleFocalPoint, "istanbul-kadikoy", 0)
	f.niluferFP = user("odak@nilufer.test", birlik.RoleFocalPoint, "bursa-nilufer", 0)
	f.admin = user("admin@test", birlik.RoleAdmin, "", 0)
	f.coordinator = user("koordinator@test", birlik.RoleCoordinator, "", 0)
	f.viewer = user("izleyici@test", birlik.RoleViewer, "", 0)
	f.outsider = user("disarida@test", birlik.RoleCommittee, "", 0)
	space := func(slug, vis string, quorum any) int64 {
		return insertID(t, db, `INSERT INTO spaces (slug, kind, name_tr, visibility, quorum, created_at, updated_at)
			VALUES (?, 'committee', ?, ?, ?, ?, ?) RETURNING id`, slug, "Alan "+slug, vis, quorum, now, now)
	}
	f.public = space("acik-alan", "public", nil)
	f.private = space("kapali-komite", "private", 2)
	member := func(space, person int64, org string) {
		exec(t, db, `INSERT INTO space_members (space_id, person_id, org_id, joined_on, created_at, updated_at) VALUES (?, ?, ?, '2025-01-01', ?, ?)`,
			space, person, org, now, now)
	}
	member(f.private, f.ayse, "istanbul-kadikoy")
	member(f.private, f.zeynep, "bursa-nilufer")
	member(f.public, f.mehmet, "istanbul-kadikoy")
	return f
}

// meeting creates a meeting as staff, starting in the given time from t0.
func (f *fixture) meeting(t testing.TB, space int64, in time.Duration, capacity int) *meetings.Meeting {
	t.Helper()
	m := &meetings.Meeting{SpaceID: space, Title: "Göç Platformu toplantısı", Format: meetings.Hybrid,
		Place: "UMM Toplantı Salonu", Address: "Sultanahmet, İstanbul", OnlineURL: "https://meet.example.org/umm-goc",
		StartsAt: t0.Add(in), EndsAt: t0.Add(in + 2*time.Hour), Capacity: capacity, RegistrationOpen: true,
		Agenda: []meetings.AgendaItem{{Title: "Açılış", Presenter: "Başkan", Duration: 10}, {Title: "İhtiyaçlar", Duration: 45}}}
	if err := f.svc.Create(as(f.coordinator), m); err != nil {
		t.Fatal(err)
	}
	return m
}

func code(err error) string { return birlik.ErrorCode(err) }

func TestCreateAndRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		bad := &meetings.Meeting{SpaceID: f.public, Format: "by pigeon", StartsAt: t0, EndsAt: t0.Add(-time.Hour), Capacity: -1,
			Agenda: []meetings.AgendaItem{{Presenter: "nobody"}}}
		if err := f.svc.Create(as(f.kadikoyFP), bad); code(err) != birlik.EFORBIDDEN {
			t.Fatalf("focal point creating a meeting: %v, want forbidden", err)
		}
		err := f.svc.Create(as(f.admin), bad)
		for _, field := range []string{"title", "format", "ends_at", "capacity", "agenda"} {
			if _, ok := birlik.FieldErrors(err)[field]; !ok {
				t.Errorf("invalid meeting: no error on %s (%v)", field, err)
			}
		}
		m := f.meeting(t, f.public, 48*time.Hour, 0)
		got, err := f.svc.Meeting(as(f.coordinator), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Agenda) != 2 || got.Agenda[0].Title != "Açılış" || got.Agenda[1].Duration != 45 {
			t.Errorf("agenda %+v", got.Agenda)
		}
		if got.OnlineURL == "" || !got.StartsAt.Equal(t0.Add(48*time.Hour)) {
			t.Errorf("staff read %+v", got)
		}
		// The link is for registered people and staff only.
		anon, err := f.svc.Meeting(as(birlik.Actor{}), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if anon.OnlineURL != "" || !anon.LinkHidden {
			t.Errorf("the public sees the online link %q", anon.OnlineURL)
		}
		if _, err := f.svc.Register(as(f.asAyse), m.ID, 0, meetings.Needs{}); err != nil {
			t.Fatal(err)
		}
		if mine, _ := f.svc.Meeting(as(f.asAyse), m.ID); mine.OnlineURL == "" {
			t.Error("a registered person does not see the online link")
		}
		// Update with a stale version is refused; a fresh one is saved.
		got.Title = "Yeni başlık"
		got.Version = 99
		if _, err := f.svc.Update(as(f.admin), got); code(err) != birlik.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		got.Version = 1
		if _, err := f.svc.Update(as(f.admin), got); err != nil || got.Title != "Yeni başlık" || got.Version != 2 {
			t.Errorf("update: %v, %+v", err, got)
		}
		var n int
		db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'meeting' AND entity_id = ?`, itoa(m.ID)).Scan(&n)
		if n != 2 {
			t.Errorf("%d audit entries for the meeting, want 2 (create, update)", n)
		}
	})
}

func TestPrivateSpaceMeetings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		m := f.meeting(t, f.private, 48*time.Hour, 0)
		for name, a := range map[string]birlik.Actor{"public": {}, "outsider": f.outsider, "nilüfer's focal point": f.niluferFP, "viewer": f.viewer} {
			if name == "nilüfer's focal point" {
				continue // Nilüfer is represented in the committee by Zeynep
			}
			if _, err := f.svc.Meeting(as(a), m.ID); code(err) != birlik.ENOTFOUND {
				t.Errorf("%s reads a private space's meeting: %v", name, err)
			}
			if ms, _, _ := f.svc.List(as(a), f.private, meetings.Page{}); len(ms) != 0 {
				t.Errorf("%s lists a private space's meetings", name)
			}
			if _, err := f.svc.Register(as(a), m.ID, 0, meetings.Needs{}); err == nil {
				t.Errorf("%s registers for a private space's meeting", name)
			}
			if _, err := f.svc.SpaceCalendar(as(a), f.private, "x", "https://b.test"); code(err) != birlik.ENOTFOUND {
				t.Errorf("%s reads a private space's calendar: %v", name, err)
			}
		}
		for name, a := range map[string]birlik.Actor{"member": f.asAyse, "focal point of a member's municipality": f.niluferFP, "coordinator": f.coordinator} {
			if _, err := f.svc.Meeting(as(a), m.ID); err != nil {
				t.Errorf("%s cannot read the meeting: %v", name, err)
			}
		}
		if ms, err := f.svc.UpcomingMeetings(as(f.asZeynep), f.private, 5); err != nil || len(ms) != 1 {
			t.Errorf("upcoming for a member: %d, %v", len(ms), err)
		}
	})
}

func TestRegistrationRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		m := f.meeting(t, f.public, 48*time.Hour, 0)
		// A focal point registers a person of their municipality, not of
		// another.
		r, err := f.svc.Register(as(f.kadikoyFP), m.ID, f.mehmet, meetings.Needs{SignLanguage: true, Other: "Yer gösterici"})
		if err != nil {
			t.Fatal(err)
		}
		if r.OrgID != "istanbul-kadikoy" || r.Status != meetings.Registered || !r.Needs.SignLanguage || r.Needs.Other != "Yer gösterici" {
			t.Errorf("registration %+v", r)
		}
		if _, err := f.svc.Register(as(f.kadikoyFP), m.ID, f.zeynep, meetings.Needs{}); code(err) != birlik.EFORBIDDEN {
			t.Errorf("Kadıköy's focal point registers Nilüfer's Zeynep: %v", err)
		}
		// Members register themselves only.
		if _, err := f.svc.Register(as(f.asAyse), m.ID, f.zeynep, meetings.Needs{}); code(err) != birlik.EFORBIDDEN {
			t.Errorf("a committee member registers someone else: %v", err)
		}
		if _, err := f.svc.Register(as(f.viewer), m.ID, 0, meetings.Needs{}); code(err) != birlik.EINVALID {
			t.Errorf("an account linked to nobody registers itself: %v", err)
		}
		if _, err := f.svc.Register(as(f.asMehmet), m.ID, 0, meetings.Needs{}); code(err) != birlik.ECONFLICT {
			t.Errorf("registering twice: %v", err)
		}
		// Only the person, staff or their municipality's focal point cancel.
		if _, err := f.svc.Cancel(as(f.niluferFP), r.ID); code(err) != birlik.ENOTFOUND {
			t.Errorf("another municipality's focal point cancels: %v", err)
		}
		if _, err := f.svc.Cancel(as(f.asMehmet), r.ID); err != nil {
			t.Errorf("the person cancels: %v", err)
		}
		if _, err := f.svc.Register(as(f.asMehmet), m.ID, 0, meetings.Needs{}); err != nil {
			t.Errorf("registering again after cancelling: %v", err)
		}
		// Focal points see their own municipality's registrations.
		if rs, _ := f.svc.Registrations(as(f.niluferFP), m.ID); len(rs) != 0 {
			t.Errorf("Nilüfer's focal point sees %d of Kadıköy's registrations", len(rs))
		}
		if rs, _ := f.svc.Registrations(as(f.kadikoyFP), m.ID); len(rs) != 1 {
			t.Errorf("Kadıköy's focal point sees %d registrations, want 1", len(rs))
		}
		// Closed, and begun.
		m.RegistrationOpen = false
		if _, err := f.svc.Update(as(f.admin), m); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Register(as(f.asAyse), m.ID, 0, meetings.Needs{}); code(err) != birlik.ECONFLICT {
			t.Errorf("registering when closed: %v", err)
		}
		m2 := f.meeting(t, f.public, time.Hour, 0)
		r2, err := f.svc.Register(as(f.asZeynep), m2.ID, 0, meetings.Needs{})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Add(2 * time.Hour)
		if _, err := f.svc.Register(as(f.asAyse), m2.ID, 0, meetings.Needs{}); code(err) != birlik.ECONFLICT {
			t.Errorf("registering for a meeting that has begun: %v", err)
		}
		if _, err := f.svc.Cancel(as(f.asZeynep), r2.ID); code(err) != birlik.ECONFLICT {
			t.Errorf("cancelling once the meeting has begun: %v", err)
		}
	})
}

func TestWaitingListPromotesAndTells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sink := mailtest.Start(t)
		sender := &mail.SMTP{Addr: sink.Addr, From: "birlik@test", Timeout: 5 * time.Second}
		m := f.meeting(t, f.public, 72*time.Hour, 2)
		var regs []*meetings.Registration
		for _, a := range []birlik.Actor{f.asAyse, f.asZeynep, f.asCan} {
			r, err := f.svc.Register(as(a), m.ID, 0, meetings.Needs{StepFree: a == f.asCan})
			if err != nil {
				t.Fatal(err)
			}
			regs = append(regs, r)
		}
		if regs[0].Status != meetings.Registered || regs[1].Status != meetings.Registered || regs[2].Status != meetings.Waiting || regs[2].Position != 1 {
			t.Fatalf("statuses %s %s %s (position %d)", regs[0].Status, regs[1].Status, regs[2].Status, regs[2].Position)
		}
		if got, _ := f.svc.Meeting(as(f.admin), m.ID); !got.Full() || got.Waiting != 1 {
			t.Errorf("meeting full %v, waiting %d", got.Full(), got.Waiting)
		}
		promoted, err := f.svc.Cancel(as(f.asZeynep), regs[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(promoted) != 1 || promoted[0].PersonID != f.can {
			t.Fatalf("promoted %+v, want Can", promoted)
		}
		mine, err := f.svc.MyRegistration(as(f.asCan), m.ID)
		if err != nil || mine == nil || mine.Status != meetings.Registered || mine.PromotedAt.IsZero() {
			t.Fatalf("Can's registration after the cancellation: %+v, %v", mine, err)
		}
		if err := f.svc.TellPromoted(context.Background(), sender, "https://birlik.test", promoted); err != nil {
			t.Fatal(err)
		}
		msgs := sink.Wait(1, 5*time.Second)
		if len(msgs) != 1 {
			t.Fatalf("%d e-mails, want 1", len(msgs))
		}
		if msgs[0].To[0] != "can@gocder.test" || !strings.Contains(msgs[0].Subject, m.Title) ||
			!strings.Contains(msgs[0].Body, "https://birlik.test/meetings/") {
			t.Errorf("e-mail %+v", msgs[0])
		}
		// Cancelling a waiting place promotes nobody; the audit has the move.
		var n int
		db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'meeting_registration' AND action = 'promote' AND entity_id = ?`,
			itoa(regs[2].ID)).Scan(&n)
		if n != 1 {
			t.Errorf("%d audit entries for the promotion, want 1", n)
		}
		// Raising the capacity promotes at once.
		r4, err := f.svc.Register(as(f.kadikoyFP), m.ID, f.mehmet, meetings.Needs{})
		if err != nil || r4.Status != meetings.Waiting {
			t.Fatalf("fourth registration %+v, %v", r4, err)
		}
		got, _ := f.svc.Meeting(as(f.admin), m.ID)
		got.Capacity = 3
		if p, err := f.svc.Update(as(f.admin), got); err != nil || len(p) != 1 || p[0].PersonID != f.mehmet {
			t.Errorf("raising the capacity promoted %+v, %v", p, err)
		}
	})
}

func TestReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sink := mailtest.Start(t)
		sender := &mail.SMTP{Addr: sink.Addr, From: "birlik@test", Timeout: 5 * time.Second}
		m := f.meeting(t, f.public, 48*time.Hour, 1)
		for _, a := range []birlik.Actor{f.asAyse, f.asZeynep} { // Zeynep waits: no reminder
			if _, err := f.svc.Register(as(a), m.ID, 0, meetings.Needs{}); err != nil {
				t.Fatal(err)
			}
		}
		send := func(want int) {
			t.Helper()
			n, err := f.svc.SendReminders(context.Background(), sender, "https://birlik.test")
			if err != nil || n != want {
				t.Errorf("at %s: sent %d (%v), want %d", f.clock.t, n, err, want)
			}
		}
		send(0) // 48 h before: too early
		f.clock.Add(23*time.Hour + 59*time.Minute)
		send(0) // just over 24 h before
		f.clock.Add(2 * time.Minute)
		send(1)
		send(0) // never twice
		f.clock.Add(23 * time.Hour)
		send(0)
		msgs := sink.Wait(1, 5*time.Second)
		time.Sleep(100 * time.Millisecond)
		if msgs = sink.Messages(); len(msgs) != 1 || msgs[0].To[0] != "ayse@kadikoy.test" {
			t.Fatalf("reminders %+v", msgs)
		}
		if !strings.Contains(msgs[0].Body, "https://birlik.test/meetings/") || !strings.Contains(msgs[0].Subject, m.Title) ||
			!strings.Contains(msgs[0].Body, "https://meet.example.org/umm-goc") || !strings.Contains(msgs[0].Body, "UMM Toplantı Salonu") {
			t.Errorf("reminder %+v", msgs[0])
		}
		f.clock.Add(2 * time.Hour) // the meeting has begun: nothing more
		send(0)
	})
}

func TestCalendar(t *testing.T) {
	if got := meetings.EscapeText("a,b;c\\d\ne"); got != `a\,b\;c\\d\ne` {
		t.Errorf("escape: %q", got)
	}
	long := "DESCRIPTION:" + strings.Repeat("ğüşiöç", 20)
	folded := meetings.Fold(long)
	for i, l := range strings.Split(folded, "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets", i, len(l))
		}
		if i > 0 && !strings.HasPrefix(l, " ") {
			t.Errorf("continuation line %d does not start with a space", i)
		}
		if !utf8Valid(l) {
			t.Errorf("line %d cuts a character: %q", i, l)
		}
	}
	if strings.ReplaceAll(folded, "\r\n ", "") != long {
		t.Error("unfolding does not give the line back")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		m := &meetings.Meeting{SpaceID: f.public, Title: "Göç, uyum; ve aidiyet", Description: "Birinci satır\nİkinci satır, virgüllü; noktalı virgüllü " + strings.Repeat("uzun ", 20),
			Format: meetings.InPerson, Place: "Salon A", Address: "Kadıköy, İstanbul", StartsAt: t0.Add(24 * time.Hour), EndsAt: t0.Add(26 * time.Hour), RegistrationOpen: true}
		if err := f.svc.Create(as(f.admin), m); err != nil {
			t.Fatal(err)
		}
		data, err := f.svc.MeetingCalendar(as(birlik.Actor{}), m.ID, "https://birlik.test")
		if err != nil {
			t.Fatal(err)
		}
		ics := string(data)
		if !strings.HasSuffix(ics, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(ics, "\r\n", ""), "\n") {
			t.Error("lines do not all end in CRLF")
		}
		for i, l := range strings.Split(ics, "\r\n") {
			if len(l) > 75 {
				t.Errorf("line %d has %d octets", i, len(l))
			}
		}
		unfolded := strings.ReplaceAll(ics, "\r\n ", "")
		for _, want := range []string{
			"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:",
			"UID:meeting-" + itoa(m.ID) + "@birlik.test\r\n",
			"DTSTAMP:" + m.UpdatedAt.UTC().Format("20060102T150405Z") + "\r\n",
			"DTSTART:20261126T090000Z\r\n", "DTEND:20261126T110000Z\r\n",
			`SUMMARY:Göç\, uyum\; ve aidiyet` + "\r\n",
			`DESCRIPTION:Birinci satır\nİkinci satır\, virgüllü\; noktalı virgüllü uzun`,
			`LOCATION:Salon A\, Kadıköy\, İstanbul` + "\r\n",
			"URL:https://birlik.test/meetings/" + itoa(m.ID) + "\r\n",
		} {
			if !strings.Contains(unfolded, want) {
				t.Errorf(".ics lacks %q:\n%s", want, ics)
			}
		}
		feed, err := f.svc.SpaceCalendar(as(birlik.Actor{}), f.public, "Açık alan", "https://birlik.test")
		if err != nil || strings.Count(string(feed), "BEGIN:VEVENT") != 1 || !strings.Contains(string(feed), "X-WR-CALNAME:Açık alan") {
			t.Errorf("feed %v:\n%s", err, feed)
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestAttendanceFiguresAndQuorum(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		m := f.meeting(t, f.private, 2*time.Hour, 0)
		for _, a := range []birlik.Actor{f.asAyse, f.asZeynep} {
			if _, err := f.svc.Register(as(a), m.ID, 0, meetings.Needs{}); err != nil {
				t.Fatal(err)
			}
		}
		att := []meetings.Attendee{{PersonID: f.ayse}, {PersonID: f.mehmet, OrgID: "istanbul-kadikoy"}, {PersonID: f.can}}
		if err := f.svc.SetAttendance(as(f.coordinator), m.ID, att); code(err) != birlik.ECONFLICT {
			t.Errorf("attendance before the meeting: %v", err)
		}
		f.clock.Add(3 * time.Hour)
		if err := f.svc.SetAttendance(as(f.asAyse), m.ID, att); code(err) != birlik.EFORBIDDEN {
			t.Errorf("a member takes attendance: %v", err)
		}
		if err := f.svc.SetAttendance(as(f.coordinator), m.ID, att); err != nil {
			t.Fatal(err)
		}
		fig, err := f.svc.AttendanceFigures(as(f.asAyse), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := func(name string, got []meetings.Count, w map[string]int) {
			t.Helper()
			m := map[string]int{}
			for _, c := range got {
				m[c.Code] = c.N
			}
			if len(m) != len(w) {
				t.Errorf("%s: %v, want %v", name, m, w)
			}
			for k, v := range w {
				if m[k] != v {
					t.Errorf("%s[%q] = %d, want %d", name, k, m[k], v)
				}
			}
		}
		if fig.Total != 3 {
			t.Errorf("total %d", fig.Total)
		}
		want("by sex", fig.BySex, map[string]int{"female": 1, "male": 2})
		want("by role", fig.ByRole, map[string]int{"elected": 1, "staff": 1, "volunteer": 1})
		want("by type", fig.ByOrgType, map[string]int{"district": 2, "ngo": 1})
		// Quorum 2; of the attendees only Ayşe is a member.
		if fig.Quorum != 2 || fig.Members != 1 || fig.QuorumMet() {
			t.Errorf("quorum %d, members %d, met %v", fig.Quorum, fig.Members, fig.QuorumMet())
		}
		att = append(att, meetings.Attendee{PersonID: f.zeynep})
		if err := f.svc.SetAttendance(as(f.coordinator), m.ID, att); err != nil {
			t.Fatal(err)
		}
		fig, _ = f.svc.AttendanceFigures(as(f.asAyse), m.ID)
		if fig.Total != 4 || fig.Members != 2 || !fig.QuorumMet() {
			t.Errorf("after Zeynep came: total %d, members %d, met %v", fig.Total, fig.Members, fig.QuorumMet())
		}
		roll, err := f.svc.Roll(as(f.coordinator), m.ID)
		if err != nil || len(roll) != 4 {
			t.Fatalf("roll %+v, %v", roll, err)
		}
		for _, e := range roll {
			if !e.Came {
				t.Errorf("%s came but the roll says not", e.Name)
			}
			if e.PersonID == f.ayse && e.OrgID != "istanbul-kadikoy" {
				t.Errorf("Ayşe came for %q, want her registration's organisation", e.OrgID)
			}
		}
	})
}

func TestMinutesDecisionsActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		m := f.meeting(t, f.public, 2*time.Hour, 0)
		if err := f.svc.SaveMinutes(as(f.coordinator), m.ID, "Toplantı 10:00'da açıldı.", m.Version); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SaveMinutes(as(f.coordinator), m.ID, "Eski sürüm", m.Version); code(err) != birlik.ECONFLICT {
			t.Errorf("stale minutes: %v", err)
		}
		if _, err := f.svc.AddDecision(as(f.asAyse), m.ID, "x"); code(err) != birlik.EFORBIDDEN {
			t.Errorf("a member adds a decision: %v", err)
		}
		d1, err := f.svc.AddDecision(as(f.coordinator), m.ID, "Göç masası rehberi hazırlanacak.")
		if err != nil {
			t.Fatal(err)
		}
		d2, _ := f.svc.AddDecision(as(f.coordinator), m.ID, "Bir sonraki toplantı Bursa'da.")
		if d1.Number != 1 || d2.Number != 2 {
			t.Errorf("decision numbers %d, %d", d1.Number, d2.Number)
		}
		a1 := &meetings.Action{MeetingID: m.ID, DecisionID: d1.ID, Title: "Rehber taslağı", OwnerID: f.zeynep, DueOn: "2026-12-15"}
		a2 := &meetings.Action{MeetingID: m.ID, Title: "Salon ayarla", OwnerID: f.mehmet}
		for _, a := range []*meetings.Action{a1, a2} {
			if err := f.svc.AddAction(as(f.coordinator), a); err != nil {
				t.Fatal(err)
			}
		}
		bad := &meetings.Action{MeetingID: m.ID, Title: "", DueOn: "15.12.2026", OwnerID: 9999}
		err = f.svc.AddAction(as(f.coordinator), bad)
		for _, field := range []string{"title", "due_on", "owner_id"} {
			if _, ok := birlik.FieldErrors(err)[field]; !ok {
				t.Errorf("bad action: no error on %s (%v)", field, err)
			}
		}
		open, err := f.svc.OpenActions(as(birlik.Actor{}), f.public)
		if err != nil || len(open) != 2 || open[0].ID != a1.ID || open[0].OwnerName != "Zeynep Demir" || open[0].DecisionNumber != 1 {
			t.Fatalf("open actions %+v, %v", open, err)
		}
		if n, first, err := f.svc.FirstOpenActions(as(birlik.Actor{}), f.public, 1); err != nil || n != 2 || len(first) != 1 || first[0].ID != a1.ID {
			t.Errorf("the first open action: %d, %+v, %v; want 2 and action %d", n, first, err, a1.ID)
		}
		if err := f.svc.SetActionStatus(as(f.coordinator), a1.ID, meetings.ActionDone, 1); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetActionStatus(as(f.coordinator), a1.ID, meetings.ActionInProgress, 1); code(err) != birlik.ECONFLICT {
			t.Errorf("stale status change: %v", err)
		}
		open, _ = f.svc.OpenActions(as(birlik.Actor{}), f.public)
		if len(open) != 1 || open[0].ID != a2.ID {
			t.Errorf("open actions after one is done: %+v", open)
		}
		all, _ := f.svc.SpaceActions(as(birlik.Actor{}), f.public)
		if len(all) != 2 || all[1].Status != meetings.ActionDone {
			t.Errorf("space actions %+v", all)
		}
		// A private space's actions are nobody else's.
		pm := f.meeting(t, f.private, 2*time.Hour, 0)
		if err := f.svc.AddAction(as(f.coordinator), &meetings.Action{MeetingID: pm.ID, Title: "Gizli"}); err != nil {
			t.Fatal(err)
		}
		if open, _ := f.svc.OpenActions(as(f.outsider), f.private); len(open) != 0 {
			t.Errorf("an outsider sees %d actions of a private space", len(open))
		}
		if n, first, _ := f.svc.FirstOpenActions(as(f.outsider), f.private, 5); n != 0 || len(first) != 0 {
			t.Errorf("an outsider counts %d actions of a private space", n)
		}
	})
}
