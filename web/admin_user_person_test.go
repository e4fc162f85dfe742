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

	"birlik"
	"birlik/accounts"
)

// Linking an account to its person of the network, on the account's page:
// the choices offered, linking and unlinking through the form, the
// refusals beside the field that was used, the linked person on the list,
// and the automatic link of an invitation. No route is added: the fields
// belong to POST /admin/users/{id}, whose matrix rows are in
// accounts_test.go.

// fieldError returns the error shown beside the field with that id, "" for
// none.
func fieldError(body, id string) string {
	m := regexp.MustCompile(`<p class="field__error" id="` + regexp.QuoteMeta(id) + `-error">(.*?)</p>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// linkAccount links an account to a person through the accounts service,
// as an admin would.
func (e *testEnv) linkAccount(email string, person int64) {
	e.t.Helper()
	u := e.stored(email)
	sys := birlik.WithActor(context.Background(), birlik.SystemActor)
	if _, err := e.accounts.Update(sys, u.ID, accounts.UserUpdate{Name: u.Name, Role: u.Role, OrgID: u.OrgID, Active: u.Active, PersonID: person, Version: u.Version}); err != nil {
		e.t.Fatal(err)
	}
}

func TestAdminUserPerson(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	focal := e.stored(focalEmail)
	focalPage := fmt.Sprintf("/admin/users/%d", focal.ID)
	own, other := strconv.FormatInt(e.ownPerson, 10), strconv.FormatInt(e.otherPerson, 10)

	t.Run("the choices are the organisation's people", func(t *testing.T) {
		page := e.get(admin, focalPage)
		if page.StatusCode != http.StatusOK {
			t.Fatalf("status %d", page.StatusCode)
		}
		// Ayla Demir works at Kadıköy; Emre Işık at Nilüfer.
		for _, want := range []string{`<select id="f-person" name="person"`, `<option value="" selected>Kişi bağlı değil</option>`,
			`<option value="` + own + `">Ayla Demir — Kadıköy`, `id="f-person_number" name="person_number" type="text"`, "Bağlı değil"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("account page lacks %q", want)
			}
		}
		if strings.Contains(page.Body, `<option value="`+other+`">`) {
			t.Error("a person of another organisation is offered to a focal point of Kadıköy")
		}
	})

	t.Run("linking through the form", func(t *testing.T) {
		res := e.saveUser(admin, e.stored(focalEmail), url.Values{"person": {own}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("link: %d %s", res.StatusCode, excerpt(res.Body))
		}
		if got := e.stored(focalEmail); got.PersonID != e.ownPerson || got.Version != focal.Version+1 {
			t.Errorf("stored person %d, version %d", got.PersonID, got.Version)
		}
		page := e.get(admin, focalPage)
		for _, want := range []string{`<a href="/people/` + own + `">Ayla Demir</a>`, `<option value="` + own + `" selected>`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("account page lacks %q", want)
			}
		}
		list := e.get(admin, "/admin/users?q=odak")
		if !strings.Contains(list.Body, `<a href="/people/`+own+`">Ayla Demir</a>`) || !strings.Contains(list.Body, `data-label="Kişi"`) {
			t.Errorf("the list does not show the linked person: %s", excerpt(list.Body))
		}
	})

	t.Run("a person already linked is refused beside the number typed", func(t *testing.T) {
		viewer := e.stored(viewerEmail)
		res := e.saveUser(admin, viewer, url.Values{"person_number": {own}, "name": {"Yazılan Ad"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		msg := fieldError(res.Body, "f-person_number")
		if !strings.Contains(msg, "Bu kişi zaten "+focalEmail+" hesabına bağlı") {
			t.Errorf("error beside the number: %q", msg)
		}
		for _, want := range []string{`id="f-person_number" name="person_number" type="text" value="` + own + `"`, `value="Yazılan Ad"`, `href="#f-person_number"`,
			`aria-describedby="f-person_number-hint f-person_number-error" aria-invalid="true"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("refused page lacks %q", want)
			}
		}
		if got := e.stored(viewerEmail); got.PersonID != 0 || got.Version != viewer.Version {
			t.Errorf("the refused form changed the account: person %d v%d", got.PersonID, got.Version)
		}
	})

	t.Run("an unknown number is refused", func(t *testing.T) {
		for _, typed := range []string{"99999", "kırk"} {
			res := e.saveUser(admin, e.stored(viewerEmail), url.Values{"person_number": {typed}})
			if res.StatusCode != http.StatusUnprocessableEntity || fieldError(res.Body, "f-person_number") == "" ||
				!strings.Contains(res.Body, `value="`+typed+`"`) || !strings.Contains(res.Body, "Bu numarada bir kişi yok.") {
				t.Errorf("%q: status %d, error %q", typed, res.StatusCode, fieldError(res.Body, "f-person_number"))
			}
		}
	})

	t.Run("a focal point's person works for its organisation", func(t *testing.T) {
		res := e.saveUser(admin, e.stored(otherFocalEmail), url.Values{"person": {own}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		// Ayla Demir is Fatma's now: chosen in the list, refused beside
		// the list, and still chosen.
		if msg := fieldError(res.Body, "f-person"); !strings.Contains(msg, focalEmail) {
			t.Errorf("error beside the list: %q", msg)
		}
		if !strings.Contains(res.Body, `<option value="`+own+`" selected>`) {
			t.Error("the refused choice is no longer selected")
		}
		// Emre Işık works at Nilüfer, but not as anyone's e-mail: he is
		// offered to Nilüfer's focal point and may be linked.
		res = e.saveUser(admin, e.stored(otherFocalEmail), url.Values{"person": {other}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("link Nilüfer's focal point to Emre Işık: %d %s", res.StatusCode, excerpt(res.Body))
		}
		// Free again, he still cannot be a Kadıköy focal point's person.
		e.linkAccount(otherFocalEmail, 0)
		res = e.saveUser(admin, e.stored(focalEmail), url.Values{"person_number": {other}})
		if msg := fieldError(res.Body, "f-person_number"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msg, "belediyesinde bugün çalışan") {
			t.Errorf("status %d, error %q", res.StatusCode, msg)
		}
	})

	t.Run("unlinking through the form", func(t *testing.T) {
		e.linkAccount(focalEmail, e.ownPerson)
		res := e.saveUser(admin, e.stored(focalEmail), url.Values{"person": {""}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("unlink: %d %s", res.StatusCode, excerpt(res.Body))
		}
		if got := e.stored(focalEmail); got.PersonID != 0 {
			t.Errorf("still linked to %d", got.PersonID)
		}
	})

	t.Run("an invitation links the one person with the address", func(t *testing.T) {
		res := e.post(admin, "/admin/users/new", url.Values{"email": {"Ayla.Demir@fixture.test.birlik"}, "name": {"Ayla Demir"}, "role": {"committee-member"}, "lang": {"tr"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("invite: %d %s", res.StatusCode, excerpt(res.Body))
		}
		page := e.get(admin, res.Header.Get("Location"))
		if !strings.Contains(page.Body, `<a href="/people/`+own+`">Ayla Demir</a>`) {
			t.Error("the invited account is not linked to Ayla Demir")
		}
		if !strings.Contains(page.Body, `<option value="`+own+`" selected>Ayla Demir — Kadıköy`) || !strings.Contains(page.Body, "aynı e-posta") {
			t.Error("the linked person is not offered as the one with the same address")
		}
	})
}

// adminUserBrowserPages are the account pages with a linked person: the
// account's page, and its form refused beside the number typed.
func adminUserBrowserPages(e *testEnv) []browserPage {
	focal := fmt.Sprintf("/admin/users/%d", e.users[focalEmail].ID)
	viewer := fmt.Sprintf("/admin/users/%d", e.users[viewerEmail].ID)
	return []browserPage{
		{name: "account with its person", as: adminEmail, path: focal},
		{name: "account list with people", as: adminEmail, path: "/admin/users"},
		{name: "account person refused", as: adminEmail, open: func(b *browser) {
			b.visit(viewer)
			b.fill("#f-person_number", strconv.FormatInt(e.ownPerson, 10))
			b.submit("form[action='"+viewer+"'] button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
	}
}

// TestBrowserAdminUserPages checks the account pages with a linked person
// in every language, then on a phone screen, like TestBrowserPages.
func TestBrowserAdminUserPages(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	e.linkAccount(focalEmail, e.ownPerson)
	checkPages(t, e, adminUserBrowserPages(e))
}
