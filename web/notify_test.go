package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/notify"
)

// The notification routes' rows of the authorization matrix. Everything
// is the signed-in account's own; the unsubscribe link is public and
// checks its signature. Targets that do not exist keep the matrix from
// changing anything.
func init() {
	envFixtures = append(envFixtures, func(t testing.TB, e *testEnv) { e.addTestSpaces() })
	mine := map[string]int{"anon": toSignIn}
	postMine := func(int) map[string]int { return map[string]int{"anon": forbidden} }
	authCases = append(authCases,
		authCase{pattern: "GET /notifications", own: "/notifications", def: ok, want: mine},
		authCase{pattern: "POST /notifications/read", own: "/notifications/read", def: seeOther, want: postMine(seeOther)},
		authCase{pattern: "POST /notifications/{id}/read", own: "/notifications/999999/read", def: notFound, want: postMine(notFound)},
		authCase{pattern: "GET /notifications/settings", own: "/notifications/settings", def: ok, want: mine},
		authCase{pattern: "POST /notifications/settings", own: "/notifications/settings", form: url.Values{"digest": {"hourly"}, "version": {"0"}},
			def: invalid, want: postMine(invalid)},
		// One cannot follow what one cannot see: the private space is
		// for staff and the focal point whose municipality is a member.
		authCase{pattern: "POST /follow/{kind}/{id}", own: "/follow/space/" + strconv.Itoa(testPublicSpace), other: "/follow/space/" + strconv.Itoa(testPrivateSpace),
			def: seeOther, want: postMine(seeOther), wantOther: map[string]int{"committee": notFound, "viewer": notFound}},
		authCase{pattern: "POST /unfollow/{kind}/{id}", own: "/unfollow/space/999999", def: seeOther, want: postMine(seeOther)},
		authCase{pattern: "GET /unsubscribe/{token}", own: "/unsubscribe/1.forged", def: notFound},
		authCase{pattern: "POST /unsubscribe/{token}", own: "/unsubscribe/1.forged", def: notFound},
	)
}

// Spaces the web tests of notifications and documents add: far from the
// ids the seed's spaces take.
const (
	testPublicSpace  = 9001
	testPrivateSpace = 9002
)

// addTestSpaces adds a public space and a private one whose only member
// is the fixture person of ownOrg (so the focal point of ownOrg reads it
// and the other focal point does not).
func (e *testEnv) addTestSpaces() {
	e.t.Helper()
	now := time.Now().UTC()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO spaces (id, slug, kind, name_tr, name_en, name_fr, visibility, created_at, updated_at)
			VALUES (?, 'test-public', 'platform', 'Deneme Platformu', 'Test Platform', 'Plateforme d''essai', 'public', ?, ?)`, []any{testPublicSpace, now, now}},
		{`INSERT INTO spaces (id, slug, kind, name_tr, visibility, created_at, updated_at)
			VALUES (?, 'test-private', 'working_group', 'Kapalı Grup', 'private', ?, ?)`, []any{testPrivateSpace, now, now}},
		{`INSERT INTO space_members (space_id, person_id, org_id, joined_on, created_at, updated_at) VALUES (?, ?, ?, '2026-01-01', ?, ?)`,
			[]any{testPrivateSpace, fixtureOwnPerson, ownOrg, now, now}},
	} {
		if _, err := e.db.ExecContext(sys(), q.sql, q.args...); err != nil {
			e.t.Fatal(err)
		}
	}
}

// actorOf is the test account with that e-mail as an actor.
func (e *testEnv) actorOf(email string) context.Context {
	return birlik.WithActor(context.Background(), e.users[email].Actor())
}

// publishTo publishes an event of the public test space, by the
// coordinator.
func (e *testEnv) publishSpaceEvent(space int64) int {
	e.t.Helper()
	n, err := e.srv.notify.Publish(e.actorOf(coordinatorEmail), nil, notify.Event{Kind: "space.updated", TargetKind: notify.Space,
		TargetID: space, SpaceID: space, Key: "notify.event.space_updated",
		Args: map[string]any{"space": map[string]string{"tr": "Deneme Platformu", "en": "Test Platform", "fr": "Plateforme d'essai"}},
		URL:  "/spaces/test-public"})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// TestNotifyFollowReadAndSettings follows a space from a page, is told of
// an event, reads it, and changes the e-mail setting.
func TestNotifyFollowReadAndSettings(t *testing.T) {
	e := newEnv(t)
	focal := e.signedIn(focalEmail)
	res := e.post(focal, "/follow/space/"+strconv.Itoa(testPublicSpace), url.Values{"next": {"/organisations/" + ownOrg}})
	if res.StatusCode != seeOther || res.Header.Get("Location") != "/organisations/"+ownOrg {
		t.Fatalf("follow: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	// A next= elsewhere is not followed.
	res = e.post(focal, "/follow/space/"+strconv.Itoa(testPrivateSpace), url.Values{"next": {"https://evil.example/"}})
	if res.StatusCode != seeOther || res.Header.Get("Location") != "/notifications/settings" {
		t.Errorf("follow with a foreign next: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	// Another municipality's focal point cannot follow the private space.
	other := e.signedIn(otherFocalEmail)
	if res := e.post(other, "/follow/space/"+strconv.Itoa(testPrivateSpace), nil); res.StatusCode != notFound {
		t.Errorf("following a private space from outside: %d", res.StatusCode)
	}
	if n := e.publishSpaceEvent(testPublicSpace); n != 1 {
		t.Fatalf("the event reached %d, want the focal point", n)
	}
	if got := e.srv.unreadCount(httptestRequest(e, focalEmail)); got != 1 {
		t.Errorf("the header's count: %d", got)
	}
	res = e.get(focal, "/notifications")
	for _, want := range []string{"1 okunmamış bildirim", "Deneme Platformu alanı güncellendi.", `href="/spaces/test-public"`, `action="/notifications/read"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the notifications page lacks %q", want)
		}
	}
	list, _, _ := e.srv.notify.List(e.actorOf(focalEmail), notify.ListFilter{})
	if res := e.post(other, "/notifications/"+strconv.FormatInt(list[0].ID, 10)+"/read", nil); res.StatusCode != notFound {
		t.Errorf("another account marking it read: %d", res.StatusCode)
	}
	if res := e.post(focal, "/notifications/"+strconv.FormatInt(list[0].ID, 10)+"/read", nil); res.StatusCode != seeOther {
		t.Errorf("marking read: %d", res.StatusCode)
	}
	if res := e.get(focal, "/notifications"); !strings.Contains(res.Body, "Tüm bildirimler okundu.") {
		t.Error("still unread after marking it read")
	}

	// Settings: daily by default, then weekly; a stale form is refused
	// with the stored choice shown.
	res = e.get(focal, "/notifications/settings")
	if !strings.Contains(res.Body, `value="daily" checked`) || !strings.Contains(res.Body, "Deneme Platformu") {
		t.Errorf("settings page:\n%s", res.Body)
	}
	if res := e.post(focal, "/notifications/settings", url.Values{"digest": {"weekly"}, "version": {"0"}}); res.StatusCode != seeOther {
		t.Fatalf("saving settings: %d", res.StatusCode)
	}
	res = e.post(focal, "/notifications/settings", url.Values{"digest": {"off"}, "version": {"0"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, `value="weekly" checked`) || !strings.Contains(res.Body, `name="version" value="1"`) {
		t.Errorf("a stale form: %d\n%s", res.StatusCode, res.Body)
	}
	res = e.post(focal, "/notifications/settings", url.Values{"digest": {"hourly"}, "version": {"1"}})
	if res.StatusCode != invalid || !strings.Contains(res.Body, `id="f-digest-error"`) || !strings.Contains(res.Body, `href="#f-digest"`) {
		t.Errorf("a wrong choice: %d", res.StatusCode)
	}
	// Unfollowing from the settings page.
	if res := e.post(focal, "/unfollow/space/"+strconv.Itoa(testPublicSpace), url.Values{"next": {"/notifications/settings"}}); res.StatusCode != seeOther {
		t.Errorf("unfollow: %d", res.StatusCode)
	}
	if ok, _ := e.srv.notify.Following(e.actorOf(focalEmail), notify.Space, testPublicSpace); ok {
		t.Error("still following")
	}
}

// httptestRequest is a request carrying the account's actor, for
// helpers that take one.
func httptestRequest(e *testEnv, email string) *http.Request {
	r, _ := http.NewRequest(http.MethodGet, "/", nil)
	return r.WithContext(e.actorOf(email))
}

// TestNotifyUnsubscribeWithoutSigningIn reads the unsubscribe link of a
// real mail, opens it without an account (nothing changes), then posts
// as a mail program's one-click would; a forged link is not found.
func TestNotifyUnsubscribeWithoutSigningIn(t *testing.T) {
	e := newEnv(t)
	ctx := e.actorOf(viewerEmail)
	if err := e.srv.notify.Follow(ctx, notify.Space, testPublicSpace); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.notify.SetDigest(ctx, notify.Immediate, 0); err != nil {
		t.Fatal(err)
	}
	e.srv.notify.BaseURL = e.ts.URL
	e.publishSpaceEvent(testPublicSpace)
	n, err := e.srv.notify.SendDue(context.Background(), e.srv.mail, time.Now())
	if err != nil || n != 1 {
		t.Fatalf("SendDue: %d, %v", n, err)
	}
	msgs := e.mail.Wait(1, 5*time.Second)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Raw, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") {
		t.Fatalf("mail: %+v", msgs)
	}
	_, rest, _ := strings.Cut(msgs[0].Body, e.ts.URL+"/unsubscribe/")
	path := "/unsubscribe/" + strings.Fields(rest)[0]
	anon := e.client()
	res := e.get(anon, path)
	if res.StatusCode != ok || !strings.Contains(res.Body, "v•••@test.birlik") || !strings.Contains(res.Body, `action="`+path+`"`) {
		t.Fatalf("the link's page: %d\n%s", res.StatusCode, res.Body)
	}
	if st, _ := e.srv.notify.Settings(ctx); st.Digest != notify.Immediate {
		t.Errorf("opening the link changed the setting to %s", st.Digest)
	}
	// The one-click POST of RFC 8058: from a mail server, no browser
	// headers, no session.
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res = e.do(anon, req)
	if res.StatusCode != ok || !strings.Contains(res.Body, "v•••@test.birlik") {
		t.Fatalf("one-click: %d\n%s", res.StatusCode, res.Body)
	}
	if st, _ := e.srv.notify.Settings(ctx); st.Digest != notify.Off {
		t.Errorf("after one-click: %s", st.Digest)
	}
	forged := path[:len(path)-2] + "xx"
	for _, p := range []string{forged, "/unsubscribe/" + strconv.FormatInt(e.users[adminEmail].ID, 10) + path[strings.Index(path, "."):]} {
		if res := e.get(anon, p); res.StatusCode != notFound {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
		if res := e.post(anon, p, nil); res.StatusCode != notFound {
			t.Errorf("POST %s: %d", p, res.StatusCode)
		}
	}
	if st, _ := e.srv.notify.Settings(e.actorOf(adminEmail)); st.Digest != notify.Daily {
		t.Errorf("a forged link changed the admin's setting to %s", st.Digest)
	}
}

// TestNotifyHeaderCount renders the header's partial: a link to the
// notifications, with the number unread when there are any.
func TestNotifyHeaderCount(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		n    int
		want []string
		not  string
	}{
		{0, []string{`href="/notifications"`, "Bildirimler"}, "badge"},
		{3, []string{`href="/notifications"`, `<span class="badge">3`, "okunmamış"}, ""},
	} {
		var buf strings.Builder
		if err := e.srv.tpl.pages["tr"]["notifications/list"].ExecuteTemplate(&buf, "notify-count", c.n); err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("count %d: %q lacks %q", c.n, buf.String(), w)
			}
		}
		if c.not != "" && strings.Contains(buf.String(), c.not) {
			t.Errorf("count %d: %q holds %q", c.n, buf.String(), c.not)
		}
	}
}
