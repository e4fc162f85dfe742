package web

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"birlik"
	"birlik/staging"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Browser tests of the network pages (places, organisations, people,
// import): every page in every language with axe-core, for JavaScript
// errors and CSP violations (the Leaflet map included), and on a 360 px
// phone; finding a municipality by a Turkish query; editing a person; the
// list's filters by keyboard alone; and the list and map without
// JavaScript. See browser_test.go for the harness.

// waitForMap waits until js/map.js has turned the page's map into a
// Leaflet map, or fails: a map that stays SVG while JavaScript runs is a
// broken upgrade.
func waitForMap(b *browser) {
	b.t.Helper()
	var ok bool
	b.eval(`new Promise(r => { const t0 = Date.now(); (function poll() {
	  if (document.querySelector(".map--interactive .leaflet-interactive")) return r(true);
	  if (Date.now() - t0 > 5000) return r(false);
	  setTimeout(poll, 50); })(); })`, &ok)
	if !ok {
		b.t.Fatalf("%s: the map did not become interactive", b.location())
	}
	var svgHidden bool
	b.eval(`document.querySelector(".map-svg").hasAttribute("hidden")`, &svgHidden)
	if !svgHidden {
		b.t.Errorf("%s: the SVG map stays beside the interactive one", b.location())
	}
}

// uploadFile chooses a file for the file input sel, writing data to a
// temporary file first.
func uploadFile(b *browser, sel, name string, data []byte) {
	b.t.Helper()
	path := filepath.Join(b.t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.t.Fatal(err)
	}
	b.do(chromedp.SetUploadFiles(chromedp.CSS(sel), []string{path}))
}

// sessionToken is the tab's session cookie.
func (b *browser) sessionToken() string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) (network.GetCookiesResult, error) {
		return cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{URLs: []string{b.e.ts.URL}})
	})
	if err != nil {
		b.t.Fatal(err)
	}
	for _, c := range res.Cookies {
		if c.Name == sessionCookie {
			return c.Value
		}
	}
	b.t.Fatal("the tab has no session")
	return ""
}

// actor is the account the tab is signed in with, as an actor.
func (b *browser) actor() birlik.Actor {
	b.t.Helper()
	u, _, err := b.e.accounts.Authenticate(context.Background(), b.sessionToken())
	if err != nil {
		b.t.Fatal(err)
	}
	return u.Actor()
}

// networkBrowserPages are the network pages, as browserPages lists the
// others.
func networkBrowserPages() []browserPage {
	ownP := "/people/" + strconv.Itoa(fixtureOwnPerson)
	mapPage := func(path string) func(b *browser) {
		return func(b *browser) { b.visit(path); waitForMap(b) }
	}
	return []browserPage{
		{name: "organisations", path: "/organisations"},
		{name: "organisations found", path: "/organisations?q=izmit"},
		{name: "organisations filtered and sorted", as: coordinatorEmail, path: "/organisations?province=bursa&sort=-population&per_page=10&page=2"},
		{name: "organisation", path: "/organisations/" + ownOrg},
		{name: "organisation with its people", as: focalEmail, path: "/organisations/" + ownOrg},
		{name: "metropolitan municipality", path: "/organisations/istanbul-bb"},
		{name: "organisation form", as: adminEmail, path: "/organisations/" + ownOrg + "/edit"},
		{name: "organisation form of a focal point", as: focalEmail, path: "/organisations/" + ownOrg + "/edit"},
		{name: "new organisation", as: coordinatorEmail, path: "/organisations/new"},
		{name: "organisation refused", as: coordinatorEmail, open: func(b *browser) {
			b.visit("/organisations/new")
			b.fill("#f-name", "")
			b.fill("#f-email", "yanlış")
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "people", as: adminEmail, path: "/people"},
		{name: "people of a focal point", as: focalEmail, path: "/people"},
		{name: "person", as: adminEmail, path: ownP},
		{name: "person of a focal point", as: focalEmail, path: ownP},
		{name: "person form", as: focalEmail, path: ownP + "/edit"},
		{name: "person: adding a position", as: adminEmail, path: ownP + "?add=position"},
		{name: "person: a refused position", as: adminEmail, open: func(b *browser) {
			b.visit(ownP + "?add=position")
			b.fill("#f-started", "")
			b.submit("form[action$='/affiliations'] button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "new person", as: adminEmail, path: "/people/new"},
		{name: "new person of a focal point", as: focalEmail, path: "/people/new"},
		{name: "person refused", as: focalEmail, open: func(b *browser) {
			b.visit("/people/new")
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "places", open: mapPage("/places")},
		{name: "province", open: mapPage("/places/bursa")},
		{name: "district", path: "/places/bursa-nilufer"},
		{name: "import", as: coordinatorEmail, path: "/import"},
		{name: "import report with errors", as: coordinatorEmail, open: func(b *browser) {
			b.visit("/import")
			uploadFile(b, "#file-organisations", "kurumlar.csv", orgsCSV(",Kötü Tür Vakfı,vakif,,istanbul,,none", ",,ngo,,bursa,posta@,none"))
			b.submit("form[action='/import/organisations'] button[type=submit]", http.StatusUnprocessableEntity)
		}},
		// A large import's status page, while its check runs (with the
		// script that follows it) and after its worker was lost.
		{name: "import running in the background", as: coordinatorEmail, open: func(b *browser) {
			b.visit(b.e.fakeJobIn(b.sessionToken(), "organisations", staging.Checking, 4_000, 12_000))
		}},
		{name: "import stopped in the background", as: coordinatorEmail, open: func(b *browser) {
			path := b.e.fakeJobIn(b.sessionToken(), "people", staging.Saving, 0, 12_000)
			ctx := birlik.WithActor(context.Background(), b.actor())
			id := path[strings.LastIndexByte(path, '/')+1:]
			if err := b.e.srv.stage.Fail(ctx, id, staging.Saving, "error.import.job.stopped", nil); err != nil {
				b.t.Fatal(err)
			}
			b.visit(path)
		}},
		{name: "import report of a clean file", as: coordinatorEmail, open: func(b *browser) {
			b.visit("/import")
			uploadFile(b, "#file-people", "kisiler.csv", []byte("given_name,family_name,org_id\nSelin,Aydın,istanbul-kadikoy\n"))
			b.submit("form[action='/import/people'] button[type=submit]", http.StatusOK)
		}},
	}
}

// TestBrowserNetworkPages checks every network page in every language,
// then on a phone screen, like TestBrowserPages.
func TestBrowserNetworkPages(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	e.setMembers("yalova-il", "bursa-nilufer", "istanbul-kadikoy", "istanbul-bb")
	checkPages(t, e, networkBrowserPages())
}

// TestBrowserFindMunicipality finds İzmit by typing "izmit", on a desktop
// and on a phone.
func TestBrowserFindMunicipality(t *testing.T) {
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
			b.visit("/organisations")
			b.fill("#f-q", "izmit")
			b.submit("form.filters button[type=submit]", http.StatusOK)
			if loc := b.location(); !strings.Contains(loc, "q=izmit") {
				t.Errorf("the search went to %s", loc)
			}
			if s := b.html(".result-count"); !strings.Contains(s, "1 kurum") {
				t.Errorf("count: %s", s)
			}
			b.checkPage("İzmit found (" + name + ")")
			if phone {
				b.checkFits("İzmit found on a phone")
			}
			b.submit(`a[href="/organisations/kocaeli-izmit"]`, http.StatusOK)
			if h := b.html("h1"); !strings.Contains(h, "İzmit Belediyesi") {
				t.Errorf("the result leads to %s", h)
			}
			b.checkPage("İzmit's page (" + name + ")")
		})
	}
}

// TestBrowserEditPerson has a focal point change a person of their
// municipality, from the list to the saved page, on a desktop and on a
// phone.
func TestBrowserEditPerson(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	for i, phone := range []bool{false, true} {
		name := "desktop"
		if phone {
			name = "phone"
		}
		t.Run(name, func(t *testing.T) {
			b := newBrowser(t, e)
			if phone {
				b.phone()
			}
			b.signIn(b.accountLike(focalEmail))
			b.language("tr")
			b.visit("/people")
			b.submit(`a[href="/people/`+strconv.Itoa(fixtureOwnPerson)+`"]`, http.StatusOK)
			b.submit(`a[href="/people/`+strconv.Itoa(fixtureOwnPerson)+`/edit"]`, http.StatusOK)
			b.checkPage("person form (" + name + ")")
			phoneNo := "0216 542 50 0" + strconv.Itoa(i)
			b.fill("#f-phone", phoneNo)
			b.do(chromedp.SetValue(chromedp.CSS("#f-gender"), "undisclosed"))
			b.submit("main form button[type=submit]", http.StatusOK)
			if loc := b.location(); loc != "/people/"+strconv.Itoa(fixtureOwnPerson) {
				t.Errorf("after saving: on %s", loc)
			}
			main := b.html("main")
			for _, want := range []string{"Kişi kaydedildi.", phoneNo, "Belirtmek istemiyor"} {
				if !strings.Contains(main, want) {
					t.Errorf("the saved page lacks %q", want)
				}
			}
			b.checkPage("person saved (" + name + ")")
			if phone {
				b.checkFits("person saved on a phone")
			}
		})
	}
}

// TestBrowserOrganisationFiltersByKeyboard uses the list's filters with
// the keyboard alone: every control in order, a choice made with the
// arrow keys, the form sent with Enter, and a column sorted from its
// header.
func TestBrowserOrganisationFiltersByKeyboard(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e)
	b.visit("/organisations")
	tabTo(t, b, "input#f-q")
	b.press("kadikoy")
	for _, want := range []string{"select#f-kind", "select#f-municipality_kind", "select#f-province", "select#f-member", "select#f-sort"} {
		b.press(kb.Tab)
		if f := b.focusOn(want); !strings.HasPrefix(f, want) {
			t.Fatalf("Tab leads to %s, want %s", f, want)
		}
	}
	// On the order: the second choice, name from Z to A.
	b.press(kb.ArrowDown)
	var sortValue string
	b.eval(`document.getElementById("f-sort").value`, &sortValue)
	if sortValue != "-name" {
		t.Errorf("ArrowDown on the order chose %q", sortValue)
	}
	b.press(kb.Tab)
	if f := b.focusOn("button.button"); !strings.HasPrefix(f, "button.button") {
		t.Fatalf("after the filters, Tab leads to %s, want the button", f)
	}
	b.pressAndLoad(kb.Enter, http.StatusOK)
	loc := b.location()
	if !strings.Contains(loc, "q=kadikoy") || !strings.Contains(loc, "sort=-name") {
		t.Errorf("the form sent %s", loc)
	}
	// Kadıköy of İstanbul and the belde of Yalova's Çınarcık, Z to A.
	if s := b.html("table"); !strings.Contains(s, "Kadıköy") {
		t.Errorf("no Kadıköy in the results")
	}
	// The name column's header reverses the order again.
	tabTo(t, b, "a.sort-link")
	b.pressAndLoad(kb.Enter, http.StatusOK)
	if loc := b.location(); strings.Contains(loc, "sort=-name") || !strings.Contains(loc, "q=kadikoy") {
		t.Errorf("the header link led to %s", loc)
	}
	var ariaSort string
	b.eval(`document.querySelector("th[aria-sort] a").textContent.trim().split("(")[0].trim() + " " + document.querySelector("th[aria-sort]").getAttribute("aria-sort")`, &ariaSort)
	if !strings.HasSuffix(ariaSort, "ascending") {
		t.Errorf("sorted column announces %q", ariaSort)
	}
	b.checkPage("organisations filtered by keyboard")
}

// TestBrowserNetworkWithoutJavaScript proves the list's filters, its
// pages and the map work with JavaScript off.
func TestBrowserNetworkWithoutJavaScript(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e, withoutJavaScript())
	b.visit("/organisations")
	b.fill("#f-q", "İZMİT")
	b.submit("form.filters button[type=submit]", http.StatusOK)
	if s := b.html("table"); !strings.Contains(s, "İzmit Belediyesi") {
		t.Fatal("no İzmit after searching without JavaScript")
	}
	b.visit("/organisations?kind=municipality")
	b.submit(`a[rel="next"]`, http.StatusOK)
	if loc := b.location(); !strings.Contains(loc, "kind=municipality") || !strings.Contains(loc, "page=2") {
		t.Errorf("the next page lost the filter: %s", loc)
	}
	b.visit("/places")
	svg := b.html(".map")
	if strings.Contains(svg, "leaflet") || strings.Count(svg, `class="map-area"`) != 11 {
		t.Errorf("without JavaScript the map is not the server's SVG of 11 provinces")
	}
	b.submit(`a.map-area[href="/places/yalova"]`, http.StatusOK)
	if h := b.html("h1"); !strings.Contains(h, "Yalova") {
		t.Errorf("the map's link led to %s", h)
	}
	b.checkClean("network pages without JavaScript")
}
