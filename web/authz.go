package web

import (
	"net/http"
	"net/url"
	"strings"

	"birlik"
)

// rule decides from the actor alone whether a route may be called at all.
// Finer decisions (which municipality's records) are the domain packages'
// and are made in their queries.
type rule struct {
	name  string
	allow func(birlik.Actor) bool
}

var (
	public   = rule{"public", func(birlik.Actor) bool { return true }}
	signedIn = rule{"signed-in", func(a birlik.Actor) bool { return a.Signed() }}
	staff    = roles(birlik.RoleAdmin, birlik.RoleCoordinator)
	admins   = roles(birlik.RoleAdmin)
)

// roles returns a rule allowing signed-in actors with any of the roles.
func roles(rs ...birlik.Role) rule {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = string(r)
	}
	return rule{strings.Join(names, "|"), func(a birlik.Actor) bool { return a.Is(rs...) }}
}

// authorize wraps a route's handler with its rule. The public who reach a
// page that needs an account are sent to sign in and brought back; the API
// answers 401 instead. Signed-in actors without the role get 403.
func (s *Server) authorize(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		noteRoute(r)
		a := birlik.ActorFrom(r.Context())
		if !rt.rule.allow(a) {
			if !a.Signed() {
				if isAPI(r) {
					s.apiError(w, r, birlik.Errorf(birlik.EUNAUTHORIZED, "error.api.unauthorized"), http.StatusUnauthorized)
					return
				}
				if r.Method == http.MethodGet || r.Method == http.MethodHead {
					http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.fail(w, r, birlik.Errorf(birlik.EFORBIDDEN, "error.signin_required"))
				return
			}
			s.fail(w, r, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden"))
			return
		}
		if err := rt.handler(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// localPath returns next when it is a path on this site, else "/": links
// that bring people back after signing in must not lead elsewhere.
func localPath(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}
