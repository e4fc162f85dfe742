package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Browser tests of the meetings pages: every page in every language with
// axe-core, for JavaScript errors and CSP violations, and on a 360 px
// phone; registering for a meeting with an accessibility need, as a
// person would. See browser_test.go for the harness and meetings_test.go
// for the fixtures.

// registerForMeeting links the tab's account to a new person and
// registers them for the fixture meeting with a need, through the form.
func registerForMeeting(b *browser) {
	b.t.Helper()
	n := strconv.Itoa(int(tabSeq.Add(1)))
	person := b.e.createPerson("Selin", "Kaya"+n, "selin.kaya"+n+"@fixture.test.birlik", ownOrg)
	b.e.linkPerson(b.own, person)
	path := "/meetings/" + strconv.Itoa(fixtureMeeting)
	b.visit(path)
	b.do(chromedp.Click(chromedp.CSS("#f-step_free")))
	b.do(chromedp.SendKeys(chromedp.CSS("#f-other_needs"), "Büyük puntolu belgeler"))
	b.submit("form[action$='/registrations'] button[type=submit]", http.StatusOK)
	if loc := b.location(); !strings.HasPrefix(loc, path) {
		b.t.Fatalf("registering led to %s", loc)
	}
	if html := b.html("#registration"); !strings.Contains(html, "/cancel") || !strings.Contains(html, "Büyük puntolu belgeler") {
		b.t.Errorf("after registering, the page does not show the registration: %s", html)
	}
}

func meetingsBrowserPages() []browserPage {
	m := "/meetings/" + strconv.Itoa(fixtureMeeting)
	past := "/meetings/" + strconv.Itoa(fixturePastMeeting)
	sp := "/spaces/" + meetingPublicSpace
	return []browserPage{
		{name: "meetings of a space", path: sp + "/meetings"},
		{name: "meeting", path: m},
		{name: "meeting for a focal point", as: focalEmail, path: m},
		{name: "meeting for staff", as: coordinatorEmail, path: m},
		{name: "past meeting", path: past},
		{name: "new meeting", as: coordinatorEmail, path: sp + "/meetings/new"},
		{name: "meeting form", as: adminEmail, path: m + "/edit"},
		{name: "meeting refused", as: coordinatorEmail, open: func(b *browser) {
			b.visit(sp + "/meetings/new")
			b.fill("#f-title", "")
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "attendance", as: coordinatorEmail, path: past + "/attendance"},
		{name: "minutes, decisions and actions", as: coordinatorEmail, path: past + "/minutes"},
		{name: "follow-up actions", path: sp + "/actions"},
		{name: "follow-up actions for staff", as: adminEmail, path: sp + "/actions"},
		{name: "registering for a meeting", as: committeeEmail, open: registerForMeeting},
	}
}

func TestBrowserMeetingsPages(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	checkPages(t, e, meetingsBrowserPages())
}
