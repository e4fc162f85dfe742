package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/locale"
	"birlik/meetings"
	"birlik/spaces"
	"birlik/store"
)

// The meetings' fixture, added to every test server: a public space and a
// private one nobody of the test accounts is a member of, and in them
//
//   - meeting 1, public, in a month: registrations 1 (the fixture person
//     of Kadıköy) and 2 (the one of Nilüfer);
//   - meeting 2, in the private space;
//   - meeting 3, public, held ten days ago, with follow-up action 1.
const (
	meetingPublicSpace   = "matrix-meetings"
	meetingPrivateSpace  = "matrix-private"
	fixtureMeeting       = 1
	fixturePrivateMeet   = 2
	fixturePastMeeting   = 3
	fixtureOwnReg        = 1
	fixtureOtherReg      = 2
	fixtureMeetingAction = 1
)

func addMeetingFixtures(t testing.TB, e *testEnv) {
	t.Helper()
	ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
	now := time.Now().UTC()
	var spaceIDs []int64
	for _, sp := range []struct {
		slug string
		vis  spaces.Visibility
	}{{meetingPublicSpace, spaces.Public}, {meetingPrivateSpace, spaces.Private}} {
		spaceIDs = append(spaceIDs, addFixtureSpace(t, e.db, sp.slug, sp.vis, map[string]string{"tr": "Toplantı çalışma grubu " + string(sp.vis),
			"en": "Meetings working group " + string(sp.vis), "fr": "Groupe de travail réunions " + string(sp.vis)}))
	}
	svc := meetings.New(e.db)
	day := now.Truncate(time.Hour)
	mk := func(space int64, title string, starts time.Time) *meetings.Meeting {
		m := &meetings.Meeting{SpaceID: space, Title: title, Description: "Göç ve uyum üzerine düzenli toplantı.",
			Format: meetings.Hybrid, Place: "Birlik Toplantı Salonu", Address: "Binbirdirek Mh., Fatih, İstanbul",
			OnlineURL: "https://meet.example.org/birlik", StartsAt: starts, EndsAt: starts.Add(2 * time.Hour), RegistrationOpen: true,
			Agenda: []meetings.AgendaItem{{Title: "Açılış", Presenter: "Koordinatör", Duration: 10}, {Title: "Belediyelerden ihtiyaçlar", Duration: 60}}}
		if err := svc.Create(ctx, m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m1 := mk(spaceIDs[0], "Göç Platformu aylık toplantısı", day.Add(30*24*time.Hour))
	m2 := mk(spaceIDs[1], "Kapalı çalışma grubu toplantısı", day.Add(31*24*time.Hour))
	m3 := mk(spaceIDs[0], "Geçen ayın toplantısı", day.Add(-10*24*time.Hour))
	r1, err := svc.Register(ctx, m1.ID, e.ownPerson, meetings.Needs{StepFree: true})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := svc.Register(ctx, m1.ID, e.otherPerson, meetings.Needs{})
	if err != nil {
		t.Fatal(err)
	}
	act := &meetings.Action{MeetingID: m3.ID, Title: "Rehber taslağını paylaş", OwnerID: e.ownPerson, DueOn: day.AddDate(0, 0, 20).Format(time.DateOnly)}
	if err := svc.AddAction(ctx, act); err != nil {
		t.Fatal(err)
	}
	if m1.ID != fixtureMeeting || m2.ID != fixturePrivateMeet || m3.ID != fixturePastMeeting || r1.ID != fixtureOwnReg || r2.ID != fixtureOtherReg || act.ID != fixtureMeetingAction {
		t.Fatalf("meeting fixtures got ids %d %d %d, registrations %d %d, action %d; the matrix assumes 1 2 3, 1 2, 1",
			m1.ID, m2.ID, m3.ID, r1.ID, r2.ID, act.ID)
	}
}

func init() {
	envFixtures = append(envFixtures, addMeetingFixtures)
	pub, priv := "/spaces/"+meetingPublicSpace, "/spaces/"+meetingPrivateSpace
	mp := func(id int, rest string) string { return "/meetings/" + strconv.Itoa(id) + rest }
	outsiders := map[string]int{"anon": notFound, "viewer": notFound, "committee": notFound, "focal": notFound}
	staffGet := map[string]int{"anon": toSignIn, "admin": ok, "coordinator": ok}
	postStaff := func(status int) map[string]int {
		return map[string]int{"anon": forbidden, "admin": status, "coordinator": status}
	}
	long := func(n int) string { return strings.Repeat("a", n) }
	authCases = append(authCases,
		// Reading follows the space: a private space's meetings, feed
		// and actions do not exist for whom the space is not for.
		authCase{pattern: "GET /spaces/{slug}/meetings", own: pub + "/meetings", other: priv + "/meetings", def: ok, wantOther: outsiders},
		authCase{pattern: "GET /spaces/{slug}/calendar.ics", own: pub + "/calendar.ics", other: priv + "/calendar.ics", def: ok, wantOther: outsiders},
		authCase{pattern: "GET /spaces/{slug}/actions", own: pub + "/actions", other: priv + "/actions", def: ok, wantOther: outsiders},
		authCase{pattern: "GET /meetings/{id}", own: mp(fixtureMeeting, ""), other: mp(fixturePrivateMeet, ""), def: ok, wantOther: outsiders},
		authCase{pattern: "GET /meetings/{id}/calendar.ics", own: mp(fixtureMeeting, "/calendar.ics"), other: mp(fixturePrivateMeet, "/calendar.ics"),
			def: ok, wantOther: outsiders},
		// Staff manage meetings.
		authCase{pattern: "GET /spaces/{slug}/meetings/new", own: pub + "/meetings/new", other: priv + "/meetings/new", def: forbidden, want: staffGet},
		authCase{pattern: "POST /spaces/{slug}/meetings", own: pub + "/meetings", other: priv + "/meetings", form: url.Values{},
			def: forbidden, want: postStaff(invalid)},
		authCase{pattern: "GET /meetings/{id}/edit", own: mp(fixtureMeeting, "/edit"), other: mp(fixturePrivateMeet, "/edit"), def: forbidden, want: staffGet},
		authCase{pattern: "POST /meetings/{id}", own: mp(fixtureMeeting, ""), other: mp(fixturePrivateMeet, ""), form: url.Values{"version": {"1"}},
			def: forbidden, want: postStaff(invalid)},
		// Registering Nilüfer's fixture person: staff may (the form's
		// needs are too long, so nothing is stored); Kadıköy's focal
		// point may not, nor may anyone register another person; in a
		// private space the meeting does not exist for outsiders.
		authCase{pattern: "POST /meetings/{id}/registrations", own: mp(fixtureMeeting, "/registrations"), other: mp(fixturePrivateMeet, "/registrations"),
			form: url.Values{"person_id": {strconv.Itoa(fixtureOtherPerson)}, "other_needs": {long(1001)}},
			def:  forbidden, want: postStaff(invalid),
			wantOther: map[string]int{"focal": notFound, "committee": notFound, "viewer": notFound}},
		// Cancelling: staff any, a focal point their municipality's, the
		// person their own; others find no such registration. (The first
		// allowed cancels; cancelling again changes nothing.)
		authCase{pattern: "POST /meetings/{id}/registrations/{rid}/cancel",
			own: mp(fixtureMeeting, "/registrations/"+strconv.Itoa(fixtureOwnReg)+"/cancel"), other: mp(fixtureMeeting, "/registrations/"+strconv.Itoa(fixtureOtherReg)+"/cancel"),
			def: seeOther, want: map[string]int{"anon": forbidden, "committee": notFound, "viewer": notFound}, wantOther: map[string]int{"focal": notFound}},
		// After the meeting: staff only.
		authCase{pattern: "GET /meetings/{id}/attendance", own: mp(fixturePastMeeting, "/attendance"), def: forbidden, want: staffGet},
		authCase{pattern: "POST /meetings/{id}/attendance", own: mp(fixturePastMeeting, "/attendance"), form: url.Values{"came": {"99999"}},
			def: forbidden, want: postStaff(invalid)},
		authCase{pattern: "GET /meetings/{id}/minutes", own: mp(fixturePastMeeting, "/minutes"), def: forbidden, want: staffGet},
		authCase{pattern: "POST /meetings/{id}/minutes", own: mp(fixturePastMeeting, "/minutes"), form: url.Values{"version": {"1"}, "minutes": {long(50001)}},
			def: forbidden, want: postStaff(invalid)},
		authCase{pattern: "POST /meetings/{id}/decisions", own: mp(fixturePastMeeting, "/decisions"), form: url.Values{}, def: forbidden, want: postStaff(invalid)},
		authCase{pattern: "POST /meetings/{id}/actions", own: mp(fixturePastMeeting, "/actions"), form: url.Values{}, def: forbidden, want: postStaff(invalid)},
		authCase{pattern: "POST /meeting-actions/{id}/status", own: "/meeting-actions/" + strconv.Itoa(fixtureMeetingAction) + "/status",
			form: url.Values{"status": {"finished"}, "version": {"1"}}, def: forbidden, want: postStaff(invalid)},
	)
}

// linkPerson links the test account with that e-mail to a person, as an
// admin would, so that it registers for itself.
func (e *testEnv) linkPerson(email string, person int64) {
	e.t.Helper()
	if _, err := e.db.ExecContext(context.Background(), `UPDATE users SET person_id = ? WHERE email = ?`, person, email); err != nil {
		e.t.Fatal(err)
	}
}

// TestMeetingsWaitingListOnThePages registers three people for a meeting
// of two places through the pages, sees the third wait, cancels one of the
// first two, and sees the third promoted and told by e-mail through the
// SMTP sink.
func TestMeetingsWaitingListOnThePages(t *testing.T) {
	e := newEnv(t)
	e.linkPerson(committeeEmail, e.ownPerson)
	admin, focal, committee := e.signedIn(adminEmail), e.signedIn(focalEmail), e.signedIn(committeeEmail)

	// A new meeting of two places, through the form.
	res := e.post(admin, "/spaces/"+meetingPublicSpace+"/meetings", url.Values{
		"title": {"Sosyal uyum, aidiyet; ve gençler"}, "format": {"in_person"}, "place": {"Nilüfer Kültür Merkezi"},
		"starts_at": {time.Now().AddDate(0, 0, 7).Format(localLayout)}, "ends_at": {time.Now().AddDate(0, 0, 7).Add(2 * time.Hour).Format(localLayout)},
		"capacity": {"2"}, "registration_open": {"1"},
		"agenda_title": {"Açılış", "", "Gençlik meclisleri"}, "agenda_presenter": {"", "", "Nilüfer Belediyesi"}, "agenda_minutes": {"10", "", "40"},
	})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	path := res.Header.Get("Location")
	page := e.get(admin, path)
	if !strings.Contains(page.Body, "Gençlik meclisleri") || !strings.Contains(page.Body, "Nilüfer Belediyesi") {
		t.Errorf("the agenda is not on the page")
	}

	// The committee member registers themselves, with a need.
	if res := e.post(committee, path+"/registrations", url.Values{"childcare": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register myself: %d", res.StatusCode)
	}
	// Kadıköy's focal point cannot register Nilüfer's person...
	if res := e.post(focal, path+"/registrations", url.Values{"person_id": {strconv.FormatInt(e.otherPerson, 10)}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a focal point registering another municipality's person: %d", res.StatusCode)
	}
	// ... staff can, twice over: the second waits.
	third := e.createPerson("Deniz", "Arslan", "deniz.arslan@fixture.test.birlik", otherOrg)
	for _, p := range []int64{e.otherPerson, third} {
		if res := e.post(admin, path+"/registrations", url.Values{"person_id": {strconv.FormatInt(p, 10)}, "sign_language": {"1"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("staff registering %d: %d %s", p, res.StatusCode, res.Body)
		}
	}
	page = e.get(admin, path)
	if !strings.Contains(page.Body, "Bekleme listesinde (1)") {
		t.Errorf("the staff's list does not show the waiting list")
	}
	// The committee member sees their registration and cancels it.
	page = e.get(committee, path)
	if !strings.Contains(page.Body, "Bu toplantıya kayıtlısınız.") {
		t.Fatalf("the committee member does not see their registration")
	}
	action := regexpFind(t, page.Body, `action="(/meetings/\d+/registrations/\d+/cancel)"`)
	before := len(e.mail.Messages())
	if res := e.post(committee, action, url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	msgs := e.mail.Wait(before+1, 5*time.Second)
	if len(msgs) <= before {
		t.Fatal("nobody was told of the promotion")
	}
	got := msgs[len(msgs)-1]
	if got.To[0] != "deniz.arslan@fixture.test.birlik" || !strings.Contains(got.Subject, "Sosyal uyum") || !strings.Contains(got.Body, e.ts.URL+path) {
		t.Errorf("promotion e-mail %+v", got)
	}
	page = e.get(admin, path)
	if strings.Contains(page.Body, "Bekleme listesinde (") {
		t.Errorf("someone still waits after a place freed up")
	}

	// The .ics file links back, with its text escaped.
	ics := e.get(e.client(), path+"/calendar.ics")
	if ct := ics.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf(".ics content type %q", ct)
	}
	if body := strings.ReplaceAll(ics.Body, "\r\n ", ""); !strings.Contains(body, "URL:"+e.ts.URL+path+"\r\n") ||
		!strings.Contains(body, `SUMMARY:Sosyal uyum\, aidiyet\; ve gençler`) {
		t.Errorf(".ics:\n%s", ics.Body)
	}
	feed := e.get(e.client(), "/spaces/"+meetingPublicSpace+"/calendar.ics")
	if strings.Count(feed.Body, "BEGIN:VEVENT") != 3 {
		t.Errorf("the space's feed has %d events, want 3", strings.Count(feed.Body, "BEGIN:VEVENT"))
	}
}

// createPerson adds a person working at org and returns their id.
func (e *testEnv) createPerson(given, family, email, org string) int64 {
	e.t.Helper()
	var id int64
	now := time.Now().UTC()
	err := e.db.InTx(context.Background(), func(tx *store.Tx) error {
		if err := tx.QueryRowContext(context.Background(), `INSERT INTO people (given_name, family_name, email, org_id, sort_key, search_text, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, given, family, email, org, locale.SortKey(family+" "+given), locale.Fold(given+" "+family), now, now).Scan(&id); err != nil {
			return err
		}
		_, err := tx.ExecContext(context.Background(), `INSERT INTO affiliations (person_id, org_id, kind, created_at, updated_at) VALUES (?, ?, 'staff', ?, ?)`, id, org, now, now)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// TestMeetingsAfterTheMeeting takes attendance, writes minutes, a
// decision and an action, and moves the action to done, as staff.
func TestMeetingsAfterTheMeeting(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	path := "/meetings/" + strconv.Itoa(fixturePastMeeting)
	id := strconv.FormatInt(e.ownPerson, 10)
	if res := e.post(admin, path+"/attendance", url.Values{"came": {id}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("attendance: %d %s", res.StatusCode, res.Body)
	}
	page := e.get(admin, path+"/attendance")
	if !strings.Contains(page.Body, `id="came-`+id+`" name="came" value="`+id+`" checked`) {
		t.Errorf("the attendee is not ticked")
	}
	if !strings.Contains(page.Body, "1 katılımcı") {
		t.Errorf("no attendance figures")
	}
	if res := e.post(admin, path+"/minutes", url.Values{"version": {"1"}, "minutes": {"Toplantı saat 10.00'da açıldı."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("minutes: %d", res.StatusCode)
	}
	if res := e.post(admin, path+"/minutes", url.Values{"version": {"1"}, "minutes": {"eski"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("stale minutes: %d", res.StatusCode)
	}
	if res := e.post(admin, path+"/decisions", url.Values{"decision": {"Rehber yayımlanacak."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("decision: %d", res.StatusCode)
	}
	if res := e.post(admin, path+"/actions", url.Values{"action_title": {""}, "due_on": {"yarın"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `href="#f-action_title"`) || !strings.Contains(res.Body, `href="#f-due_on"`) {
		t.Errorf("refused action: %d", res.StatusCode)
	}
	if res := e.post(admin, "/meeting-actions/1/status", url.Values{"status": {"done"}, "version": {"1"}, "next": {"/spaces/" + meetingPublicSpace + "/actions"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status: %d", res.StatusCode)
	}
	show := e.get(e.client(), path)
	for _, want := range []string{"Toplantı saat 10.00", "Rehber yayımlanacak.", "Rehber taslağını paylaş", "Tamamlandı"} {
		if !strings.Contains(show.Body, want) {
			t.Errorf("the meeting page lacks %q", want)
		}
	}
	// The space's open actions no longer list it.
	sp, err := e.srv.spaces.BySlug(birlik.WithActor(context.Background(), birlik.SystemActor), meetingPublicSpace)
	if err != nil {
		t.Fatal(err)
	}
	if open, _ := e.srv.meetings.OpenActions(context.Background(), sp.ID); len(open) != 0 {
		t.Errorf("%d open actions after the only one is done", len(open))
	}
}

// TestMeetingsFormKeepsWhatWasTyped sends a meeting form with problems and
// checks every one is shown next to its field with nothing typed lost.
func TestMeetingsFormKeepsWhatWasTyped(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(coordinatorEmail)
	res := e.post(admin, "/spaces/"+meetingPublicSpace+"/meetings", url.Values{
		"title": {"Taslak toplantı"}, "format": {"online"}, "starts_at": {"yarın sabah"}, "ends_at": {"2026-12-01T10:00"},
		"capacity": {"-3"}, "agenda_title": {""}, "agenda_presenter": {"Sunan kişi"}, "agenda_minutes": {"30"},
	})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{`href="#f-starts_at"`, `href="#f-online_url"`, `href="#f-capacity"`, `href="#f-agenda"`, `value="Taslak toplantı"`, `value="Sunan kişi"`, `value="yarın sabah"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the refused form lacks %s", want)
		}
	}
}

// regexpFind returns the first group of pattern in s, or fails.
func regexpFind(t *testing.T, s, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in the page", pattern)
	}
	return m[1]
}
