package notify_test

import (
	"context"
	"errors"
	"log/slog"
	"net/mail"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/locale"
	bmail "birlik/mail"
	"birlik/mail/mailtest"
	"birlik/notify"
	"birlik/store"
	"birlik/store/storetest"
)

// fixture is a database with two municipalities, a public and a private
// space (the first municipality a member of the private one), and
// accounts.
type fixture struct {
	t                      *testing.T
	db                     *store.DB
	svc                    *notify.Service
	acc                    *accounts.Service
	public, private        int64
	clock                  time.Time
	users                  map[string]*accounts.User
	memberPerson, exPerson int64
}

func sys() context.Context { return birlik.WithActor(context.Background(), birlik.SystemActor) }

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := sys()
	f := &fixture{t: t, db: db, svc: notify.New(db), acc: accounts.New(db), users: map[string]*accounts.User{},
		clock: time.Date(2026, 11, 24, 7, 0, 0, 0, time.UTC)} // a Tuesday, 10:00 in Istanbul
	f.svc.Now = func() time.Time { return f.clock }
	f.svc.BaseURL = "https://birlik.test"
	now := f.clock
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, org := range []string{"istanbul-kadikoy", "bursa-nilufer"} {
		exec(`INSERT INTO organisations (id, kind, municipality_kind, name, sort_key, search_text, created_at, updated_at)
			VALUES (?, 'municipality', 'district', ?, ?, ?, ?, ?)`, org, org, []byte(org), org, now, now)
	}
	for i, p := range []string{"Ayla", "Emre"} {
		exec(`INSERT INTO people (id, given_name, family_name, sort_key, search_text, created_at, updated_at)
			VALUES (?, ?, 'Demir', ?, ?, ?, ?)`, i+1, p, []byte(p), p, now, now)
	}
	f.memberPerson, f.exPerson = 1, 2
	exec(`INSERT INTO spaces (id, slug, kind, name_tr, name_en, name_fr, visibility, created_at, updated_at)
		VALUES (1, 'migration-platform', 'platform', 'Göç Platformu', 'Migration Platform', 'Plateforme migration', 'public', ?, ?)`, now, now)
	exec(`INSERT INTO spaces (id, slug, kind, name_tr, visibility, created_at, updated_at)
		VALUES (2, 'closed-group', 'working_group', 'Kapalı Çalışma Grubu', 'private', ?, ?)`, now, now)
	f.public, f.private = 1, 2
	// Kadıköy is a member of the private space; Emre of Nilüfer was, until
	// the membership ends in a test.
	exec(`INSERT INTO space_members (space_id, person_id, org_id, joined_on, created_at, updated_at) VALUES (2, 1, 'istanbul-kadikoy', '2026-01-01', ?, ?)`, now, now)
	exec(`INSERT INTO space_members (space_id, person_id, org_id, joined_on, created_at, updated_at) VALUES (2, 2, 'bursa-nilufer', '2026-01-01', ?, ?)`, now, now)
	for _, nu := range []accounts.NewUser{
		{Email: "coordinator@test", Role: birlik.RoleCoordinator},
		{Email: "viewer@test", Role: birlik.RoleViewer},
		{Email: "focal@kadikoy", Role: birlik.RoleFocalPoint, OrgID: "istanbul-kadikoy"},
		{Email: "focal@nilufer", Role: birlik.RoleFocalPoint, OrgID: "bursa-nilufer"},
		{Email: "immediate@test", Role: birlik.RoleViewer, Lang: "en"},
		{Email: "daily@test", Role: birlik.RoleViewer, Lang: "fr"},
		{Email: "weekly@test", Role: birlik.RoleViewer},
		{Email: "off@test", Role: birlik.RoleViewer},
	} {
		nu.Name = strings.Split(nu.Email, "@")[0]
		u, _, err := f.acc.Create(ctx, nu)
		if err != nil {
			t.Fatal(err)
		}
		f.users[nu.Email] = u
	}
	return f
}

func (f *fixture) as(email string) context.Context {
	f.t.Helper()
	u := f.users[email]
	if u == nil {
		f.t.Fatalf("no user %s", email)
	}
	return birlik.WithActor(context.Background(), u.Actor())
}

func (f *fixture) follow(email, kind string, id int64) {
	f.t.Helper()
	if err := f.svc.Follow(f.as(email), kind, id); err != nil {
		f.t.Fatalf("%s follows %s %d: %v", email, kind, id, err)
	}
}

func (f *fixture) publish(by string, ev notify.Event) int {
	f.t.Helper()
	n, err := f.svc.Publish(f.as(by), nil, ev)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) unread(email string) int {
	f.t.Helper()
	n, err := f.svc.UnreadCount(f.as(email))
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func code(err error) string { return birlik.ErrorCode(err) }

func needEvent(space int64) notify.Event {
	return notify.Event{Kind: "need.raised", TargetKind: notify.Need, TargetID: 7, SpaceID: space,
		Key: "notify.event.need_raised", Args: map[string]any{"title": "Mülteci çocuklar için okul servisi", "org": "Kadıköy Belediyesi"}, URL: "/needs/7"}
}

func spaceEvent(space int64) notify.Event {
	return notify.Event{Kind: "space.updated", TargetKind: notify.Space, TargetID: space, SpaceID: space,
		Key: "notify.event.space_updated", Args: map[string]any{"space": map[string]string{"tr": "Göç Platformu", "en": "Migration Platform", "fr": "Plateforme migration"}},
		URL: "/spaces/migration-platform"}
}

// TestPublishReachesFollowersWhoMaySee follows a public and a private
// space and a need in the private one, and checks who is told.
func TestPublishReachesFollowersWhoMaySee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.follow("viewer@test", notify.Space, f.public)
		f.follow("focal@kadikoy", notify.Space, f.private)
		f.follow("focal@nilufer", notify.Space, f.private) // while Nilüfer is a member
		f.follow("coordinator@test", notify.Space, f.private)
		f.follow("coordinator@test", notify.Space, f.private) // twice is once
		f.follow("viewer@test", notify.Need, 7)               // a need in a space the viewer cannot read

		// The viewer may not follow the private space itself.
		if err := f.svc.Follow(f.as("viewer@test"), notify.Space, f.private); code(err) != birlik.ENOTFOUND {
			t.Errorf("a viewer following a private space: %v, want not found", err)
		}
		if err := f.svc.Follow(context.Background(), notify.Space, f.public); code(err) != birlik.EUNAUTHORIZED {
			t.Errorf("the public following: %v", err)
		}
		if err := f.svc.Follow(f.as("viewer@test"), "planet", 1); code(err) != birlik.EINVALID {
			t.Errorf("an unknown kind: %v", err)
		}

		// Nilüfer leaves the private space.
		if _, err := db.ExecContext(sys(), `UPDATE space_members SET left_on = '2026-11-01' WHERE org_id = 'bursa-nilufer'`); err != nil {
			t.Fatal(err)
		}
		// The coordinator raises a need in the private space: Kadıköy's
		// focal point is told; not Nilüfer's (no longer a member), not the
		// viewer (who follows the need but may not read its space), not
		// the coordinator (the actor).
		if n := f.publish("coordinator@test", needEvent(f.private)); n != 1 {
			t.Errorf("notified %d, want 1", n)
		}
		for email, want := range map[string]int{"focal@kadikoy": 1, "focal@nilufer": 0, "viewer@test": 0, "coordinator@test": 0} {
			if got := f.unread(email); got != want {
				t.Errorf("%s has %d unread, want %d", email, got, want)
			}
		}
		// A public space's event reaches its follower.
		if n := f.publish("focal@kadikoy", spaceEvent(f.public)); n != 1 {
			t.Errorf("public event notified %d, want 1", n)
		}
		list, more, err := f.svc.List(f.as("viewer@test"), notify.ListFilter{})
		if err != nil || more || len(list) != 1 {
			t.Fatalf("viewer's list: %v %v %v", list, more, err)
		}
		cat := locale.MustLoad()
		for lang, want := range map[string]string{"tr": "Göç Platformu", "en": "Migration Platform", "fr": "Plateforme migration"} {
			if text := list[0].Text(cat.Lang(lang)); !strings.Contains(text, want) || strings.Contains(text, "{") {
				t.Errorf("%s: %q lacks %q", lang, text, want)
			}
		}
		if list[0].URL != "/spaces/migration-platform" || list[0].Read() {
			t.Errorf("notification %+v", list[0])
		}

		// Reading: one's own only.
		if err := f.svc.MarkRead(f.as("focal@kadikoy"), list[0].ID); code(err) != birlik.ENOTFOUND {
			t.Errorf("marking another's notification read: %v", err)
		}
		if err := f.svc.MarkRead(f.as("viewer@test"), list[0].ID); err != nil {
			t.Fatal(err)
		}
		if f.unread("viewer@test") != 0 {
			t.Error("still unread after MarkRead")
		}
		if n, err := f.svc.MarkAllRead(f.as("focal@kadikoy")); err != nil || n != 1 {
			t.Errorf("MarkAllRead: %d, %v", n, err)
		}
		if f.unread("focal@kadikoy") != 0 {
			t.Error("still unread after MarkAllRead")
		}

		if list, _, _ := f.svc.List(f.as("focal@kadikoy"), notify.ListFilter{}); len(list) != 1 {
			t.Fatalf("Kadıköy lists %d notifications, want the need", len(list))
		}
		// A membership that ends hides what was told before it ended.
		if _, err := db.ExecContext(sys(), `UPDATE space_members SET left_on = '2026-11-20' WHERE org_id = 'istanbul-kadikoy'`); err != nil {
			t.Fatal(err)
		}
		if list, _, err := f.svc.List(f.as("focal@kadikoy"), notify.ListFilter{}); err != nil || len(list) != 0 {
			t.Errorf("after leaving, Kadıköy lists %+v (%v), want none: the need lives in the private space", list, err)
		}

		// Unfollowing stops it.
		if err := f.svc.Unfollow(f.as("viewer@test"), notify.Space, f.public); err != nil {
			t.Fatal(err)
		}
		if ok, _ := f.svc.Following(f.as("viewer@test"), notify.Space, f.public); ok {
			t.Error("still following after Unfollow")
		}
		if n := f.publish("focal@kadikoy", spaceEvent(f.public)); n != 0 {
			t.Errorf("after unfollowing: %d notified", n)
		}
		fs, err := f.svc.Follows(f.as("viewer@test"))
		if err != nil || len(fs) != 1 || fs[0].TargetKind != notify.Need {
			t.Errorf("the viewer's follows: %+v %v", fs, err)
		}

		// Bad events are refused.
		bad := needEvent(f.public)
		bad.URL = "https://elsewhere.example/x"
		if _, err := f.svc.Publish(f.as("viewer@test"), nil, bad); code(err) != birlik.EINVALID {
			t.Errorf("an event linking elsewhere: %v", err)
		}
	})
}

// TestListPages checks paging through notifications.
func TestListPages(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	f.follow("viewer@test", notify.Space, f.public)
	for range 5 {
		f.publish("coordinator@test", spaceEvent(f.public))
	}
	page1, more, err := f.svc.List(f.as("viewer@test"), notify.ListFilter{Limit: 3})
	if err != nil || !more || len(page1) != 3 {
		t.Fatalf("page 1: %d, more %v, %v", len(page1), more, err)
	}
	page2, more, err := f.svc.List(f.as("viewer@test"), notify.ListFilter{Limit: 3, Before: page1[2].ID})
	if err != nil || more || len(page2) != 2 || page2[0].ID >= page1[2].ID {
		t.Fatalf("page 2: %+v, more %v, %v", page2, more, err)
	}
}

// TestSettings checks the digest setting: the default, a change, a stale
// form, a wrong value.
func TestSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.as("viewer@test")
		st, err := f.svc.Settings(ctx)
		if err != nil || st.Digest != notify.Daily || st.Version != 0 {
			t.Fatalf("default settings %+v %v", st, err)
		}
		if err := f.svc.SetDigest(ctx, notify.Weekly, 0); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetDigest(ctx, notify.Off, 0); code(err) != birlik.ECONFLICT {
			t.Errorf("a stale form: %v", err)
		}
		if err := f.svc.SetDigest(ctx, "hourly", 1); code(err) != birlik.EINVALID || birlik.FieldErrors(err)["digest"] == "" {
			t.Errorf("a wrong value: %v", err)
		}
		if st, _ := f.svc.Settings(ctx); st.Digest != notify.Weekly || st.Version != 1 {
			t.Errorf("settings %+v", st)
		}
		if _, err := f.svc.Settings(context.Background()); code(err) != birlik.EUNAUTHORIZED {
			t.Errorf("the public's settings: %v", err)
		}
	})
}

// digestFixture has four followers of the public space, one per digest
// setting, and a real SMTP sink.
func digestFixture(t *testing.T, db *store.DB) (*fixture, *mailtest.Sink, bmail.Sender) {
	f := newFixture(t, db)
	sink := mailtest.Start(t)
	for email, d := range map[string]notify.Digest{"immediate@test": notify.Immediate, "daily@test": notify.Daily, "weekly@test": notify.Weekly, "off@test": notify.Off} {
		f.follow(email, notify.Space, f.public)
		if d != notify.Daily { // daily is the default: leave it unset
			if err := f.svc.SetDigest(f.as(email), d, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f, sink, &bmail.SMTP{Addr: sink.Addr, From: "birlik@test", Timeout: 5 * time.Second}
}

// sendAt runs the scheduler at the Istanbul time given and returns the
// mails that arrived, by recipient.
func (f *fixture) sendAt(sink *mailtest.Sink, sender bmail.Sender, istanbul string) map[string][]mailtest.Message {
	f.t.Helper()
	loc, _ := time.LoadLocation("Europe/Istanbul")
	at, err := time.ParseInLocation("2006-01-02 15:04", istanbul, loc)
	if err != nil {
		f.t.Fatal(err)
	}
	f.clock = at.UTC()
	before := len(sink.Messages())
	n, err := f.svc.SendDue(context.Background(), sender, at)
	if err != nil {
		f.t.Fatalf("SendDue at %s: %v", istanbul, err)
	}
	msgs := sink.Wait(before+n, 5*time.Second)[before:]
	if len(msgs) != n {
		f.t.Fatalf("SendDue at %s said %d sent, %d arrived", istanbul, n, len(msgs))
	}
	out := map[string][]mailtest.Message{}
	for _, m := range msgs {
		out[m.To[0]] = append(out[m.To[0]], m)
	}
	return out
}

// publishAt publishes a space event at the Istanbul time given.
func (f *fixture) publishAt(istanbul string) {
	f.t.Helper()
	loc, _ := time.LoadLocation("Europe/Istanbul")
	at, _ := time.ParseInLocation("2006-01-02 15:04", istanbul, loc)
	f.clock = at.UTC()
	if n := f.publish("coordinator@test", spaceEvent(f.public)); n != 4 {
		f.t.Fatalf("published to %d, want the 4 followers", n)
	}
}

func recipients(got map[string][]mailtest.Message) []string {
	var out []string
	for to, ms := range got {
		for range ms {
			out = append(out, to)
		}
	}
	return out
}

// TestDigestSchedule walks a week with a controlled clock: immediate
// mail goes at the next run, the daily digest once at 08:00 with all that
// waited, the weekly one on Monday at 08:00, and "off" never.
func TestDigestSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, sink, sender := digestFixture(t, db)
		f.publishAt("2026-11-24 10:00") // Tuesday
		got := f.sendAt(sink, sender, "2026-11-24 10:01")
		if r := recipients(got); len(r) != 1 || len(got["immediate@test"]) != 1 {
			t.Fatalf("at 10:01 mail went to %v, want the immediate reader alone", r)
		}
		m := got["immediate@test"][0]
		if !strings.Contains(m.Subject, "1 new notification") || !strings.Contains(m.Body, "Migration Platform") ||
			!strings.Contains(m.Body, "https://birlik.test/spaces/migration-platform") {
			t.Errorf("immediate mail in English: %q\n%s", m.Subject, m.Body)
		}
		checkUnsubscribeHeaders(t, m)
		if got := f.sendAt(sink, sender, "2026-11-24 10:02"); len(got) != 0 {
			t.Errorf("a second run sent again: %v", recipients(got))
		}

		f.publishAt("2026-11-24 15:00")
		if got := f.sendAt(sink, sender, "2026-11-24 15:01"); len(got["immediate@test"]) != 1 || len(got) != 1 {
			t.Errorf("at 15:01: %v", recipients(got))
		}
		if got := f.sendAt(sink, sender, "2026-11-25 07:59"); len(got) != 0 {
			t.Errorf("before the daily hour: %v", recipients(got))
		}
		got = f.sendAt(sink, sender, "2026-11-25 08:00")
		if r := recipients(got); len(r) != 1 || len(got["daily@test"]) != 1 {
			t.Fatalf("at 08:00 on Wednesday mail went to %v, want the daily reader alone", r)
		}
		d := got["daily@test"][0]
		// In French, with both of Tuesday's events.
		if !strings.Contains(d.Subject, "2 nouvelles notifications") || strings.Count(d.Body, "Plateforme migration") != 2 {
			t.Errorf("daily digest: %q\n%s", d.Subject, d.Body)
		}
		checkUnsubscribeHeaders(t, d)
		if got := f.sendAt(sink, sender, "2026-11-25 08:01"); len(got) != 0 {
			t.Errorf("the daily digest went twice: %v", recipients(got))
		}
		// Something new on Wednesday at noon waits for Thursday's digest.
		f.publishAt("2026-11-25 12:00")
		if got := f.sendAt(sink, sender, "2026-11-25 18:00"); len(got["daily@test"]) != 0 {
			t.Error("the daily reader got a second digest on Wednesday")
		}
		if got := f.sendAt(sink, sender, "2026-11-26 08:05"); len(got["daily@test"]) != 1 {
			t.Errorf("Thursday: %v", recipients(got))
		} else if n := strings.Count(got["daily@test"][0].Body, "Plateforme migration"); n != 1 {
			t.Errorf("Thursday's digest lists %d events, want 1", n)
		}
		// The weekly digest: nothing until Monday 08:00, then all three.
		if got := f.sendAt(sink, sender, "2026-11-30 07:59"); len(got["weekly@test"]) != 0 {
			t.Error("the weekly digest went before Monday 08:00")
		}
		got = f.sendAt(sink, sender, "2026-11-30 08:00")
		if len(got["weekly@test"]) != 1 {
			t.Fatalf("Monday 08:00: %v", recipients(got))
		}
		if w := got["weekly@test"][0]; !strings.Contains(w.Subject, "3") || strings.Count(w.Body, "Göç Platformu") != 3 {
			t.Errorf("weekly digest in Turkish: %q\n%s", w.Subject, w.Body)
		}
		if got := f.sendAt(sink, sender, "2026-12-01 09:00"); len(got["weekly@test"]) != 0 {
			t.Error("the weekly digest went twice")
		}
		// "off" got nothing all week, and has nothing waiting.
		for _, m := range sink.Messages() {
			if m.To[0] == "off@test" {
				t.Errorf("mail to a reader with e-mail off: %q", m.Subject)
			}
		}
		var pending int
		db.QueryRowContext(sys(), `SELECT COUNT(*) FROM notifications WHERE mail_state = 'pending'`).Scan(&pending)
		if pending != 0 {
			t.Errorf("%d notifications still wait for mail", pending)
		}
	})
}

func checkUnsubscribeHeaders(t *testing.T, m mailtest.Message) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(m.Raw))
	if err != nil {
		t.Fatal(err)
	}
	lu := msg.Header.Get("List-Unsubscribe")
	if !strings.HasPrefix(lu, "<https://birlik.test/unsubscribe/") || !strings.HasSuffix(lu, ">") {
		t.Errorf("List-Unsubscribe: %q", lu)
	}
	if p := msg.Header.Get("List-Unsubscribe-Post"); p != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post: %q", p)
	}
	if !strings.Contains(m.Body, strings.Trim(lu, "<>")) {
		t.Errorf("the body lacks the unsubscribe link %s", lu)
	}
}

// failing refuses every mail.
type failing struct{ calls int }

func (s *failing) Send(context.Context, bmail.Message) error {
	s.calls++
	return errors.New("server down")
}

// TestDigestRetriedAfterFailure checks that a mail the server refused is
// sent by a later run, and once.
func TestDigestRetriedAfterFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, sink, sender := digestFixture(t, db)
		f.publishAt("2026-11-24 10:00")
		down := &failing{}
		if n, err := f.svc.SendDue(context.Background(), down, f.clock.Add(time.Minute)); err == nil || n != 0 || down.calls != 1 {
			t.Fatalf("with the server down: %d sent, %v, %d tries", n, err, down.calls)
		}
		if got := f.sendAt(sink, sender, "2026-11-24 10:05"); len(got["immediate@test"]) != 1 {
			t.Errorf("after the server came back: %v", recipients(got))
		}
	})
}

// TestUnsubscribe turns e-mail off with the link of a mail, without
// signing in; a forged link fails.
func TestUnsubscribe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, sink, sender := digestFixture(t, db)
		f.publishAt("2026-11-24 10:00")
		got := f.sendAt(sink, sender, "2026-11-24 10:01")
		m := got["immediate@test"][0]
		_, link, _ := strings.Cut(m.Body, "https://birlik.test/unsubscribe/")
		token := strings.Fields(link)[0]
		anon := context.Background()
		sub, err := f.svc.Subscription(anon, token)
		if err != nil || sub.Digest != notify.Immediate || sub.Email != "i•••@test" {
			t.Fatalf("subscription %+v %v", sub, err)
		}
		for _, forged := range []string{"", "abc", token + "x", strings.Replace(token, string(token[0]), "9", 1), "2." + strings.SplitN(token, ".", 2)[1]} {
			if err := f.svc.Unsubscribe(anon, forged); code(err) != birlik.ENOTFOUND {
				t.Errorf("forged token %q: %v", forged, err)
			}
		}
		if err := f.svc.Unsubscribe(anon, token); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Unsubscribe(anon, token); err != nil {
			t.Errorf("a second click: %v", err)
		}
		if st, _ := f.svc.Settings(f.as("immediate@test")); st.Digest != notify.Off {
			t.Errorf("after unsubscribing: %s", st.Digest)
		}
		f.publishAt("2026-11-24 11:00")
		if got := f.sendAt(sink, sender, "2026-11-24 11:01"); len(got["immediate@test"]) != 0 {
			t.Error("mail after unsubscribing")
		}
		// A token signed for one account does not work for another; a new
		// service on the same database (another app server) accepts it.
		other := notify.New(db)
		if _, err := other.Subscription(anon, token); err != nil {
			t.Errorf("another server refuses the token: %v", err)
		}
	})
}

// TestRunSendsAndStops runs the scheduler: it sends what is due on its
// first run and returns once its context ends.
func TestRunSendsAndStops(t *testing.T) {
	f, sink, sender := digestFixture(t, storetest.SQLite(t))
	f.publishAt("2026-11-24 10:00")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.svc.Run(ctx, sender, time.Hour, slog.New(slog.DiscardHandler))
	}()
	if got := sink.Wait(1, 5*time.Second); len(got) != 1 || got[0].To[0] != "immediate@test" {
		t.Errorf("the first run sent %d mails", len(got))
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop with its context")
	}
}

// TestPublishInTheChangesTransaction checks that notifications published
// in a transaction that is rolled back vanish with it.
func TestPublishInTheChangesTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.follow("viewer@test", notify.Space, f.public)
		tx, err := db.Begin(f.as("coordinator@test"))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := f.svc.Publish(f.as("coordinator@test"), tx, spaceEvent(f.public)); err != nil || n != 1 {
			t.Fatalf("publish in a transaction: %d, %v", n, err)
		}
		tx.Rollback()
		if n := f.unread("viewer@test"); n != 0 {
			t.Errorf("%d notifications survived the rollback", n)
		}
		tx, _ = db.Begin(f.as("coordinator@test"))
		f.svc.Publish(f.as("coordinator@test"), tx, spaceEvent(f.public))
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if n := f.unread("viewer@test"); n != 1 {
			t.Errorf("after commit: %d notifications", n)
		}
	})
}
