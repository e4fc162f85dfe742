package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"birlik/seed"
)

// TestStreetPages reads the programme's pages as the public and as their
// editors, with bad ids and query strings (never a 500).
func TestStreetPages(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("x", 5000)
	e.run(t, []scenario{
		{name: "programme: totals, target in words, map with its notice", method: "GET", path: "/streets", wantStatus: 200,
			wantBody: []string{"<h1>Sokakları Geri Kazanmak</h1>", "dönüştürülen sokak", "1 / 30 sokak", "Bu hızla:", `class="map-svg"`,
				`data-sites="/streets/sites.geojson"`, seed.Attribution, `<a href="/streets/cycles/1">2025</a>: 1 sokak dönüştürüldü`}},
		{name: "programme in English", method: "GET", path: "/streets?lang=en", wantStatus: 200,
			wantBody: []string{"1 of 30 streets", "At this pace:", "street transformed"}},
		{name: "dashboard filtered and sorted", method: "GET", path: "/streets/dashboard?province=istanbul&sort=-area", wantStatus: 200,
			wantBody: []string{"Kadıköy", `aria-sort="descending"`, `href="/streets/dashboard.csv?province=istanbul"`}, notBody: []string{"Nilüfer meydanı"}},
		{name: "dashboard with a bad filter shows everything", method: "GET", path: "/streets/dashboard?cycle=abc&province=" + long + "&sort=%00", wantStatus: 200,
			wantBody: []string{"Nilüfer"}},
		{name: "map: markers, legend in words, table", method: "GET", path: "/streets/map", wantStatus: 200,
			wantBody: []string{`href="#streets-mk-2"`, "Taktik müdahale: üçgen", fixtureOwnSiteName, "Nilüfer meydanı"},
			notBody:  []string{"Taslak: Nilüfer okul sokağı"}},
		{name: "map of one city", method: "GET", path: "/streets/map?province=bursa&page=-3", wantStatus: 200,
			wantBody: []string{"Nilüfer meydanı"}, notBody: []string{fixtureOwnSiteName}},
		{name: "site page: figures, timeline, links to the surveys, outline", method: "GET", path: "/streets/sites/1", wantStatus: 200,
			wantBody: []string{"<h1>" + fixtureOwnSiteName + "</h1>", "m²", "Oyun", `datetime="2025-06-15"`, `href="/streets/sites/1/surveys"`,
				`href="/streets/sites/1/compare"`, `class="streets-outline"`, ">2025 dönemi</a>"}, notBody: []string{"/streets/sites/1/edit"}},
		{name: "its focal point may edit it", as: focalEmail, method: "GET", path: "/streets/sites/1", wantStatus: 200,
			wantBody: []string{`href="/streets/sites/1/edit"`, `action="/streets/sites/1/photos"`}},
		{name: "another's focal point may not", as: otherFocalEmail, method: "GET", path: "/streets/sites/1", wantStatus: 200,
			notBody: []string{`href="/streets/sites/1/edit"`}},
		{name: "a bad id is not found", method: "GET", path: "/streets/sites/abc", wantStatus: 404},
		{name: "a huge id is not found", method: "GET", path: "/streets/sites/99999999999999999999", wantStatus: 404},
		{name: "an absent cycle is not found", method: "GET", path: "/streets/cycles/0", wantStatus: 404},
		{name: "an absent target is not found", as: adminEmail, method: "GET", path: "/streets/targets/77/edit", wantStatus: 404},
		{name: "sites list with junk filters", method: "GET", path: "/streets/sites?phase=nope&cycle=-1&org=" + long + "&q=" + long + "&page=x", wantStatus: 200},
		{name: "sites list of a municipality", method: "GET", path: "/streets/sites?org=" + otherOrg, wantStatus: 200,
			wantBody: []string{"Nilüfer meydanı", "1 sokak"}, notBody: []string{fixtureOwnSiteName, "Taslak"}},
		{name: "staff see drafts in the list", as: coordinatorEmail, method: "GET", path: "/streets/sites?org=" + otherOrg, wantStatus: 200,
			wantBody: []string{"Taslak: Nilüfer okul sokağı", "2 sokak"}},
		{name: "cycle page: participants and the staff's forms", as: adminEmail, method: "GET", path: "/streets/cycles/1", wantStatus: 200,
			wantBody: []string{"Superpool", "Nilüfer", `action="/streets/cycles/1/participants/new"`}},
		{name: "targets", method: "GET", path: "/streets/targets", wantStatus: 200, wantBody: []string{"1 / 30 sokak"}},
		{name: "a target's number is refused beside its field", as: adminEmail, method: "POST", path: "/streets/targets",
			form: url.Values{"measure": {"streets"}, "value": {"otuz"}, "deadline": {"2027-10-31"}}, wantStatus: 422,
			wantBody: []string{`href="#f-value"`, `value="otuz"`}},
		{name: "a target typed with a decimal comma and grouping", as: adminEmail, method: "POST", path: "/streets/targets",
			form: url.Values{"measure": {"area_m2"}, "value": {"20.000"}, "baseline": {"0"}, "baseline_date": {"2025-01-01"}, "deadline": {"2027-10-31"}}, wantStatus: 303},
		{name: "a target whose deadline has passed", as: adminEmail, method: "POST", path: "/streets/targets",
			form: url.Values{"measure": {"streets"}, "value": {"5"}, "baseline_date": {"2019-01-01"}, "deadline": {"2020-01-01"}}, wantStatus: 303},
		{name: "is said met or missed, not projected", method: "GET", path: "/streets/targets?lang=en", wantStatus: 200,
			wantBody: []string{"The deadline, 1 January 2020, has passed.", "Missed by 4 streets."}},
		{name: "staff add a municipality that does not exist", as: adminEmail, method: "POST", path: "/streets/cycles/1/participants/new",
			form: url.Values{"org_id": {"no-such-place"}, "status": {"selected"}}, wantStatus: 422, wantBody: []string{`href="#f-org_id"`}},
		{name: "a decision with a junk status", as: adminEmail, method: "POST", path: "/streets/cycles/1/participants/" + otherOrg,
			form: url.Values{"version": {"1"}, "status": {"<b>"}}, wantStatus: 422, wantBody: []string{"#f-status"}},
		{name: "participants of an absent cycle", as: adminEmail, method: "POST", path: "/streets/cycles/9/participants/" + otherOrg,
			form: url.Values{"status": {"selected"}}, wantStatus: 404},
		{name: "a cycle with a year that is not one", as: adminEmail, method: "POST", path: "/streets/cycles",
			form: url.Values{"year": {"yirmi"}, "name": {"X"}}, wantStatus: 422, wantBody: []string{`href="#f-year"`, `value="yirmi"`}},
		{name: "a photo of an absent site", as: focalEmail, method: "POST", path: "/streets/sites/404/photos", wantStatus: 404},
		{name: "an oversized form is refused, not failed", as: focalEmail, method: "POST", path: "/streets/sites",
			form: url.Values{"name": {strings.Repeat("ş", 600_000)}}, wantStatus: 422},
	})
}

// postSite sends the site form as multipart, as the browser does, with
// an optional geometry file.
func postSite(e *testEnv, c *http.Client, path string, v url.Values, fileName string, file []byte) response {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range v {
		for _, x := range vs {
			mw.WriteField(k, x)
		}
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("geometry_file", fileName)
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return e.do(c, req)
}

// TestStreetSiteForm creates sites in the three ways the form takes
// geometry, refuses bad geometry with its arguments beside the field and
// keeps what was typed, and sees the programme's totals change.
func TestStreetSiteForm(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(focalEmail)
	base := func(name string) url.Values {
		return url.Values{"cycle_id": {"1"}, "name": {name}, "intervention": {"school_street"}, "phase": {"tactical"},
			"phase_date_tactical": {"2025-09-01"}, "published": {"1"}, "org_id": {otherOrg}}
	}
	before := e.get(e.client(), "/streets").Body

	// A bow-tie: the ring crosses itself.
	bowtie := `{"type":"Polygon","coordinates":[[[29.0300,40.9850],[29.0310,40.9858],[29.0310,40.9850],[29.0302,40.9856],[29.0300,40.9850]]]}`
	v := base("Kendini kesen sokak")
	v.Set("geometry", bowtie)
	res := postSite(e, c, "/streets/sites", v, "", nil)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bow-tie: %d", res.StatusCode)
	}
	for _, want := range []string{`id="f-geometry-error"`, "1. halka", "kendini kesiyor", `href="#f-geometry"`, `value="Kendini kesen sokak"`,
		`29.0300,40.9850`, `value="2025-09-01"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("refused geometry: page lacks %q\n%s", want, between(res.Body, `id="f-geometry-error"`, "</p>"))
		}
	}
	// Pasted GeoJSON in Kadıköy: saved for the focal point's own
	// municipality, whatever the form said.
	v = base("Yeldeğirmeni okul sokağı")
	v.Set("geometry", streetRect(29.0290, 40.9905, 100, 20))
	res = postSite(e, c, "/streets/sites", v, "", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pasted: %d %s", res.StatusCode, between(res.Body, "error-summary", "</div>"))
	}
	page := e.get(c, res.Header.Get("Location")).Body
	if !strings.Contains(page, "Kadıköy") || strings.Contains(page, `href="/organisations/`+otherOrg+`"`) {
		t.Errorf("the site is not Kadıköy's: %s", between(page, "<h1", "</p>"))
	}
	// An uploaded KML file wins over the empty textarea.
	kml := `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>
29.0240,40.9870 29.0252,40.9870 29.0252,40.9872 29.0240,40.9872 29.0240,40.9870</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`
	res = postSite(e, c, "/streets/sites", base("Moda iskele meydanı"), "meydan.kml", []byte(kml))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("KML: %d %s", res.StatusCode, between(res.Body, "error-summary", "</div>"))
	}
	// A file too big is refused beside its field, not failed.
	res = postSite(e, c, "/streets/sites", base("Büyük dosya"), "big.geojson", bytes.Repeat([]byte(" "), maxGeometryFile+10))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#f-geometry_file"`) {
		t.Errorf("oversized file: %d", res.StatusCode)
	}
	after := e.get(e.client(), "/streets").Body
	streetsFigure := func(body string) string { return between(body, `<span class="figure__value">`, "</span>") }
	if streetsFigure(before) != `<span class="figure__value">1` || streetsFigure(after) != `<span class="figure__value">3` {
		t.Errorf("streets transformed: %q then %q, want 1 then 3", streetsFigure(before), streetsFigure(after))
	}

	// Editing: another municipality's site is refused.
	res = postSite(e, c, "/streets/sites/"+strconv.Itoa(fixtureOtherSite), url.Values{"version": {"1"}, "name": {"x"}}, "", nil)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("another's site: %d", res.StatusCode)
	}
	// Its own site: saved.
	own := e.get(c, "/streets/sites/"+strconv.Itoa(fixtureOwnSite)+"/edit").Body
	version := between(own, `name="version" value="`, `">`)
	v = base("Moda Caddesi oyun sokağı")
	v.Set("version", strings.TrimPrefix(version, `name="version" value="`))
	v.Set("geometry", modaStreet)
	res = postSite(e, c, "/streets/sites/"+strconv.Itoa(fixtureOwnSite), v, "", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("its own site: %d %s", res.StatusCode, between(res.Body, "error-summary", "</div>"))
	}
	// A stale form is a conflict that keeps what was typed.
	v = base("Moda Caddesi oyun sokağı (yeni ad)")
	v.Set("version", "99")
	v.Set("geometry", modaStreet)
	res = postSite(e, c, "/streets/sites/"+strconv.Itoa(fixtureOwnSite), v, "", nil)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "(yeni ad)") {
		t.Errorf("stale form: %d", res.StatusCode)
	}
}

// TestStreetExports reads the open data: each file parses and carries
// the boundaries' licence notice; drafts stay out of the public's.
func TestStreetExports(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res := e.get(c, "/streets/sites.csv")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff"))).ReadAll()
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("sites.csv: %d %v", res.StatusCode, err)
	}
	head := rows[0]
	if head[0] != "id" || head[len(head)-1] != "attribution" || len(rows) != 3 {
		t.Fatalf("sites.csv: header %v, %d rows", head, len(rows))
	}
	for _, row := range rows[1:] {
		if row[len(row)-1] != seed.Attribution {
			t.Errorf("row %v lacks the notice", row)
		}
		if strings.HasPrefix(row[1], "Taslak") {
			t.Error("the public's export holds a draft")
		}
	}

	var fc struct {
		Attribution string `json:"attribution"`
		Features    []struct {
			ID         int64           `json:"id"`
			Properties map[string]any  `json:"properties"`
			Geometry   json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	for _, path := range []string{"/streets/sites.geojson", "/streets/sites/export.geojson"} {
		res = e.get(c, path)
		if err := json.Unmarshal([]byte(res.Body), &fc); err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: %d %v", path, res.StatusCode, err)
		}
		if fc.Attribution != seed.Attribution || len(fc.Features) != 2 {
			t.Errorf("%s: attribution %q, %d features", path, fc.Attribution, len(fc.Features))
		}
		for _, f := range fc.Features {
			if f.Properties["url"] != "/streets/sites/"+strconv.FormatInt(f.ID, 10) || !bytes.Contains(f.Geometry, []byte(`"Polygon"`)) {
				t.Errorf("%s: feature %d: %v %s", path, f.ID, f.Properties, f.Geometry)
			}
		}
	}
	if p := fc.Features[0].Properties; p["attribution"] != seed.Attribution {
		t.Errorf("an exported feature lacks the notice: %v", p)
	}
	// Staff export drafts too.
	res = e.get(e.signedIn(adminEmail), "/streets/sites.csv?province=bursa")
	if n := strings.Count(res.Body, "\n"); n != 3 {
		t.Errorf("staff's Bursa export: %d lines\n%s", n, res.Body)
	}

	res = e.get(c, "/streets/dashboard.csv")
	rows, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 2 || rows[1][0] != "total" || rows[1][4] != "1" {
		t.Errorf("dashboard.csv: %v %v", err, rows)
	}
}

// TestStreetPhotos uploads a photo with its text, sees it on the page,
// is refused one without text (the file is not kept), and removes it.
func TestStreetPhotos(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(focalEmail)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")
	send := func(stage, alt string) response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("stage", stage)
		mw.WriteField("alt", alt)
		fw, _ := mw.CreateFormFile("file", "sokak.png")
		fw.Write(png)
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/streets/sites/1/photos", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return e.do(c, req)
	}
	res := send("before", "")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#f-alt"`) {
		t.Fatalf("no text: %d", res.StatusCode)
	}
	if docs := e.get(e.signedIn(adminEmail), "/documents/of/site/1").Body; strings.Contains(docs, "sokak.png") {
		t.Error("the refused photo's file was kept")
	}
	res = send("after", "Okul önünde oynayan çocuklar")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.StatusCode, between(res.Body, "error-summary", "</div>"))
	}
	page := e.get(e.client(), "/streets/sites/1").Body
	if !strings.Contains(page, `alt="Okul önünde oynayan çocuklar"`) {
		t.Fatal("the photo is not on the public page")
	}
	doc, _, _ := strings.Cut(strings.SplitN(page, `<img src="/documents/`, 2)[1], "/")
	if res := e.get(e.client(), "/documents/"+doc+"/sokak.png"); res.StatusCode != 200 {
		t.Errorf("the public cannot see the photo: %d", res.StatusCode)
	}
	res = e.post(c, "/streets/sites/1/photos/"+doc+"/remove", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if page := e.get(e.client(), "/streets/sites/1").Body; strings.Contains(page, "Okul önünde oynayan çocuklar") {
		t.Error("the removed photo is still shown")
	}
}
