package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Browser tests of the public-life survey pages: every page in every
// language with axe-core, for JavaScript errors and CSP violations, and
// on a 360 px phone; entering a survey on a phone with taps on the +
// buttons and seeing the site's figures change; a draft put back after a
// reload; the form with JavaScript off. See browser_test.go for the
// harness, surveys_test.go for the fixtures.

func surveysBrowserPages() []browserPage {
	return []browserPage{
		{name: "site's surveys", path: "/streets/sites/1/surveys"},
		{name: "site's surveys to its focal point", as: focalEmail, path: "/streets/sites/1/surveys"},
		{name: "draft site's surveys", as: focalEmail, path: "/streets/sites/4/surveys"},
		{name: "before and after", path: "/streets/sites/1/compare"},
		{name: "before only", as: adminEmail, path: "/streets/sites/4/compare"},
		{name: "survey", path: "/streets/surveys/1"},
		{name: "survey to its editor", as: focalEmail, path: "/streets/surveys/2"},
		{name: "new survey", as: focalEmail, path: "/streets/sites/1/surveys/new"},
		{name: "new survey refused", as: focalEmail, open: func(b *browser) {
			b.visit("/streets/sites/1/surveys/new")
			b.eval(`document.getElementById("f-location").value = "new"; document.getElementById("f-location_name").value = ""; true`, nil)
			b.submit(".survey-actions button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "survey form", as: focalEmail, path: "/streets/surveys/1/edit"},
		{name: "survey import", as: focalEmail, path: "/streets/sites/1/surveys/import"},
		{name: "survey import refused", as: focalEmail, open: func(b *browser) {
			b.visit("/streets/sites/1/surveys/import")
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
	}
}

// TestBrowserSurveyPages checks every survey page in every language,
// then on a phone screen, like TestBrowserPages.
func TestBrowserSurveyPages(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	checkPages(t, e, surveysBrowserPages())
}

// tap clicks a counter's + (or −) button n times, as a thumb would.
func (b *browser) tap(field string, more bool, n int) {
	b.t.Helper()
	sel := "#" + field + " ~ .counter__btn--more"
	if !more {
		sel = ".counter__btn--less:has(+ #" + field + ")"
	}
	for range n {
		b.do(chromedp.Click(chromedp.CSS(sel)))
	}
}

// inputValue returns the value of the field with the id.
func (b *browser) inputValue(id string) string {
	b.t.Helper()
	var v string
	b.eval(`document.getElementById(`+strconv.Quote(id)+`).value`, &v)
	return v
}

// focalOnPhone is a tab on a 360 px phone, signed in as an account like
// Kadıköy's focal point, in lang.
func focalOnPhone(t *testing.T, lang string) *browser {
	t.Helper()
	startChromium(t)
	b := newBrowser(t, newEnv(t))
	b.phone()
	b.signIn(b.accountLike(focalEmail))
	b.language(lang)
	return b
}

// childrenReached reads the programme page's figure of children reached.
func (b *browser) childrenReached() string {
	b.t.Helper()
	b.visit("/streets?lang=tr")
	var v string
	b.eval(`(() => { for (const li of document.querySelectorAll(".figures .figure")) {
	  if (li.querySelector(".figure__label").textContent.includes("çocu")) return li.querySelector(".figure__value").textContent.trim(); }
	  return ""; })()`, &v)
	return v
}

// TestBrowserSurveyOnPhone enters a survey on a 360 px phone as
// Kadıköy's focal point, by tapping the + buttons, starts the clock,
// saves, and sees the comparison and the programme's children reached
// change; the draft kept while counting is forgotten once saved.
func TestBrowserSurveyOnPhone(t *testing.T) {
	b := focalOnPhone(t, "tr")
	children := b.childrenReached()
	b.visit("/streets/sites/1/compare?lang=en")
	before := b.html("figure.survey-chart svg")
	staying := b.html(".survey-chart__table tbody tr")

	b.visit("/streets/sites/1/surveys/new")
	b.checkFits("counting form on a phone")
	// The buttons are thumb-size.
	var size struct{ W, H float64 }
	b.eval(`(() => { const r = document.querySelector(".counter__btn--more").getBoundingClientRect(); return {w: r.width, h: r.height}; })()`, &size)
	if size.W < 44 || size.H < 44 {
		t.Errorf("the + button is %.0f×%.0f px, want at least 44×44", size.W, size.H)
	}
	b.do(chromedp.Click(chromedp.CSS("#survey-clock-start")))
	if b.inputValue("f-start") == "" || b.inputValue("f-stop") != "" {
		t.Errorf("the clock did not fill the start time: start %q stop %q", b.inputValue("f-start"), b.inputValue("f-stop"))
	}
	// Counted: 25 children of 5-14 and 5 adults, 18 girls and women and
	// 12 boys and men, 30 playing.
	b.tap("f-age_5_14", true, 26)
	b.tap("f-age_5_14", false, 1)
	b.tap("f-age_25_44", true, 5)
	b.tap("f-gender_female", true, 18)
	b.tap("f-gender_male", true, 12)
	b.tap("f-activity_playing", true, 30)
	if v := b.inputValue("f-age_5_14"); v != "25" {
		t.Errorf("after 26 taps on + and one on −, the counter shows %q", v)
	}
	if total := b.html("#survey-total"); !strings.Contains(total, ">30<") {
		t.Errorf("running total: %s", total)
	}
	var said string
	b.eval(`new Promise(r => setTimeout(() => r(document.getElementById("survey-announce").textContent), 100))`, &said)
	if !strings.Contains(said, "Oynama") && !strings.Contains(said, "30") {
		t.Errorf("announced %q after the last tap", said)
	}
	var kept bool
	b.eval(`Object.keys(localStorage).some(k => k.startsWith("birlik.survey-draft."))`, &kept)
	if !kept {
		t.Error("no draft kept while counting")
	}
	b.do(chromedp.Click(chromedp.CSS("#survey-clock-stop")))
	// The clock ran for seconds: set a half hour, as a count lasts.
	b.eval(`document.getElementById("f-start").value = "09:00"; document.getElementById("f-stop").value = "09:30"; true`, nil)
	b.submit(".survey-actions button[type=submit]", http.StatusOK)
	if loc := b.location(); !strings.HasPrefix(loc, "/streets/surveys/") || !strings.Contains(loc, "saved=") {
		t.Fatalf("after saving: %s", loc)
	}
	b.eval(`Object.keys(localStorage).some(k => k.startsWith("birlik.survey-draft."))`, &kept)
	if kept {
		t.Error("the draft is still kept after the server confirmed the save")
	}
	b.checkPage("survey saved, on a phone")

	b.visit("/streets/sites/1/compare?lang=en")
	if after := b.html(".survey-chart__table tbody tr"); after == staying {
		t.Errorf("people staying per hour did not change: %s", after)
	}
	if after := b.html("figure.survey-chart svg"); after == before {
		t.Error("the chart did not change")
	}
	if now := b.childrenReached(); now == children {
		t.Errorf("children reached is still %s on the programme page", now)
	}
}

// TestBrowserSurveyDraft counts, reloads the page (as a phone does that
// lost its connection and came back), and finds the counts put back with
// a notice; discarding the draft empties the form.
func TestBrowserSurveyDraft(t *testing.T) {
	b := focalOnPhone(t, "en")
	b.visit("/streets/sites/1/surveys/new")
	if notice := b.html("#survey-draft-notice"); !strings.Contains(notice, "hidden") {
		t.Error("a fresh form shows the draft notice")
	}
	b.tap("f-gender_female", true, 4)
	b.fill("#f-surveyor", "Ece Sayar")
	b.visit("/streets/sites/1/surveys/new")
	if v := b.inputValue("f-gender_female"); v != "4" {
		t.Errorf("after a reload the counter shows %q, want 4", v)
	}
	if v := b.inputValue("f-surveyor"); v != "Ece Sayar" {
		t.Errorf("after a reload the surveyor is %q", v)
	}
	if notice := b.html("#survey-draft-notice"); strings.Contains(notice, "hidden") {
		t.Error("the restored draft is not announced")
	}
	if total := b.html("#survey-total"); !strings.Contains(total, ">4<") {
		t.Errorf("the total after restoring: %s", total)
	}
	b.checkPage("counting form with a restored draft")
	b.do(chromedp.Click(chromedp.CSS("#survey-draft-discard")))
	if v := b.inputValue("f-gender_female"); v != "0" {
		t.Errorf("after discarding, the counter shows %q", v)
	}
	b.visit("/streets/sites/1/surveys/new")
	if v := b.inputValue("f-gender_female"); v != "0" {
		t.Errorf("a discarded draft came back: %q", v)
	}
	// A draft older than a month is forgotten, not restored.
	b.eval(`localStorage.setItem("birlik.survey-draft.00000000000000aa", JSON.stringify({scope: "site-1",
	  saved: Date.now() - 40*24*3600*1000, values: {gender_female: "9"}})); true`, nil)
	b.visit("/streets/sites/1/surveys/new")
	var stale bool
	b.eval(`localStorage.getItem("birlik.survey-draft.00000000000000aa") !== null`, &stale)
	if v := b.inputValue("f-gender_female"); v != "0" || stale {
		t.Errorf("a draft of 40 days ago: counter %q, still kept %v", v, stale)
	}
	// A refused form keeps what was typed, and keeps it as the draft.
	b.tap("f-gender_male", true, 3)
	b.eval(`document.getElementById("f-stop").value = "00:01"; document.getElementById("f-start").value = "10:00"; true`, nil)
	b.submit(".survey-actions button[type=submit]", http.StatusUnprocessableEntity)
	if v := b.inputValue("f-gender_male"); v != "3" {
		t.Errorf("the refused form shows %q men", v)
	}
	b.visit("/streets/sites/1/surveys/new")
	if v := b.inputValue("f-gender_male"); v != "3" {
		t.Errorf("after a refused form and a reload the counter shows %q", v)
	}
}

// TestBrowserSurveyWithoutJavaScript enters a survey with JavaScript off:
// number fields, no buttons, and the survey is saved.
func TestBrowserSurveyWithoutJavaScript(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e, withoutJavaScript())
	b.signIn(focalEmail)
	b.language("tr")
	b.visit("/streets/sites/1/surveys/new")
	if s := b.html("main"); strings.Contains(s, "counter__btn") || !strings.Contains(s, `type="number"`) {
		t.Fatal("without JavaScript the counters are not plain number fields")
	}
	// The clock and the draft's notices need the script: hidden, and not
	// shown by a style that would override hidden.
	var shown []string
	b.eval(`["survey-clock", "survey-draft-notice", "survey-offline"].filter(id => getComputedStyle(document.getElementById(id)).display !== "none")`, &shown)
	if len(shown) > 0 {
		t.Errorf("without JavaScript these show: %v", shown)
	}
	b.fill("#f-gender_female", "7")
	b.fill("#f-age_0_4", "2")
	// Without times the form comes back refused, with the counts kept.
	b.submit(".survey-actions button[type=submit]", http.StatusUnprocessableEntity)
	if s := b.html("#f-gender_female"); !strings.Contains(s, `value="7"`) {
		t.Errorf("the refused form lost a count: %s", s)
	}
	// Chromium's time fields take digits segment by segment; "A" picks
	// the morning where the field shows a 12-hour clock.
	b.fill("#f-start", "0900A")
	b.fill("#f-stop", "0930A")
	b.submit(".survey-actions button[type=submit]", http.StatusOK)
	if loc := b.location(); !strings.HasPrefix(loc, "/streets/surveys/") {
		t.Fatalf("after saving without JavaScript: %s %s", loc, b.html("#error-summary"))
	}
	if s := b.html("main"); !strings.Contains(s, "<td class=\"num\">7</td>") {
		t.Errorf("the saved survey: %s", s)
	}
	b.checkClean("survey without JavaScript")
}

// TestBrowserSurveyOffline sends the form while the phone is offline:
// the page stays, says so, and keeps the draft; back online, the same
// form is sent and saved.
func TestBrowserSurveyOffline(t *testing.T) {
	b := focalOnPhone(t, "en")
	b.visit("/streets/sites/1/surveys/new")
	b.tap("f-gender_female", true, 2)
	b.eval(`document.getElementById("f-start").value = "09:00"; document.getElementById("f-stop").value = "09:20"; true`, nil)
	b.eval(`Object.defineProperty(navigator, "onLine", {get: () => false, configurable: true}); window.dispatchEvent(new Event("offline")); true`, nil)
	b.do(chromedp.Click(chromedp.CSS(".survey-actions button[type=submit]")))
	var state struct {
		Path   string
		Notice bool
		Kept   bool
	}
	b.eval(`new Promise(r => setTimeout(() => r({path: location.pathname,
	  notice: getComputedStyle(document.getElementById("survey-offline")).display !== "none",
	  kept: Object.keys(localStorage).some(k => k.startsWith("birlik.survey-draft."))}), 300))`, &state)
	if state.Path != "/streets/sites/1/surveys/new" || !state.Notice || !state.Kept {
		t.Fatalf("sent offline: on %s, notice shown %v, draft kept %v", state.Path, state.Notice, state.Kept)
	}
	b.checkPage("counting form sent offline")
	b.eval(`Object.defineProperty(navigator, "onLine", {get: () => true, configurable: true}); window.dispatchEvent(new Event("online")); true`, nil)
	b.submit(".survey-actions button[type=submit]", http.StatusOK)
	if loc := b.location(); !strings.HasPrefix(loc, "/streets/surveys/") {
		t.Errorf("back online, the form led to %s", loc)
	}
}
