package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
)

// matrixUserID is the account the matrix's admin rows act on: the second
// focal point, the fourth account newEnv creates on a fresh database.
// TestAccountsMatrixTarget checks the assumption.
const matrixUserID = 4

func init() {
	user := "/admin/users/" + strconv.Itoa(matrixUserID)
	signedIn := map[string]int{"anon": forbidden}
	adminOnly := func(status int) map[string]int {
		return map[string]int{"anon": forbidden, "admin": status}
	}
	authCases = append(authCases,
		// Accounts: profile and administration.
		authCase{pattern: "GET /profile", own: "/profile", def: ok, want: map[string]int{"anon": toSignIn}},
		authCase{pattern: "POST /profile/password", own: "/profile/password", form: url.Values{}, def: invalid, want: signedIn},
		authCase{pattern: "POST /profile/tokens", own: "/profile/tokens", form: url.Values{}, def: invalid, want: signedIn},
		authCase{pattern: "POST /profile/tokens/{id}/revoke", own: "/profile/tokens/999999/revoke", def: notFound, want: signedIn},
		authCase{pattern: "POST /profile/sessions/end", own: "/profile/sessions/end", def: seeOther, want: signedIn},
		authCase{pattern: "GET /admin/users", own: "/admin/users", def: forbidden, want: map[string]int{"anon": toSignIn, "admin": ok}},
		authCase{pattern: "GET /admin/users/new", own: "/admin/users/new", def: forbidden, want: map[string]int{"anon": toSignIn, "admin": ok}},
		authCase{pattern: "POST /admin/users/new", own: "/admin/users/new", form: url.Values{}, def: forbidden, want: adminOnly(invalid)},
		authCase{pattern: "GET /admin/users/{id}", own: user, def: forbidden, want: map[string]int{"anon": toSignIn, "admin": ok}},
		authCase{pattern: "POST /admin/users/{id}", own: user, form: url.Values{}, def: forbidden, want: adminOnly(invalid)},
		authCase{pattern: "POST /admin/users/{id}/sessions/end", own: user + "/sessions/end", def: forbidden, want: adminOnly(seeOther)},
		authCase{pattern: "POST /admin/users/{id}/reset", own: user + "/reset", def: forbidden, want: adminOnly(seeOther)},
		authCase{pattern: "GET /admin/audit", own: "/admin/audit", def: forbidden, want: map[string]int{"anon": toSignIn, "admin": ok}},
	)
}

func TestAccountsMatrixTarget(t *testing.T) {
	e := newEnv(t)
	if id := e.users[otherFocalEmail].ID; id != matrixUserID {
		t.Fatalf("%s has id %d; the matrix rows assume %d", otherFocalEmail, id, matrixUserID)
	}
}

// TestAccountPagesMatrix checks what the shared matrix does not: unknown
// and malformed ids, and that every page is refused to each non-admin.
func TestAccountPagesMatrix(t *testing.T) {
	e := newEnv(t)
	e.run(t, []scenario{
		{name: "unknown account", as: adminEmail, method: "GET", path: "/admin/users/99999", wantStatus: 404},
		{name: "malformed id", as: adminEmail, method: "GET", path: "/admin/users/abc", wantStatus: 404},
		{name: "save unknown account", as: adminEmail, method: "POST", path: "/admin/users/99999", form: url.Values{"role": {"viewer"}, "version": {"1"}}, wantStatus: 404},
		{name: "revoke malformed token id", as: viewerEmail, method: "POST", path: "/profile/tokens/x/revoke", wantStatus: 404},
		{name: "anonymous sent to sign in and back", method: "GET", path: "/admin/audit?entity=user", wantStatus: 303,
			wantHeader: map[string]string{"Location": "/signin?next=%2Fadmin%2Faudit%3Fentity%3Duser"}},
		{name: "coordinator may not invite", as: coordinatorEmail, method: "POST", path: "/admin/users/new",
			form: url.Values{"email": {"x@test.birlik"}, "role": {"admin"}}, wantStatus: 403},
		{name: "focal point may not read the audit log", as: focalEmail, method: "GET", path: "/admin/audit", wantStatus: 403},
	})
}

// cookieOf returns the value of the client's session cookie.
func (e *testEnv) cookieOf(c *http.Client) string {
	e.t.Helper()
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	return ""
}

// withCookie returns a client carrying only the given session cookie.
func (e *testEnv) withCookie(value string) *http.Client {
	c := e.client()
	u, _ := url.Parse(e.ts.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: value, Path: "/"}})
	return c
}

// signedOut reports whether the client is sent to sign in from /profile.
func (e *testEnv) signedOut(c *http.Client) bool {
	e.t.Helper()
	res := e.get(c, "/profile")
	return res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/signin")
}

// mailLink returns the /password/set/ path in a message's body.
func (e *testEnv) mailLink(body string) string {
	e.t.Helper()
	i := strings.Index(body, e.ts.URL+"/password/set/")
	if i < 0 {
		e.t.Fatalf("no link in %q", body)
	}
	return strings.TrimPrefix(strings.Fields(body[i:])[0], e.ts.URL)
}

func noHash(t *testing.T, where, body string) {
	t.Helper()
	if strings.Contains(body, "$argon2id$") || strings.Contains(body, "argon2") {
		t.Errorf("%s shows a password hash", where)
	}
}

func TestProfile(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(focalEmail)
	other := e.signedIn(focalEmail)
	res := e.get(c, "/profile")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{focalEmail, "Fatma Odak", "Odak kişi", "Kadıköy Belediyesi", `href="/organisations/istanbul-kadikoy"`,
		"Bu tarayıcı", "2 açık oturum", `action="/profile/password"`, `autocomplete="current-password"`, `action="/language"`,
		`<option value="en"`, "Hiç erişim anahtarınız yok.", `action="/profile/sessions/end"`, `<table class="stack">`, `scope="col"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("profile lacks %q", want)
		}
	}
	if n := strings.Count(res.Body, "Bu tarayıcı"); n != 1 {
		t.Errorf("%d sessions marked current, want 1", n)
	}
	noHash(t, "the profile", res.Body)
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Error("the profile may be cached")
	}
	// The language form reuses POST /language and comes back here.
	if res := e.post(c, "/language", url.Values{"lang": {"en"}, "next": {"/profile"}}); res.Header.Get("Location") != "/profile" {
		t.Fatalf("language: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if body := e.get(other, "/profile").Body; !strings.Contains(body, `<html lang="en"`) || !strings.Contains(body, "Your profile") {
		t.Error("the language was not kept in the account")
	}
}

func TestProfilePassword(t *testing.T) {
	e := newEnv(t)
	const next = "a brand new passphrase for birlik"
	c := e.signedIn(viewerEmail)
	elsewhere := e.signedIn(viewerEmail)
	old := e.cookieOf(c)
	e.run(t, []scenario{
		{name: "mismatch", as: viewerEmail, method: "POST", path: "/profile/password", form: url.Values{"current": {testPassword}, "password": {next}, "confirm": {"something else entirely"}},
			wantStatus: 422, wantBody: []string{`id="error-summary"`, `href="#f-confirm"`, "İki parola birbirini tutmuyor."}, notBody: []string{next, testPassword}},
		{name: "wrong current", as: viewerEmail, method: "POST", path: "/profile/password", form: url.Values{"current": {"not my password at all"}, "password": {next}, "confirm": {next}},
			wantStatus: 422, wantBody: []string{"Mevcut parola yanlış.", `aria-describedby="f-current-error"`}},
		{name: "too short", as: viewerEmail, method: "POST", path: "/profile/password", form: url.Values{"current": {testPassword}, "password": {"short"}, "confirm": {"short"}},
			wantStatus: 422, wantBody: []string{"Parola en az 12 karakter olmalı.", `aria-describedby="f-password-hint f-password-error"`}},
		{name: "empty", as: viewerEmail, method: "POST", path: "/profile/password", form: url.Values{}, wantStatus: 422, wantBody: []string{`href="#f-current"`, `href="#f-password"`}},
	})
	res := e.post(c, "/profile/password", url.Values{"current": {testPassword}, "password": {next}, "confirm": {next}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/profile" {
		t.Fatalf("change: %d %q %s", res.StatusCode, res.Header.Get("Location"), excerpt(res.Body))
	}
	fresh := e.cookieOf(c)
	if fresh == "" || fresh == old {
		t.Fatal("no fresh session cookie after the change")
	}
	page := e.get(c, "/profile")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Parolanız değiştirildi.") {
		t.Errorf("after the change: %d, flash missing", page.StatusCode)
	}
	if !e.signedOut(e.withCookie(old)) {
		t.Error("the old session cookie still works")
	}
	if !e.signedOut(elsewhere) {
		t.Error("another browser is still signed in")
	}
	if res := e.post(e.client(), "/signin", url.Values{"email": {viewerEmail}, "password": {next}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the new password: %d", res.StatusCode)
	}
	if res := e.post(e.client(), "/signin", url.Values{"email": {viewerEmail}, "password": {testPassword}}); res.StatusCode != 422 {
		t.Errorf("sign in with the old password: %d", res.StatusCode)
	}
}

var secretRe = regexp.MustCompile(`birlik_[A-Za-z0-9_-]{20,}`)

func TestTokens(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(committeeEmail)
	e.run(t, []scenario{
		{name: "no name", as: committeeEmail, method: "POST", path: "/profile/tokens", form: url.Values{"name": {""}, "expires": {"30"}},
			wantStatus: 422, wantBody: []string{`href="#f-name"`, "Bu alan zorunludur."}},
		{name: "bad expiry keeps the name", as: committeeEmail, method: "POST", path: "/profile/tokens", form: url.Values{"name": {"Rapor"}, "expires": {"9999"}},
			wantStatus: 422, wantBody: []string{`href="#f-expires"`, `value="Rapor"`}},
	})
	res := e.post(c, "/profile/tokens", url.Values{"name": {"Raporlama tablosu"}, "expires": {"30"}})
	if res.StatusCode != 200 {
		t.Fatalf("create: %d %s", res.StatusCode, excerpt(res.Body))
	}
	secret := secretRe.FindString(res.Body)
	if secret == "" {
		t.Fatalf("the secret is not shown:\n%s", excerpt(res.Body))
	}
	for _, want := range []string{"“Raporlama tablosu” anahtarı oluşturuldu", "yalnızca bu kez gösterilir", `readonly`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("creation page lacks %q", want)
		}
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Error("the page with the secret may be cached")
	}
	u, err := e.accounts.AuthenticateAPIToken(context.Background(), secret)
	if err != nil || u.Email != committeeEmail {
		t.Fatalf("the token does not authenticate: %v", err)
	}
	page := e.get(c, "/profile")
	if strings.Contains(page.Body, secret) {
		t.Fatal("the secret is shown again")
	}
	for _, want := range []string{"Raporlama tablosu", secret[:len(accounts.APITokenPrefix)+6], "Etkin", "1 erişim anahtarı"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("token list lacks %q", want)
		}
	}
	toks, _ := e.accounts.APITokens(birlik.WithActor(context.Background(), e.users[committeeEmail].Actor()))
	if len(toks) != 1 {
		t.Fatalf("%d tokens", len(toks))
	}
	revoke := fmt.Sprintf("/profile/tokens/%d/revoke", toks[0].ID)
	if !strings.Contains(page.Body, `action="`+revoke+`"`) || !strings.Contains(page.Body, "data-confirm=") {
		t.Error("no revoke form")
	}
	// Someone else's token is not theirs to revoke.
	if res := e.post(e.signedIn(viewerEmail), revoke, nil); res.StatusCode != 404 {
		t.Errorf("another account revoked the token: %d", res.StatusCode)
	}
	if res := e.post(c, revoke, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	page = e.get(c, "/profile")
	if !strings.Contains(page.Body, "İptal edildi") || strings.Contains(page.Body, `action="`+revoke+`"`) {
		t.Error("the token is not shown as revoked")
	}
	if _, err := e.accounts.AuthenticateAPIToken(context.Background(), secret); err == nil {
		t.Error("a revoked token still works")
	}
	if res := e.post(c, revoke, nil); res.StatusCode != 404 {
		t.Errorf("revoking twice: %d", res.StatusCode)
	}
}

func TestProfileSessionsEnd(t *testing.T) {
	e := newEnv(t)
	a, b := e.signedIn(committeeEmail), e.signedIn(committeeEmail)
	res := e.post(a, "/profile/sessions/end", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Fatalf("end: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if !e.signedOut(a) || !e.signedOut(b) {
		t.Error("a session survived signing out everywhere")
	}
	if body := e.get(a, "/signin").Body; !strings.Contains(body, "Tüm cihazlarda oturumunuz kapatıldı.") {
		t.Error("no message after signing out everywhere")
	}
}

func TestAdminInvite(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	form := e.get(admin, "/admin/users/new")
	for _, want := range []string{`<optgroup label="Bursa">`, `<option value="bursa-nilufer">Nilüfer Belediyesi</option>`, `<optgroup label="İstanbul">`,
		`for="f-org"`, `aria-describedby="f-org-hint"`, `<option value="focal-point">Odak kişi</option>`} {
		if !strings.Contains(form.Body, want) {
			t.Errorf("invitation form lacks %q", want)
		}
	}
	if n := strings.Count(form.Body, `<option value="`) - len(birlik.Roles) - 3; n < 206 {
		t.Errorf("the organisation select offers %d municipalities, want all 206", n)
	}
	e.run(t, []scenario{
		{name: "focal point without organisation", as: adminEmail, method: "POST", path: "/admin/users/new",
			form:       url.Values{"email": {"new@test.birlik"}, "name": {"Zeynep Yeni"}, "role": {"focal-point"}, "org": {""}, "lang": {"tr"}},
			wantStatus: 422, wantBody: []string{`href="#f-org"`, "Odak kişinin temsil ettiği belediyeyi seçin.", `value="Zeynep Yeni"`, `value="new@test.birlik"`}},
		{name: "bad address", as: adminEmail, method: "POST", path: "/admin/users/new",
			form: url.Values{"email": {"not an address"}, "role": {"viewer"}}, wantStatus: 422, wantBody: []string{`href="#f-email"`}},
		{name: "address taken", as: adminEmail, method: "POST", path: "/admin/users/new",
			form:       url.Values{"email": {viewerEmail}, "name": {"Başka Biri"}, "role": {"viewer"}},
			wantStatus: 409, wantBody: []string{"Bu e-posta adresiyle bir hesap zaten var.", `value="Başka Biri"`}},
	})
	if len(e.mail.Messages()) != 0 {
		t.Fatal("a refused invitation sent mail")
	}
	res := e.post(admin, "/admin/users/new", url.Values{"email": {"Zeynep@Test.Birlik"}, "name": {"Zeynep Yeni"}, "role": {"focal-point"}, "org": {"bursa-nilufer"}, "lang": {"en"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/users/") {
		t.Fatalf("invite: %d %q %s", res.StatusCode, res.Header.Get("Location"), excerpt(res.Body))
	}
	account := e.get(admin, res.Header.Get("Location"))
	for _, want := range []string{"zeynep@test.birlik", "Davet e-postayla gönderildi.", "Davet edildi", "Nilüfer Belediyesi", "Daveti yeniden gönder", "English"} {
		if !strings.Contains(account.Body, want) {
			t.Errorf("the new account's page lacks %q", want)
		}
	}
	msgs := e.mail.Wait(1, 5*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != "zeynep@test.birlik" {
		t.Fatalf("mail: %+v", msgs)
	}
	if msgs[0].Subject != "Your invitation to Birlik" || !strings.Contains(msgs[0].Body, adminEmail+" has created a Birlik account for you") {
		t.Errorf("the invitation is not in the invitee's language: %q\n%s", msgs[0].Subject, msgs[0].Body)
	}
	link := e.mailLink(msgs[0].Body)
	// The invitee cannot sign in before choosing a password.
	guest := e.client()
	if res := e.get(guest, link); res.StatusCode != 200 || !strings.Contains(res.Body, "zeynep@test.birlik") {
		t.Fatalf("invitation page: %d", res.StatusCode)
	}
	const pw = "zeynep's own long passphrase"
	if res := e.post(guest, link, url.Values{"password": {pw}, "confirm": {pw}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d %s", res.StatusCode, excerpt(res.Body))
	}
	if res := e.post(e.client(), "/signin", url.Values{"email": {"zeynep@test.birlik"}, "password": {pw}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the invitee cannot sign in: %d", res.StatusCode)
	}
	// The invitee is a focal point of Nilüfer, and reads the pages in English.
	if body := e.get(guest, "/profile").Body; !strings.Contains(body, "Focal point") || !strings.Contains(body, "Nilüfer Belediyesi") {
		t.Errorf("the invitee's profile:\n%s", excerpt(body))
	}
}

// userForm posts the edit form of the account with the given changes over
// its stored values.
func (e *testEnv) saveUser(c *http.Client, u *accounts.User, change url.Values) response {
	e.t.Helper()
	form := url.Values{"name": {u.Name}, "role": {string(u.Role)}, "org": {u.OrgID}, "version": {strconv.Itoa(u.Version)}}
	if u.Active {
		form.Set("active", "1")
	}
	for k, v := range change {
		if len(v) == 0 {
			form.Del(k)
		} else {
			form[k] = v
		}
	}
	return e.post(c, "/admin/users/"+strconv.FormatInt(u.ID, 10), form)
}

func (e *testEnv) stored(email string) *accounts.User {
	e.t.Helper()
	u, err := e.accounts.Get(birlik.WithActor(context.Background(), birlik.SystemActor), e.users[email].ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func TestAdminUserUpdate(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	page := e.get(admin, fmt.Sprintf("/admin/users/%d", e.users[viewerEmail].ID))
	for _, want := range []string{`name="version" value="1"`, `<option value="viewer" selected>`, `id="f-active" name="active" value="1" checked`, "Vedat İzleyici",
		`action="/admin/users/6/reset"`, `href="/admin/audit?entity=user&amp;entity_id=6"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("account page lacks %q", want)
		}
	}
	noHash(t, "the account page", page.Body)

	t.Run("changing the role ends the sessions", func(t *testing.T) {
		viewer := e.signedIn(viewerEmail)
		u := e.stored(viewerEmail)
		res := e.saveUser(admin, u, url.Values{"role": {"committee-member"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.StatusCode, excerpt(res.Body))
		}
		if !e.signedOut(viewer) {
			t.Error("the account is still signed in with its old role")
		}
		if got := e.stored(viewerEmail); got.Role != birlik.RoleCommittee || got.Version != u.Version+1 {
			t.Errorf("stored %s v%d", got.Role, got.Version)
		}
		if body := e.get(admin, res.Header.Get("Location")).Body; !strings.Contains(body, "Hesap kaydedildi ve tüm oturumları kapatıldı.") {
			t.Error("no flash after saving")
		}
	})

	t.Run("renaming keeps the sessions", func(t *testing.T) {
		focal := e.signedIn(focalEmail)
		if res := e.saveUser(admin, e.stored(focalEmail), url.Values{"name": {"Fatma Odak-Yılmaz"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		if e.signedOut(focal) {
			t.Error("renaming signed the account out")
		}
	})

	t.Run("a stale version is a conflict that keeps what was typed", func(t *testing.T) {
		u := e.stored(coordinatorEmail)
		if res := e.saveUser(admin, u, url.Values{"name": {"Cem Koordinatör (yeni)"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: %d", res.StatusCode)
		}
		res := e.saveUser(admin, u, url.Values{"name": {"Yazılan Ad"}, "role": {"viewer"}})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("stale save: %d", res.StatusCode)
		}
		for _, want := range []string{"Bu kayıt siz düzenlerken başka biri tarafından değiştirildi.", `value="Yazılan Ad"`, `<option value="viewer" selected>`,
			"Cem Koordinatör (yeni)", fmt.Sprintf(`name="version" value="%d"`, u.Version+1)} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
		if got := e.stored(coordinatorEmail); got.Name != "Cem Koordinatör (yeni)" || got.Role != birlik.RoleCoordinator {
			t.Errorf("the stale form overwrote the account: %q %s", got.Name, got.Role)
		}
		if res := e.post(admin, fmt.Sprintf("/admin/users/%d", u.ID), url.Values{"name": {"Without version"}, "role": {"coordinator"}, "active": {"1"}}); res.StatusCode != http.StatusConflict {
			t.Errorf("a form without its version: %d", res.StatusCode)
		}
	})

	t.Run("a deactivated account cannot sign in", func(t *testing.T) {
		committee := e.signedIn(committeeEmail)
		res := e.saveUser(admin, e.stored(committeeEmail), url.Values{"active": nil})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("deactivate: %d %s", res.StatusCode, excerpt(res.Body))
		}
		if !e.signedOut(committee) {
			t.Error("the deactivated account is still signed in")
		}
		if res := e.post(e.client(), "/signin", url.Values{"email": {committeeEmail}, "password": {testPassword}}); res.StatusCode != 422 {
			t.Errorf("a deactivated account signed in: %d", res.StatusCode)
		}
		page := e.get(admin, fmt.Sprintf("/admin/users/%d", e.users[committeeEmail].ID))
		if !strings.Contains(page.Body, "Devre dışı") || strings.Contains(page.Body, "/reset\"") {
			t.Error("the deactivated account's page still offers a password link")
		}
		if res := e.post(admin, fmt.Sprintf("/admin/users/%d/reset", e.users[committeeEmail].ID), nil); res.StatusCode != http.StatusConflict {
			t.Errorf("reset link for a deactivated account: %d", res.StatusCode)
		}
	})

	t.Run("a focal point needs an organisation", func(t *testing.T) {
		res := e.saveUser(admin, e.stored(coordinatorEmail), url.Values{"role": {"focal-point"}, "org": {""}})
		if res.StatusCode != 422 || !strings.Contains(res.Body, `href="#f-org"`) {
			t.Errorf("status %d", res.StatusCode)
		}
	})

	t.Run("an admin cannot demote themself", func(t *testing.T) {
		res := e.saveUser(admin, e.stored(adminEmail), url.Values{"role": {"viewer"}})
		if res.StatusCode != 422 || !strings.Contains(res.Body, "Kendi yönetici yetkinizi kaldıramaz") {
			t.Errorf("status %d", res.StatusCode)
		}
	})
}

func TestAdminSessionsAndReset(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	focal := e.signedIn(focalEmail)
	id := e.users[focalEmail].ID
	page := e.get(admin, fmt.Sprintf("/admin/users/%d", id))
	if !strings.Contains(page.Body, "1 açık oturumu") || !strings.Contains(page.Body, "Go-http-client") {
		t.Errorf("the account's session is not listed")
	}
	res := e.post(admin, fmt.Sprintf("/admin/users/%d/sessions/end", id), nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end sessions: %d", res.StatusCode)
	}
	if !e.signedOut(focal) {
		t.Error("the account is still signed in")
	}
	if e.signedOut(admin) {
		t.Error("ending someone's sessions signed the admin out")
	}
	res = e.post(admin, fmt.Sprintf("/admin/users/%d/reset", id), nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	msgs := e.mail.Wait(1, 5*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != focalEmail || msgs[0].Subject != "Yeni Birlik parolanızı seçin" {
		t.Fatalf("mail: %+v", msgs)
	}
	link := e.mailLink(msgs[0].Body)
	const pw = "reset by the secretariat"
	if res := e.post(e.client(), link, url.Values{"password": {pw}, "confirm": {pw}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("use the link: %d", res.StatusCode)
	}
	if res := e.post(e.client(), "/signin", url.Values{"email": {focalEmail}, "password": {pw}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the new password: %d", res.StatusCode)
	}
}

func TestAdminUsersList(t *testing.T) {
	e := newEnv(t)
	sys := birlik.WithActor(context.Background(), birlik.SystemActor)
	for i := range 55 {
		if _, _, err := e.accounts.Create(sys, accounts.NewUser{Email: fmt.Sprintf("bulk%02d@test.birlik", i), Role: birlik.RoleViewer}); err != nil {
			t.Fatal(err)
		}
	}
	admin := e.signedIn(adminEmail)
	if res := e.saveUser(admin, e.stored(committeeEmail), url.Values{"active": nil}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	e.run(t, []scenario{
		{name: "all, first page", as: adminEmail, method: "GET", path: "/admin/users", wantStatus: 200,
			wantBody: []string{"61 hesap", "Sayfa 1 / 2", `href="?page=2"`, `<caption>`, `data-label="Rol"`, `href="/admin/users/new"`}, notBody: []string{"$argon2id$"}},
		{name: "second page", as: adminEmail, method: "GET", path: "/admin/users?page=2", wantStatus: 200, wantBody: []string{"Sayfa 2 / 2", `href="?page=1"`, "viewer@test.birlik"}},
		{name: "search by address", as: adminEmail, method: "GET", path: "/admin/users?q=KADIKOY", wantStatus: 200,
			wantBody: []string{"1 hesap", focalEmail, "Kadıköy Belediyesi"}, notBody: []string{otherFocalEmail}},
		{name: "search by name", as: adminEmail, method: "GET", path: "/admin/users?q=odak", wantStatus: 200, wantBody: []string{"2 hesap", focalEmail, otherFocalEmail}},
		{name: "by role", as: adminEmail, method: "GET", path: "/admin/users?role=focal-point", wantStatus: 200, wantBody: []string{"2 hesap", `<option value="focal-point" selected>`}},
		{name: "by organisation", as: adminEmail, method: "GET", path: "/admin/users?org=bursa-nilufer", wantStatus: 200,
			wantBody: []string{"1 hesap", otherFocalEmail, `<option value="bursa-nilufer" selected>`}, notBody: []string{focalEmail}},
		{name: "deactivated", as: adminEmail, method: "GET", path: "/admin/users?active=no", wantStatus: 200, wantBody: []string{"1 hesap", committeeEmail, "Devre dışı"}},
		{name: "filters kept in paging", as: adminEmail, method: "GET", path: "/admin/users?role=viewer&active=yes", wantStatus: 200,
			wantBody: []string{"56 hesap", `href="?active=yes&amp;page=2&amp;role=viewer"`, "Süzgeçleri temizle"}},
		{name: "nothing found", as: adminEmail, method: "GET", path: "/admin/users?q=nobody-here", wantStatus: 200, wantBody: []string{"0 hesap", "Bu süzgeçlere uyan hesap yok."}},
		{name: "nonsense filters are ignored", as: adminEmail, method: "GET", path: "/admin/users?role=king&active=maybe&page=-3", wantStatus: 200, wantBody: []string{"61 hesap"}},
		{name: "in English", as: adminEmail, method: "GET", path: "/admin/users?lang=en&q=odak", wantStatus: 200, wantBody: []string{"2 accounts", "Focal point"}},
	})
}

func TestAuditPage(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	viewer := e.stored(viewerEmail)
	if res := e.saveUser(admin, viewer, url.Values{"role": {"committee-member"}, "name": {"Vedat Meclis"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	// The filter takes days where the union works, as the page shows them.
	today := time.Now().In(e.srv.loc).Format(time.DateOnly)
	yesterday := time.Now().In(e.srv.loc).AddDate(0, 0, -1).Format(time.DateOnly)
	record := fmt.Sprintf("/admin/audit?entity=user&entity_id=%d", viewer.ID)
	e.run(t, []scenario{
		{name: "the change with its fields", as: adminEmail, method: "GET", path: record, wantStatus: 200,
			wantBody: []string{"Değişiklik · Hesap", "<code>role</code>", "<td data-label=\"Önce\">İzleyici</td>", "<td data-label=\"Sonra\">Komisyon üyesi</td>",
				"<code>name</code>", "Vedat Meclis", "2 alan değişti", adminEmail, "Oluşturma · Hesap", `<input id="f-entity_id" name="entity_id" type="text" value="6"`},
			notBody: []string{"$argon2id$", "password_hash", "Daha eski girdiler"}},
		{name: "by action", as: adminEmail, method: "GET", path: record + "&action=update", wantStatus: 200, wantBody: []string{"Değişiklik · Hesap"}, notBody: []string{"Oluşturma · Hesap"}},
		{name: "by actor", as: adminEmail, method: "GET", path: "/admin/audit?actor=ADMIN@test&action=sign_in", wantStatus: 200, wantBody: []string{"Giriş · Hesap", adminEmail, "Bu işlem için alan değeri kaydedilmez."}},
		{name: "by actor, nobody", as: adminEmail, method: "GET", path: "/admin/audit?actor=nobody", wantStatus: 200, wantBody: []string{"Bu süzgeçlere uyan girdi yok."}},
		{name: "from today", as: adminEmail, method: "GET", path: record + "&from=" + today + "&to=" + today, wantStatus: 200, wantBody: []string{"Değişiklik · Hesap", `type="date" value="` + today + `"`}},
		{name: "until yesterday", as: adminEmail, method: "GET", path: record + "&to=" + yesterday, wantStatus: 200, wantBody: []string{"Bu süzgeçlere uyan girdi yok."}},
		{name: "a bad date is reported", as: adminEmail, method: "GET", path: record + "&from=31.12.2026", wantStatus: 200,
			wantBody: []string{"Tarihi YYYY-AA-GG biçiminde girin.", `href="#f-from"`, "Değişiklik · Hesap"}},
		{name: "in French", as: adminEmail, method: "GET", path: record + "&lang=fr", wantStatus: 200, wantBody: []string{"Journal d’audit", "Modification · Compte", "2 champs modifiés"}},
	})

	t.Run("older entries", func(t *testing.T) {
		// Each sign-in is an entry: make more than a page of them.
		for range auditPerPage + 5 {
			e.signedIn(viewerEmail)
		}
		first := e.get(admin, "/admin/audit?action=sign_in")
		m := regexp.MustCompile(`href="/admin/audit\?action=sign_in&amp;before=(\d+)" rel="next"`).FindStringSubmatch(first.Body)
		if m == nil {
			t.Fatalf("no link to older entries:\n%s", excerpt(first.Body))
		}
		if n := strings.Count(first.Body, `class="audit-entry"`); n != auditPerPage {
			t.Errorf("first page has %d entries", n)
		}
		before, _ := strconv.Atoi(m[1])
		older := e.get(admin, "/admin/audit?action=sign_in&before="+m[1])
		if n := strings.Count(older.Body, `class="audit-entry"`); n == 0 || n >= auditPerPage {
			t.Errorf("older page has %d entries", n)
		}
		for _, id := range regexp.MustCompile(`id="entry-(\d+)"`).FindAllStringSubmatch(older.Body, -1) {
			if n, _ := strconv.Atoi(id[1]); n >= before {
				t.Errorf("entry %d on the older page is not older than %d", n, before)
			}
		}
		if !strings.Contains(older.Body, "En yeni girdiler") || strings.Contains(older.Body, `rel="next"`) {
			t.Error("older page: wrong paging links")
		}
	})

	t.Run("read-only", func(t *testing.T) {
		for _, rt := range e.srv.routes() {
			method, path, _ := strings.Cut(rt.pattern, " ")
			if strings.HasPrefix(path, "/admin/audit") && method != http.MethodGet {
				t.Errorf("route %q changes the audit log", rt.pattern)
			}
		}
		if res := e.post(admin, "/admin/audit", url.Values{}); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST /admin/audit: %d", res.StatusCode)
		}
	})
}
