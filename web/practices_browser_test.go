package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Browser tests of the practices library: every page in every language
// with axe-core, for JavaScript errors and CSP violations, and on a 360 px
// phone; and finding a practice by a Turkish query with a suffix
// ("göçmenlere" finds "Göçmen kadınlar…"). See browser_test.go for the
// harness, practices_test.go for the fixtures.

// practicesBrowserPages are the practices pages, as browserPages lists
// the others.
func practicesBrowserPages() []browserPage {
	return []browserPage{
		{name: "practices library", path: "/practices"},
		{name: "practices found with a facet", path: "/practices?q=g%C3%B6%C3%A7menlere&group=women"},
		{name: "practices: nothing found", path: "/practices?q=uzayda"},
		{name: "practices library of a focal point, with drafts", as: focalEmail, path: "/practices"},
		{name: "practice", path: "/practices/1"},
		{name: "practice draft", as: focalEmail, path: "/practices/3"},
		{name: "practice in French", path: "/practices/5", as: adminEmail},
		{name: "new practice", as: focalEmail, path: "/practices/new"},
		{name: "new practice by staff", as: coordinatorEmail, path: "/practices/new"},
		{name: "practice form", as: focalEmail, path: "/practices/1/edit"},
		{name: "practice refused", as: focalEmail, open: func(b *browser) {
			b.visit("/practices/new")
			b.fill("#f-title", "Deneme")
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "practices of a space", path: "/spaces/migration-platform/practices"},
		{name: "practices of a private space", as: focalEmail, path: "/spaces/" + practicesPrivateSpace + "/practices"},
	}
}

// TestBrowserPracticesPages checks every practices page in every
// language, then on a phone screen, like TestBrowserPages.
func TestBrowserPracticesPages(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	checkPages(t, e, practicesBrowserPages())
}

// TestBrowserFindPractice types "göçmenlere" into the library's search
// box and finds the practice whose title says "Göçmen", marked, then
// opens it; on a desktop and on a phone.
func TestBrowserFindPractice(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	for _, phone := range []bool{false, true} {
		name := "desktop"
		if phone {
			name = "phone"
		}
		t.Run(name, func(t *testing.T) {
			b := newBrowser(t, e)
			if phone {
				b.phone()
			}
			b.language("tr")
			b.visit("/practices")
			b.fill("#f-q", "göçmenlere")
			b.submit("form.filters button[type=submit]", http.StatusOK)
			if s := b.html(".result-count"); !strings.Contains(s, "1 uygulama") {
				t.Errorf("count: %s", s)
			}
			if s := b.html(".practice-results"); !strings.Contains(s, "<mark>Göçmen</mark>") {
				t.Errorf("the match is not marked: %s", s)
			}
			b.checkPage("practices found by göçmenlere")
			b.navigateBy(chromedp.Click(chromedp.CSS(".practice-results a")), http.StatusOK, "open the practice")
			var h1 string
			b.eval(`document.querySelector("h1").textContent`, &h1)
			if h1 != fixtureOwnPracticeTitle {
				t.Errorf("opened %q", h1)
			}
		})
	}
}
