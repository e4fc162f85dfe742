package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// The roles the authorization matrix walks: the public, each account
// role, and a focal point acting on their own municipality or another's.
var matrixRoles = []string{"anon", "admin", "coordinator", "focal", "committee", "viewer"}

var roleEmail = map[string]string{
	"anon": "", "admin": adminEmail, "coordinator": coordinatorEmail, "focal": focalEmail,
	"committee": committeeEmail, "viewer": viewerEmail,
}

// authCase is one route's row in the authorization matrix. Paths are
// concrete: own is a record of the focal point's municipality (or any
// record when the route has no scope); other is the same kind of record of
// another municipality, "" when the route has no record to scope.
type authCase struct {
	pattern string // exactly as in routes()
	own     string
	other   string
	form    url.Values // body for POST; an incomplete form makes allowed roles get 422 rather than change anything
	// want is the status per role for own; roles missing take def.
	want map[string]int
	def  int
	// wantOther overrides want for the other path.
	wantOther map[string]int
}

// authCases collects every area's rows; each area's test file appends its
// own in an init function, so that areas do not edit one shared list.
var authCases []authCase

// Statuses used in the matrix, named for reading.
const (
	ok        = http.StatusOK
	seeOther  = http.StatusSeeOther
	forbidden = http.StatusForbidden
	notFound  = http.StatusNotFound
	invalid   = http.StatusUnprocessableEntity
	toSignIn  = http.StatusSeeOther // the public sent to sign in
	unauth    = http.StatusUnauthorized
)

func init() {
	authCases = append(authCases,
		authCase{pattern: "GET /healthz", own: "/healthz", def: ok},
		authCase{pattern: "GET /static/", own: "/static/css/birlik.css", def: ok},
		authCase{pattern: "GET /robots.txt", own: "/robots.txt", def: ok},
		authCase{pattern: "/", own: "/no/such/page", def: notFound},
		authCase{pattern: "GET /{$}", own: "/", def: ok},
		authCase{pattern: "POST /language", own: "/language", form: url.Values{"lang": {"en"}, "next": {"/"}}, def: seeOther},
		// Signed-in people are sent on from the sign-in page.
		authCase{pattern: "GET /signin", own: "/signin", def: seeOther, want: map[string]int{"anon": ok}},
		authCase{pattern: "POST /signin", own: "/signin", form: url.Values{}, def: invalid},
		authCase{pattern: "POST /signout", own: "/signout", def: seeOther, want: map[string]int{"anon": forbidden}},
		authCase{pattern: "GET /password/forgot", own: "/password/forgot", def: ok},
		authCase{pattern: "POST /password/forgot", own: "/password/forgot", form: url.Values{}, def: invalid},
		authCase{pattern: "GET /password/set/{token}", own: "/password/set/not-a-token", def: notFound},
		authCase{pattern: "POST /password/set/{token}", own: "/password/set/not-a-token", form: url.Values{}, def: notFound},
	)
}

// TestAuthorizationMatrix walks every route with every role, on a record
// of the focal point's own municipality and of another, and checks the
// status. A route without a row fails the test: nobody can add a route
// without deciding who may call it.
func TestAuthorizationMatrix(t *testing.T) {
	e := newEnv(t)
	byPattern := map[string]authCase{}
	for _, c := range authCases {
		if _, dup := byPattern[c.pattern]; dup {
			t.Errorf("two matrix rows for %q", c.pattern)
		}
		byPattern[c.pattern] = c
	}
	var missing []string
	for _, rt := range e.srv.routes() {
		if _, ok := byPattern[rt.pattern]; !ok {
			missing = append(missing, rt.pattern)
		}
		delete(byPattern, rt.pattern)
	}
	sort.Strings(missing)
	for _, p := range missing {
		t.Errorf("route %q has no row in the authorization matrix", p)
	}
	for p := range byPattern {
		t.Errorf("matrix row %q matches no route", p)
	}

	clients := map[string]*http.Client{}
	for _, role := range matrixRoles {
		clients[role] = e.signedIn(roleEmail[role])
	}
	for _, c := range authCases {
		method, _, found := strings.Cut(c.pattern, " ")
		if !found {
			method = http.MethodGet // a pattern for every method
		}
		for _, role := range matrixRoles {
			for _, side := range []string{"own", "other"} {
				path, want := c.own, c.def
				if w, ok := c.want[role]; ok {
					want = w
				}
				if side == "other" {
					if c.other == "" {
						continue
					}
					path = c.other
					if w, ok := c.wantOther[role]; ok {
						want = w
					}
				}
				var res response
				if method == http.MethodPost {
					res = e.post(clients[role], path, c.form)
				} else {
					res = e.get(clients[role], path)
				}
				if role != "anon" && strings.Contains(res.Header.Get("Set-Cookie"), sessionCookie+"=;") {
					// The route signed the client out (sign-out itself):
					// sign in again for the rows that follow.
					clients[role] = e.signedIn(roleEmail[role])
				}
				if res.StatusCode != want {
					t.Errorf("%s as %s on %s (%s): status %d, want %d", c.pattern, role, side, path, res.StatusCode, want)
				}
				if role == "anon" && method == http.MethodGet && res.StatusCode == seeOther && c.want["anon"] == toSignIn {
					if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/signin?next=") {
						t.Errorf("%s as anon: redirected to %q, want the sign-in page", c.pattern, loc)
					}
				}
			}
		}
	}
}
