package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Browser tests of the needs and recommendations pages: every page in
// every language with axe-core, for JavaScript errors and CSP violations,
// and on a 360 px phone; and raising a need as a focal point and
// answering it with a published recommendation as the staff, as people
// would. See browser_test.go for the harness and needs_test.go for the
// fixtures.

// raiseAndAnswer raises a need through the form as the tab's focal
// point, then, signed in as a coordinator, drafts a recommendation from
// the need's page and publishes it; the need's page then shows it
// answered. Every page on the way is checked.
func raiseAndAnswer(b *browser) {
	b.t.Helper()
	sp := "/spaces/" + needsPublicSpace
	title := "Engelli bireyler için erişilebilir ulaşım " + strconv.Itoa(int(tabSeq.Add(1)))
	b.visit(sp + "/needs/new")
	b.fill("#f-title", title)
	b.do(chromedp.SendKeys(chromedp.CSS("#f-description"), "Servis araçları yetersiz."))
	b.do(chromedp.Click(chromedp.CSS("#f-themes-health")), chromedp.Click(chromedp.CSS("#f-groups-persons_with_disabilities")))
	b.fill("#f-people_affected", "450")
	b.do(chromedp.SetValue(chromedp.CSS("#f-urgency"), "high"))
	b.submit("main form button[type=submit]", http.StatusOK)
	need := b.location()
	if !strings.HasPrefix(need, "/needs/") {
		b.t.Fatalf("raising a need led to %s", need)
	}
	b.checkPage("a need just raised")

	b.signIn(b.accountLike(coordinatorEmail))
	b.visit(need)
	b.submit("form[action$='/review'] button[type=submit]", http.StatusOK)
	b.submit("a[href*='/recommendations/new?needs=']", http.StatusOK)
	b.checkPage("a recommendation answering a need")
	b.fill("#f-title", "Erişilebilir ulaşım için ortak hizmet modeli")
	b.do(chromedp.SendKeys(chromedp.CSS("#f-summary"), "Belediyeler arası ortak araç havuzu."))
	b.do(chromedp.SetValue(chromedp.CSS("#f-level"), "union"), chromedp.Click(chromedp.CSS("#f-rights-public_services")))
	b.submit("main form button[type=submit]", http.StatusOK)
	rec := b.location()
	if !strings.HasPrefix(rec, "/recommendations/") {
		b.t.Fatalf("drafting led to %s", rec)
	}
	b.do(chromedp.SetValue(chromedp.CSS("#f-publication"), "public"))
	b.submit("form[action$='/publish'] button[type=submit]", http.StatusOK)
	b.checkPage("a recommendation just published")
	b.visit(need)
	if html := b.html("main"); !strings.Contains(html, "/recommendations/") || !strings.Contains(html, "Erişilebilir ulaşım için ortak hizmet modeli") {
		b.t.Errorf("the need's page does not show the recommendation answering it")
	}
	b.signIn(b.own)
	b.visit(need)
}

func needsBrowserPages() []browserPage {
	sp := "/spaces/" + needsPublicSpace
	own := "/needs/" + strconv.Itoa(fixtureOwnNeed)
	rec := "/recommendations/" + strconv.Itoa(fixturePublicRec)
	draft := "/recommendations/" + strconv.Itoa(fixtureDraftRec)
	return []browserPage{
		{name: "needs across spaces", as: focalEmail, path: "/needs"},
		{name: "needs of a space, filtered", as: coordinatorEmail, path: sp + "/needs?status=submitted&theme=migration&q=t%C3%BCrk%C3%A7e"},
		{name: "need", as: focalEmail, path: own},
		{name: "need for another municipality", as: otherFocalEmail, path: own},
		{name: "need for staff", as: coordinatorEmail, path: own},
		{name: "need co-signed", as: otherFocalEmail, open: func(b *browser) {
			b.visit(own)
			if !strings.Contains(b.html("main"), "/uncosign") {
				b.fill("#f-people_affected", "120")
				b.submit("form[action$='/cosign'] button[type=submit]", http.StatusOK)
			}
			if !strings.Contains(b.html("main"), "/uncosign") {
				b.t.Error("after saying it has the need too, the page offers no way to withdraw it")
			}
		}},
		{name: "new need", as: focalEmail, path: sp + "/needs/new"},
		{name: "new need for staff", as: adminEmail, path: sp + "/needs/new"},
		{name: "need refused", as: focalEmail, open: func(b *browser) {
			b.visit(sp + "/needs/new")
			b.fill("#f-people_affected", "çok")
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "need form", as: focalEmail, path: own + "/edit"},
		{name: "needs dashboard of a space", as: focalEmail, path: sp + "/needs/dashboard"},
		{name: "needs dashboard", as: coordinatorEmail, path: "/needs/dashboard"},
		{name: "recommendations", path: "/recommendations"},
		{name: "recommendations of a space", as: coordinatorEmail, path: sp + "/recommendations"},
		{name: "recommendation", path: rec},
		{name: "recommendation for a focal point", as: focalEmail, path: rec},
		{name: "recommendation for staff", as: coordinatorEmail, path: rec},
		{name: "draft recommendation", as: adminEmail, path: draft},
		{name: "recommendation version", path: rec + "/versions/1"},
		{name: "new recommendation", as: coordinatorEmail, path: sp + "/recommendations/new?needs=1"},
		{name: "recommendation form", as: coordinatorEmail, path: rec + "/edit"},
		{name: "recommendation refused", as: coordinatorEmail, open: func(b *browser) {
			b.visit(sp + "/recommendations/new")
			b.fill("#f-needs", "bir, iki")
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "raising a need and answering it", as: focalEmail, open: raiseAndAnswer},
	}
}

func TestBrowserNeedsPages(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	checkPages(t, e, needsBrowserPages())
}
