// Package web adapts HTTP to the domain packages: it routes requests,
// decides who is asking and in which language, renders server-side HTML
// that works without JavaScript, serves the JSON API, and maps domain
// errors to statuses and translated sentences. It writes no SQL.
package web

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"birlik/accounts"
	"birlik/documents"
	"birlik/equality"
	"birlik/locale"
	"birlik/mail"
	"birlik/meetings"
	"birlik/needs"
	"birlik/network"
	"birlik/notify"
	"birlik/practices"
	"birlik/publiclife"
	"birlik/spaces"
	"birlik/staging"
	"birlik/store"
	"birlik/streets"
)

// Config is what the web layer needs to know about its deployment.
type Config struct {
	// BaseURL is the address people reach Birlik at, used in links sent by
	// e-mail, e.g. "https://birlik.marmara.gov.tr". An https URL also turns
	// on Secure cookies and HSTS.
	BaseURL string
	// TileURL is an optional map tile template ("https://tile…/{z}/{x}/{y}.png").
	// Empty: maps show the stored boundaries only, which works offline.
	TileURL string
	// TileAttribution is shown under maps when TileURL is set.
	TileAttribution string
	// Version is the build's version, shown in the footer and /healthz.
	Version string
	// TimeZone names the zone pages show times in (IANA name); default
	// "Europe/Istanbul", where the union works. Times are stored in UTC.
	TimeZone string
}

// Deps are the services the web layer adapts. All are required except
// Registry (nil: a fresh one, for tests) and the services of the spaces
// (nil: one on DB, with its default clock).
type Deps struct {
	DB        *store.DB
	Accounts  *accounts.Service
	Network   *network.Service
	Spaces    *spaces.Service
	Meetings  *meetings.Service
	Needs     *needs.Service
	Practices *practices.Service
	Streets   *streets.Service
	Life      *publiclife.Service
	Equality  *equality.Service
	Notify    *notify.Service
	Documents *documents.Service // required: it needs a blob store
	Mail      mail.Sender
	Catalogue *locale.Catalogue
	Logger    *slog.Logger
	Registry  *prometheus.Registry
}

// Server is Birlik's HTTP handler.
type Server struct {
	cfg       Config
	db        *store.DB
	accounts  *accounts.Service
	network   *network.Service
	spaces    *spaces.Service
	meetings  *meetings.Service
	needs     *needs.Service
	practices *practices.Service
	streets   *streets.Service
	life      *publiclife.Service // public-life counts of the street sites
	equality  *equality.Service   // Gender Equality Plans
	notify    *notify.Service
	documents *documents.Service
	stage     *staging.Service // uploads kept between check and confirmation; never nil
	jobs      *jobRunner       // large imports' background work; never nil
	mail      mail.Sender
	cat       *locale.Catalogue
	log       *slog.Logger
	tpl       *templates
	metrics   *metrics
	started   time.Time
	loc       *time.Location // where pages show times; never nil
	handler   http.Handler
	secure    bool // cookies Secure, HSTS on
}

// New builds the server: it parses every template (failing fast on a
// broken one) and assembles the routes and middleware.
func New(cfg Config, d Deps) (*Server, error) {
	s := &Server{
		cfg:       cfg,
		db:        d.DB,
		accounts:  d.Accounts,
		network:   d.Network,
		spaces:    cmp.Or(d.Spaces, spaces.New(d.DB)),
		meetings:  cmp.Or(d.Meetings, meetings.New(d.DB)),
		needs:     cmp.Or(d.Needs, needs.New(d.DB)),
		practices: cmp.Or(d.Practices, practices.New(d.DB)),
		streets:   cmp.Or(d.Streets, streets.New(d.DB)),
		life:      cmp.Or(d.Life, publiclife.New(d.DB)),
		equality:  cmp.Or(d.Equality, equality.New(d.DB)),
		notify:    cmp.Or(d.Notify, notify.New(d.DB)),
		documents: d.Documents,
		stage:     staging.New(d.DB),
		mail:      d.Mail,
		cat:       d.Catalogue,
		log:       d.Logger,
		started:   time.Now(),
		secure:    strings.HasPrefix(cfg.BaseURL, "https://"),
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.cfg.TimeZone == "" {
		s.cfg.TimeZone = "Europe/Istanbul"
	}
	loc, err := time.LoadLocation(s.cfg.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", s.cfg.TimeZone, err)
	}
	s.loc = loc
	s.jobs = newJobRunner(importWorkers, s.log)
	reg := d.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	s.metrics = newMetrics(reg)
	if s.tpl, err = parseTemplates(s.cat, s.loc); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.authorize(rt))
	}
	metrics := s.metrics.handler(reg)
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		noteRoute(r)
		metrics.ServeHTTP(w, r)
	})
	s.handler = s.middleware(mux)
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Shutdown stops the server's background work (large imports being
// checked or saved), once the HTTP server has stopped taking requests:
// each job's context ends, the job records that it stopped, and Shutdown
// waits for that, or until ctx ends. A save stopped this way is rolled
// back whole. Call it before closing the database.
func (s *Server) Shutdown(ctx context.Context) error { return s.jobs.shutdown(ctx) }

// Ready reports whether the server can serve: the database answers.
func (s *Server) Ready(ctx context.Context) error { return s.db.Ping(ctx) }
