package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/locale"
)

//go:embed templates
var templateFS embed.FS

// templates holds every page, parsed once at start-up and bound to each
// language: pages[lang][name]. Binding per language at start-up rather
// than per request keeps rendering to one map lookup.
type templates struct {
	pages map[string]map[string]*template.Template
}

// parseTemplates parses the layout and partials with each page under
// templates/pages, once per language. A template that does not parse, or
// calls a function that does not exist, stops the start-up.
func parseTemplates(cat *locale.Catalogue, loc *time.Location) (*templates, error) {
	var names []string
	err := fs.WalkDir(templateFS, "templates/pages", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			names = append(names, strings.TrimSuffix(strings.TrimPrefix(p, "templates/pages/"), ".html"))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]map[string]*template.Template{}}
	for _, l := range cat.Langs() {
		t.pages[l.Code] = map[string]*template.Template{}
		funcs := templateFuncs(l, loc)
		for _, name := range names {
			tpl, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
				"templates/layout.html", "templates/partials/*.html", "templates/pages/"+name+".html")
			if err != nil {
				return nil, fmt.Errorf("template %s: %w", name, err)
			}
			t.pages[l.Code][name] = tpl
		}
	}
	return t, nil
}

// page is what every template receives.
type page struct {
	L       *locale.Lang
	Langs   []*locale.Lang
	User    *accounts.User // nil for the public
	Actor   birlik.Actor
	Path    string // the current path, for the navigation and the language form
	URI     string // path and query, to come back to after switching language
	Title   string // already translated
	Flash   string // already translated; "" for none
	Form    *form  // nil on pages without a form
	Config  Config
	Version string
	Unread  int // the signed-in reader's unread notifications
	Data    any
}

// render writes the named page with data. The page is rendered into a
// buffer first, so a template failure becomes a clean error page instead
// of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) error {
	ri := reqInfo(r)
	p.L = ri.lang
	p.Langs = s.cat.Langs()
	p.User = ri.user
	p.Actor = birlik.ActorFrom(r.Context())
	p.Path = r.URL.Path
	p.URI = r.URL.RequestURI()
	if r.Method != http.MethodGet {
		// A page answering a POST has no address of its own to come back
		// to after switching language: go back to the page the form was on.
		p.URI = "/"
		if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
			p.URI = localPath(ref.RequestURI())
		}
	}
	p.Config = s.cfg
	p.Version = s.cfg.Version
	if p.User != nil {
		p.Unread = s.unreadCount(r)
	}
	if p.Flash == "" {
		p.Flash = s.takeFlash(w, r, ri.lang)
	}
	tpl := s.tpl.pages[ri.lang.Code][name]
	if tpl == nil {
		return fmt.Errorf("web: no template %q", name)
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if p.User != nil {
		// Pages with personal data must not be kept by shared caches or
		// shown again from history after signing out.
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// flash stores a one-time message (a catalogue key) shown on the next page,
// for the redirect after a successful POST.
func (s *Server) flash(w http.ResponseWriter, key string) {
	s.setCookie(w, flashCookie, url.QueryEscape(key), time.Minute)
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request, l *locale.Lang) string {
	c, err := r.Cookie(flashCookie)
	if err != nil || c.Value == "" {
		return ""
	}
	s.clearCookie(w, flashCookie)
	key, _ := url.QueryUnescape(c.Value)
	if !strings.HasPrefix(key, "flash.") {
		return "" // only our own flash keys; a forged cookie shows nothing
	}
	return l.T(key)
}

// redirect sends the browser to a page after a successful POST, with a
// flash message, so that reloading does not post again.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) error {
	if flashKey != "" {
		s.flash(w, flashKey)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// fail writes err as a page (or as JSON for the API) with the status its
// code maps to. Internal errors are logged in full and shown as a plain
// sentence.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	if isAPI(r) {
		s.apiError(w, r, err, status)
		return
	}
	ri := reqInfo(r)
	if ri.lang == nil {
		ri.lang = s.cat.Lang(locale.Default)
		r = r.WithContext(contextWithRequest(r, ri))
	}
	msg := birlik.ErrorMessage(err)
	if status == http.StatusInternalServerError {
		msg = "error.internal"
	}
	p := page{Title: ri.lang.T("error.title." + strconv.Itoa(status)), Data: errorPage{Status: status, Message: ri.lang.T(msg)}}
	if rerr := s.render(w, r, status, "error", p); rerr != nil {
		s.log.ErrorContext(r.Context(), "render error page", "error", rerr)
		http.Error(w, http.StatusText(status), status)
	}
}

type errorPage struct {
	Status  int
	Message string
}

// statusOf maps a domain error code to an HTTP status.
func statusOf(err error) int {
	switch birlik.ErrorCode(err) {
	case birlik.ENOTFOUND:
		return http.StatusNotFound
	case birlik.EFORBIDDEN:
		return http.StatusForbidden
	case birlik.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case birlik.EINVALID:
		return http.StatusUnprocessableEntity
	case birlik.ECONFLICT:
		return http.StatusConflict
	case birlik.ETHROTTLED:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

//go:embed static
var staticFS embed.FS

// staticHashes maps each static file to a short hash of its content, so
// links change when files do and the files can be cached for a year.
var staticHashes = func() map[string]string {
	m := map[string]string{}
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := staticFS.ReadFile(p)
		sum := sha256.Sum256(data)
		m[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:4])
		return nil
	})
	return m
}()

// staticURL returns the versioned URL of a static file.
func staticURL(name string) string {
	return "/static/" + name + "?v=" + staticHashes[name]
}

var staticFiles = func() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}()

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/static/")
	if _, ok := staticHashes[name]; !ok {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if r.URL.Query().Get("v") == staticHashes[name] {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	staticFiles.ServeHTTP(w, r)
	return nil
}
