package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"birlik/notify"
)

// TestMeetingNotices: the followers of a space hear of a new meeting in
// it, and of its minutes, each in their own language.
func TestMeetingNotices(t *testing.T) {
	e := newEnv(t)
	sp, err := e.srv.spaces.BySlug(e.actorOf(adminEmail), meetingPublicSpace)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.srv.notify.Follow(e.actorOf(focalEmail), notify.Space, sp.ID); err != nil {
		t.Fatal(err)
	}
	starts := time.Date(2027, 3, 4, 10, 0, 0, 0, e.srv.loc)
	res := e.post(e.signedIn(adminEmail), "/spaces/"+meetingPublicSpace+"/meetings", url.Values{
		"title": {"Gençlik meclisleri buluşması"}, "format": {"in_person"}, "place": {"Nilüfer Kültür Merkezi"},
		"starts_at": {starts.Format(localLayout)}, "ends_at": {starts.Add(2 * time.Hour).Format(localLayout)},
		"registration_open": {"1"},
	})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.StatusCode, excerpt(res.Body))
	}
	path := res.Header.Get("Location")
	if res := e.post(e.signedIn(adminEmail), path+"/minutes", url.Values{"minutes": {"Gençlik meclisleri konuşuldu."}, "version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("minutes: %d\n%s", res.StatusCode, excerpt(res.Body))
	}
	ns, _, err := e.srv.notify.List(e.actorOf(focalEmail), notify.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, n := range ns {
		if n.URL != path {
			t.Errorf("notice %q links to %s, want %s", n.Key, n.URL, path)
		}
		texts = append(texts, n.Text(e.srv.cat.Lang("en")))
	}
	got := strings.Join(texts, "\n")
	for _, want := range []string{"Gençlik meclisleri buluşması, 4 March 2027", "The minutes of Gençlik meclisleri buluşması were published."} {
		if !strings.Contains(got, want) {
			t.Errorf("the follower's notices lack %q:\n%s", want, got)
		}
	}
}
