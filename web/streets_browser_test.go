package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser tests of the Reclaiming Streets pages: every page in every
// language with axe-core, for JavaScript errors and CSP violations, and
// on a 360 px phone; and a focal point drawing a site on the map and
// seeing the programme's totals change. See streets_test.go for the
// fixtures.

func streetsBrowserPages() []browserPage {
	return []browserPage{
		{name: "streets programme", path: "/streets"},
		{name: "streets dashboard", path: "/streets/dashboard"},
		{name: "streets dashboard filtered and sorted", path: "/streets/dashboard?province=istanbul&sort=-area"},
		{name: "streets map", path: "/streets/map"},
		{name: "streets map of a city", path: "/streets/map?province=bursa"},
		{name: "street sites", path: "/streets/sites"},
		{name: "street sites with drafts", as: coordinatorEmail, path: "/streets/sites?phase=baseline"},
		{name: "street site", path: "/streets/sites/1"},
		{name: "street site to its focal point", as: focalEmail, path: "/streets/sites/1"},
		{name: "street site draft", as: adminEmail, path: "/streets/sites/2"},
		{name: "new street site", as: focalEmail, path: "/streets/sites/new"},
		{name: "new street site by staff", as: coordinatorEmail, path: "/streets/sites/new"},
		{name: "street site form", as: focalEmail, path: "/streets/sites/1/edit"},
		{name: "street site refused", as: focalEmail, open: func(b *browser) {
			b.visit("/streets/sites/new")
			b.fill("#f-name", "Deneme")
			b.do(chromedp.SetValue(chromedp.CSS("#f-geometry"), `{"type":"Polygon","coordinates":[[[29.03,40.985],[29.031,40.9858],[29.031,40.985],[29.0302,40.9856],[29.03,40.985]]]}`))
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "street cycles", path: "/streets/cycles"},
		{name: "street cycle", path: "/streets/cycles/1"},
		{name: "street cycle to staff", as: adminEmail, path: "/streets/cycles/1"},
		{name: "street cycle to a focal point", as: focalEmail, path: "/streets/cycles/1"},
		{name: "new street cycle", as: adminEmail, path: "/streets/cycles/new"},
		{name: "street cycle form", as: coordinatorEmail, path: "/streets/cycles/1/edit"},
		{name: "street targets", path: "/streets/targets"},
		{name: "street targets to staff", as: adminEmail, path: "/streets/targets"},
		{name: "new street target", as: adminEmail, path: "/streets/targets/new"},
		{name: "street target form", as: adminEmail, path: "/streets/targets/1/edit"},
	}
}

// TestBrowserStreetsPages checks every streets page in every language,
// then on a phone screen, like TestBrowserPages.
func TestBrowserStreetsPages(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	checkPages(t, e, streetsBrowserPages())
}

// figureValues reads the programme page's figures, in order: streets,
// area, municipalities, cities, children.
func figureValues(b *browser) []string {
	b.t.Helper()
	var out []string
	b.eval(`Array.from(document.querySelectorAll(".figure__value")).map(e => e.textContent.trim())`, &out)
	return out
}

// waitFor polls a JavaScript condition for up to five seconds.
func waitFor(b *browser, cond, what string) {
	b.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var done bool
		b.eval(cond, &done)
		if done {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waiting for %s at %s", what, b.location())
		}
	}
}

// TestBrowserDrawSite: a focal point pastes a street's GeoJSON into the
// site form, draws a second polygon next to it with clicks on the map,
// closes it, saves, and sees the programme's streets and m² grow.
func TestBrowserDrawSite(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e)
	b.language("en")
	b.visit("/streets")
	before := figureValues(b)
	b.signIn(focalEmail)
	b.visit("/streets/sites/new")
	b.fill("#f-name", "Yeldeğirmeni play street")
	b.do(chromedp.SetValue(chromedp.CSS("#f-cycle_id"), "1"), chromedp.SetValue(chromedp.CSS("#f-intervention"), "play_street"),
		chromedp.SetValue(chromedp.CSS("#f-phase"), "tactical"))
	b.fill("#f-phase_date_tactical", "09012025") // the date control takes the digits in the page's order (en: mm dd yyyy)
	b.do(chromedp.Click(chromedp.CSS("#f-published")))
	// Pasted GeoJSON is drawn on the map, which then shows it.
	b.eval(`(() => { const a = document.querySelector("#f-geometry"); a.value = `+strconv.Quote(streetRect(29.0290, 40.9905, 100, 20))+`;
		a.dispatchEvent(new Event("change")); return true })()`, nil)
	waitFor(b, `document.querySelector(".site-draw[data-ready]") !== null && document.querySelectorAll("path.site-draw__polygon").length === 1`, "the pasted street on the map")
	// Three clicks below the street, then close the polygon.
	var box struct{ X, Y, W, H float64 }
	b.eval(`(() => { const m = document.querySelector(".site-draw__map"); m.scrollIntoView({block: "center"}); const r = m.getBoundingClientRect(); return {X: r.x, Y: r.y, W: r.width, H: r.height} })()`, &box)
	cx, cy := box.X+box.W/2, box.Y+box.H/2
	for _, p := range [][2]float64{{cx - 30, cy + 60}, {cx + 30, cy + 60}, {cx, cy + 110}} {
		b.do(chromedp.MouseClickXY(p[0], p[1]))
	}
	waitFor(b, `document.querySelectorAll("path.site-draw__corner").length === 3`, "three corners")
	b.do(chromedp.Click(chromedp.Search(`//button[normalize-space(.)="Close the polygon"]`)))
	var geometry string
	b.eval(`document.querySelector("#f-geometry").value`, &geometry)
	if !strings.Contains(geometry, `"MultiPolygon"`) {
		t.Fatalf("after drawing, the textarea holds %s", geometry)
	}
	b.checkPage("site drawn")
	b.submit("main form button[type=submit]", http.StatusOK)
	var h1 string
	b.eval(`document.querySelector("h1").textContent`, &h1)
	if loc := b.location(); !strings.HasPrefix(loc, "/streets/sites/") || h1 != "Yeldeğirmeni play street" {
		t.Fatalf("saved to %s, showing %q", loc, h1)
	}
	b.visit("/streets")
	after := figureValues(b)
	if len(before) < 2 || len(after) < 2 {
		t.Fatalf("figures: %v then %v", before, after)
	}
	if before[0] != "1" || after[0] != "2" {
		t.Errorf("streets transformed: %s then %s, want 1 then 2", before[0], after[0])
	}
	area := func(s string) int {
		n, _ := strconv.Atoi(strings.NewReplacer(",", "", " m²", "").Replace(s))
		return n
	}
	// The pasted street is 100 m × 20 m; the drawn triangle adds some.
	if a, b := area(before[1]), area(after[1]); b < a+2000 || b > a+2000+20000 {
		t.Errorf("m² reclaimed: %s then %s", before[1], after[1])
	}
}

// TestBrowserStreetsMap: with JavaScript the map becomes a Leaflet map
// with a marker per published site; without it the drawn map shows the
// same markers, and the table lists the same sites either way.
func TestBrowserStreetsMap(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	t.Run("with JavaScript", func(t *testing.T) {
		b := newBrowser(t, e)
		b.visit("/streets/map")
		waitFor(b, `document.querySelectorAll(".streets-map .leaflet-marker-icon.streets-marker").length === 2`, "two markers on the Leaflet map")
		var hidden bool
		b.eval(`document.querySelector(".streets-map svg.map-svg").hasAttribute("hidden")`, &hidden)
		if !hidden {
			t.Error("the drawn map still shows beside the interactive one")
		}
		b.checkPage("interactive streets map")
	})
	t.Run("without JavaScript", func(t *testing.T) {
		b := newBrowser(t, e, withoutJavaScript())
		b.visit("/streets/map")
		var n struct{ Markers, Rows int }
		b.eval(`({Markers: document.querySelectorAll(".streets-map svg.map-svg use").length, Rows: document.querySelectorAll("table.list-table tbody tr").length})`, &n)
		if n.Markers != 2 || n.Rows != 2 {
			t.Errorf("drawn map: %d markers, %d rows; want 2 and 2", n.Markers, n.Rows)
		}
	})
}
