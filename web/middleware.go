package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/audit"
	"birlik/locale"
)

// Cookie names. With HTTPS the session cookie takes the __Host- prefix,
// which browsers only accept when Secure, path / and no domain.
const (
	sessionCookie       = "birlik_session"
	secureSessionCookie = "__Host-birlik_session"
	langCookie          = "birlik_lang"
	flashCookie         = "birlik_flash"
)

// request is what the middleware learns about a request, for handlers.
type request struct {
	lang  *locale.Lang
	user  *accounts.User // nil for the public
	token string         // the session token, "" when none
}

type requestKey struct{}

func reqInfo(r *http.Request) *request {
	if ri, ok := r.Context().Value(requestKey{}).(*request); ok {
		return ri
	}
	return &request{}
}

// middleware wraps the mux, outermost first: recovery, logging and
// metrics, security headers, cross-origin protection, who is asking, in
// which language.
func (s *Server) middleware(mux http.Handler) http.Handler {
	h := s.identify(mux)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, birlik.Errorf(birlik.EFORBIDDEN, "error.cross_origin"))
	}))
	h = cop.Handler(h)
	h = s.headers(h)
	h = s.observe(h)
	return s.recover(h)
}

func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", "error", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status written, for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs each request and records it in the metrics, labelled by the
// route pattern rather than the path, so that ids do not explode the
// number of series and secret tokens in paths never reach the logs.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		m := &matched{}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), matchedKey{}, m)))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		route := m.pattern
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(route, r.Method, sw.status, d)
		path := r.URL.Path
		if strings.Contains(route, "{token}") {
			path = route
		}
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		if route == "GET /static/" || route == "GET /healthz" || route == "GET /metrics" {
			level = slog.LevelDebug
		}
		s.log.Log(r.Context(), level, "request", "method", r.Method, "route", route, "path", path,
			"status", sw.status, "bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000, "user", birlik.ActorFrom(r.Context()).UserID)
	})
}

// matched carries the route pattern the mux chose back out to observe:
// the mux sets Pattern on the request it is given, which is a copy made
// further in by the middleware, not the request observe holds.
type matched struct{ pattern string }

type matchedKey struct{}

// noteRoute records the pattern of the route serving r, for logs and
// metrics.
func noteRoute(r *http.Request) {
	if m, ok := r.Context().Value(matchedKey{}).(*matched); ok {
		m.pattern = r.Pattern
	}
}

// csp is the Content Security Policy: scripts and styles only from our own
// files, no inline script or style anywhere, nothing framed, forms posting
// only here. Map tiles, when configured, are the one outside source.
func (s *Server) csp() string {
	img := "'self' data:"
	if s.cfg.TileURL != "" {
		if i := strings.Index(s.cfg.TileURL, "://"); i > 0 {
			host := s.cfg.TileURL[i+3:]
			if j := strings.IndexByte(host, '/'); j > 0 {
				host = host[:j]
			}
			host = strings.NewReplacer("{s}", "*").Replace(host)
			img += " " + s.cfg.TileURL[:i] + "://" + host
		}
	}
	return "default-src 'none'; script-src 'self'; style-src 'self'; img-src " + img +
		"; connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}

func (s *Server) headers(next http.Handler) http.Handler {
	policy := s.csp()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", policy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// identify finds who is asking (a session cookie, or for the API a bearer
// token) and in which language, and puts both in the request's context.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := audit.WithAddress(r.Context(), clientAddress(r))
		ri := &request{}
		if strings.HasPrefix(r.URL.Path, "/static/") {
			// Assets need neither a session nor a language: skip the lookups.
			ri.lang = s.cat.Lang(locale.Default)
			next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, requestKey{}, ri)))
			return
		}
		if auth := r.Header.Get("Authorization"); isAPI(r) && auth != "" {
			secret, ok := strings.CutPrefix(auth, "Bearer ")
			u, err := s.accounts.AuthenticateAPIToken(ctx, strings.TrimSpace(secret))
			if !ok || err != nil {
				ri.lang = s.cat.Match(r.Header.Get("Accept-Language"), r.URL.Query().Get("lang"))
				r = r.WithContext(context.WithValue(ctx, requestKey{}, ri))
				s.apiError(w, r, birlik.Errorf(birlik.EUNAUTHORIZED, "error.api.bad_token"), http.StatusUnauthorized)
				return
			}
			ri.user = u
		} else if c, err := r.Cookie(s.sessionCookieName()); err == nil && c.Value != "" {
			u, _, err := s.accounts.Authenticate(ctx, c.Value)
			switch {
			case err == nil:
				ri.user, ri.token = u, c.Value
			case birlik.ErrorCode(err) == birlik.ENOTFOUND:
				s.clearCookie(w, s.sessionCookieName())
			default:
				s.fail(w, r, err)
				return
			}
		}
		if ri.user != nil {
			ctx = birlik.WithActor(ctx, ri.user.Actor())
		}
		var userLang, cookieLang string
		if ri.user != nil {
			userLang = ri.user.Lang
		}
		if c, err := r.Cookie(langCookie); err == nil {
			cookieLang = c.Value
		}
		ri.lang = s.cat.Match(r.Header.Get("Accept-Language"), r.URL.Query().Get("lang"), userLang, cookieLang)
		w.Header().Add("Vary", "Cookie, Accept-Language")
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, requestKey{}, ri)))
	})
}

// clientAddress is the peer's IP address. Behind a reverse proxy the
// operator must make the proxy the only way in; we do not trust
// X-Forwarded-For from anyone, since throttling keys on this address.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) sessionCookieName() string {
	if s.secure {
		return secureSessionCookie
	}
	return sessionCookie
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		MaxAge:   int(maxAge.Seconds()),
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

func contextWithRequest(r *http.Request, ri *request) context.Context {
	return context.WithValue(r.Context(), requestKey{}, ri)
}
