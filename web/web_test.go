package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// scenario is one HTTP exchange and what must come back.
type scenario struct {
	name       string
	as         string // e-mail of the account, "" for the public
	method     string
	path       string
	form       url.Values
	header     map[string]string
	wantStatus int
	wantBody   []string // substrings that must appear
	notBody    []string // substrings that must not
	wantHeader map[string]string
}

func (e *testEnv) run(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			c := e.signedIn(sc.as)
			var req *http.Request
			if sc.method == http.MethodPost {
				req, _ = http.NewRequest(sc.method, e.ts.URL+sc.path, strings.NewReader(sc.form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "same-origin")
			} else {
				req, _ = http.NewRequest(sc.method, e.ts.URL+sc.path, nil)
			}
			for k, v := range sc.header {
				req.Header.Set(k, v)
			}
			res := e.do(c, req)
			if res.StatusCode != sc.wantStatus {
				t.Errorf("%s %s as %q: status %d, want %d\n%s", sc.method, sc.path, sc.as, res.StatusCode, sc.wantStatus, excerpt(res.Body))
			}
			for _, s := range sc.wantBody {
				if !strings.Contains(res.Body, s) {
					t.Errorf("body lacks %q\n%s", s, excerpt(res.Body))
				}
			}
			for _, s := range sc.notBody {
				if strings.Contains(res.Body, s) {
					t.Errorf("body contains %q", s)
				}
			}
			for k, v := range sc.wantHeader {
				if got := res.Header.Get(k); !strings.Contains(got, v) {
					t.Errorf("header %s = %q, want it to contain %q", k, got, v)
				}
			}
		})
	}
}

func excerpt(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}

func TestBasics(t *testing.T) {
	e := newEnv(t)
	e.run(t, []scenario{
		{name: "health", method: "GET", path: "/healthz", wantStatus: 200, wantBody: []string{`"status":"ok"`, `"database":"sqlite"`}},
		{name: "home in Turkish by default", method: "GET", path: "/", wantStatus: 200,
			wantBody: []string{`<html lang="tr" dir="ltr">`, "Ana içeriğe geç", "Marmara Belediyeler Birliği"}},
		{name: "home in English by query", method: "GET", path: "/?lang=en", wantStatus: 200, wantBody: []string{`<html lang="en"`, "Skip to main content"}},
		{name: "home in French by Accept-Language", method: "GET", path: "/", header: map[string]string{"Accept-Language": "fr-FR,fr;q=0.9"}, wantStatus: 200, wantBody: []string{`<html lang="fr"`}},
		{name: "security headers", method: "GET", path: "/", wantStatus: 200, wantHeader: map[string]string{
			"Content-Security-Policy": "script-src 'self'; style-src 'self'",
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
		}},
		{name: "static file", method: "GET", path: "/static/css/birlik.css", wantStatus: 200, wantBody: []string{"--brand"}},
		{name: "missing static file", method: "GET", path: "/static/nothing.css", wantStatus: 404},
		{name: "unknown page", method: "GET", path: "/no/such/page", wantStatus: 404, wantBody: []string{"Bu adreste bir sayfa yok."}},
		{name: "metrics", method: "GET", path: "/metrics", wantStatus: 200, wantBody: []string{"birlik_http_requests_total"}},
		{name: "signin page", method: "GET", path: "/signin", wantStatus: 200, wantBody: []string{`autocomplete="current-password"`, `for="f-email"`}},
	})
}

func TestSignIn(t *testing.T) {
	e := newEnv(t)
	e.run(t, []scenario{
		{name: "empty form", method: "POST", path: "/signin", form: url.Values{}, wantStatus: 422,
			wantBody: []string{`id="error-summary"`, `href="#f-email"`, `aria-invalid="true"`, "Bu alan zorunludur."}},
		{name: "wrong password keeps the email", method: "POST", path: "/signin", form: url.Values{"email": {adminEmail}, "password": {"not the password"}}, wantStatus: 422,
			wantBody: []string{"E-posta adresi ya da parola yanlış.", `value="` + adminEmail + `"`}, notBody: []string{"not the password"}},
		{name: "cross-origin post refused", method: "POST", path: "/signin", form: url.Values{"email": {adminEmail}, "password": {testPassword}},
			header: map[string]string{"Sec-Fetch-Site": "cross-site"}, wantStatus: 403},
	})
	t.Run("session cookie", func(t *testing.T) {
		c := e.client()
		res := e.post(c, "/signin", url.Values{"email": {adminEmail}, "password": {testPassword}, "next": {"/?lang=en"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/?lang=en" {
			t.Fatalf("status %d, location %q", res.StatusCode, res.Header.Get("Location"))
		}
		ck := res.Header.Get("Set-Cookie")
		for _, want := range []string{sessionCookie + "=", "HttpOnly", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(ck, want) {
				t.Errorf("Set-Cookie %q lacks %q", ck, want)
			}
		}
		home := e.get(c, "/")
		if !strings.Contains(home.Body, "Ayşe Admin") || home.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("signed-in home: cache %q", home.Header.Get("Cache-Control"))
		}
		out := e.post(c, "/signout", nil)
		if out.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign out: %d", out.StatusCode)
		}
		if strings.Contains(e.get(c, "/").Body, "Ayşe Admin") {
			t.Error("still signed in after signing out")
		}
	})
	t.Run("next must stay on this site", func(t *testing.T) {
		for _, next := range []string{"https://evil.example/", "//evil.example/", `/\evil.example`} {
			res := e.post(e.client(), "/signin", url.Values{"email": {adminEmail}, "password": {testPassword}, "next": {next}})
			if loc := res.Header.Get("Location"); loc != "/" {
				t.Errorf("next=%q redirected to %q", next, loc)
			}
		}
	})
}

func TestPasswordReset(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res := e.post(c, "/password/forgot", url.Values{"email": {focalEmail}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("forgot: %d", res.StatusCode)
	}
	// Unknown addresses get the same answer and no mail.
	if res := e.post(c, "/password/forgot", url.Values{"email": {"nobody@test.birlik"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("forgot, unknown address: %d", res.StatusCode)
	}
	msgs := e.mail.Wait(1, 5*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != focalEmail {
		t.Fatalf("mail: %+v", msgs)
	}
	i := strings.Index(msgs[0].Body, e.ts.URL+"/password/set/")
	if i < 0 {
		t.Fatalf("no link in %q", msgs[0].Body)
	}
	link := strings.Fields(msgs[0].Body[i:])[0]
	path := strings.TrimPrefix(link, e.ts.URL)
	if res := e.get(c, path); res.StatusCode != 200 || !strings.Contains(res.Body, focalEmail) {
		t.Fatalf("reset page: %d", res.StatusCode)
	}
	if res := e.post(c, path, url.Values{"password": {"yeni ve uzun bir parola"}, "confirm": {"başka bir parola"}}); res.StatusCode != 422 || !strings.Contains(res.Body, "İki parola birbirini tutmuyor.") {
		t.Fatalf("mismatch: %d", res.StatusCode)
	}
	if res := e.post(c, path, url.Values{"password": {"yeni ve uzun bir parola"}, "confirm": {"yeni ve uzun bir parola"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set: %d %s", res.StatusCode, excerpt(res.Body))
	}
	if res := e.get(c, path); res.StatusCode != 404 {
		t.Errorf("a used link still opens: %d", res.StatusCode)
	}
	if res := e.post(e.client(), "/signin", url.Values{"email": {focalEmail}, "password": {"yeni ve uzun bir parola"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the new password: %d", res.StatusCode)
	}
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(viewerEmail)
	res := e.post(c, "/language", url.Values{"lang": {"fr"}, "next": {"/"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", res.StatusCode)
	}
	if body := e.get(c, "/").Body; !strings.Contains(body, `<html lang="fr"`) {
		t.Error("the page is not in French after switching")
	}
	// The choice is kept in the account: a new browser gets French too.
	if body := e.get(e.signedIn(viewerEmail), "/").Body; !strings.Contains(body, `<html lang="fr"`) {
		t.Error("the account did not keep the language")
	}
	// ?lang= wins over the account's setting, for that page only.
	if body := e.get(c, "/?lang=en").Body; !strings.Contains(body, `<html lang="en"`) {
		t.Error("?lang=en did not win")
	}
}

// TestMetricsByRoute checks that requests are counted under their route
// pattern, not their path, so that ids do not make new series.
func TestMetricsByRoute(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	e.get(c, "/healthz")
	e.get(c, "/no/such/page")
	body := e.get(c, "/metrics").Body
	for _, want := range []string{
		`birlik_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		`birlik_http_requests_total{code="404",method="GET",route="/"} 1`,
		`birlik_http_request_duration_seconds_count{method="GET",route="GET /healthz"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
