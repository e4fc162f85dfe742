package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"birlik"
	"birlik/accounts"
	"birlik/blobs"
	"birlik/demo"
	"birlik/documents"
	"birlik/locale"
	"birlik/mail"
	"birlik/meetings"
	"birlik/needs"
	"birlik/network"
	"birlik/notify"
	"birlik/practices"
	"birlik/publiclife"
	"birlik/seed"
	"birlik/spaces"
	"birlik/store"
	"birlik/streets"
	"birlik/web"
)

// app is the wired program: the database and the services on it.
type app struct {
	cfg      config
	log      *slog.Logger
	db       *store.DB
	accounts *accounts.Service
	network  *network.Service
	// The spaces and what lives in them.
	spaces    *spaces.Service
	meetings  *meetings.Service
	needs     *needs.Service
	practices *practices.Service
	streets   *streets.Service
	life      *publiclife.Service
	notify    *notify.Service
	documents *documents.Service
	mail      mail.Sender
	// The mail schedulers (notifications and digests, meeting
	// reminders), while `serve` runs.
	schedStop context.CancelFunc
	schedDone sync.WaitGroup // counts the running schedulers
}

// open connects to the database, migrates it, and builds the services.
func open(ctx context.Context, c config, stderr io.Writer) (*app, error) {
	log := c.logger(stderr)
	db, err := store.Open(ctx, c.dbURL())
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	for _, name := range applied {
		log.Info("migration applied", "name", name)
	}
	a := &app{cfg: c, log: log, db: db, accounts: accounts.New(db), network: network.New(db),
		spaces: spaces.New(db), meetings: meetings.New(db), needs: needs.New(db), practices: practices.New(db),
		streets: streets.New(db), life: publiclife.New(db),
		notify: notify.New(db), documents: documents.New(db, blobs.Dir(filepath.Join(c.dataDir, "files")))}
	a.practices.Notify = a.notify // publishing a practice tells its space's followers
	if c.smtpAddr != "" {
		a.mail = &mail.SMTP{Addr: c.smtpAddr, From: c.smtpFrom, Username: c.smtpUser, Password: c.smtpPass}
	} else {
		a.mail = mail.Log{Logger: log}
	}
	return a, nil
}

func (a *app) close() { a.db.Close() }

// serve runs the web server until ctx ends (SIGINT or SIGTERM), then
// drains open requests for up to 15 seconds and stops background work.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	commonFlags(fs, &c)
	fs.StringVar(&c.addr, "addr", env("BIRLIK_ADDR", ":8080"), "address to listen on")
	fs.StringVar(&c.baseURL, "base-url", env("BIRLIK_BASE_URL", ""), "address people reach Birlik at, for links in e-mails (default http://localhost:PORT)")
	fs.BoolVar(&c.demo, "demo", false, "load a deterministic demo dataset into an empty database")
	fs.IntVar(&c.demoScale, "demo-scale", atoiEnv("BIRLIK_DEMO_SCALE", 1), "multiply the demo dataset (100: about 20,000 organisations and 200,000 people)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve takes no arguments, got %q: %w", fs.Args(), errUsage)
	}
	if c.demoScale > 1 {
		c.demo = true
	}
	start := time.Now()
	a, err := open(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.close()

	fresh, err := seed.Base(ctx, a.db, a.network)
	if err != nil {
		return err
	}
	if fresh {
		a.log.Info("seeded the union, the Marmara provinces and their municipalities")
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	if c.baseURL == "" {
		c.baseURL = localURL(ln.Addr())
	}
	if c.demo {
		if err := demo.Load(ctx, demo.Deps{DB: a.db, Network: a.network, Accounts: a.accounts,
			Spaces: a.spaces, Meetings: a.meetings, Needs: a.needs, Practices: a.practices, Streets: a.streets, Life: a.life, Notify: a.notify, Documents: a.documents}, c.demoScale, stdout, c.baseURL); err != nil {
			ln.Close()
			return fmt.Errorf("demo data: %w", err)
		}
	}
	if err := a.firstAdmin(ctx, stdout, c.baseURL); err != nil {
		ln.Close()
		return err
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewDBStatsCollector(a.db.SQLDB(), "birlik"))
	srv, err := web.New(web.Config{BaseURL: c.baseURL, TileURL: c.tileURL, TimeZone: c.timeZone, Version: version}, web.Deps{
		DB: a.db, Accounts: a.accounts, Network: a.network, Mail: a.mail,
		Spaces: a.spaces, Meetings: a.meetings, Needs: a.needs, Practices: a.practices, Streets: a.streets, Life: a.life, Notify: a.notify, Documents: a.documents,
		Catalogue: locale.MustLoad(), Logger: a.log, Registry: reg,
	})
	if err != nil {
		ln.Close()
		return err
	}
	// Runs after the HTTP server has drained and before the database
	// closes (defers run in reverse): large imports still being checked
	// or saved are stopped, and each records that it stopped.
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			a.log.Warn("shutdown", "error", err)
		}
	}()
	// Mail on a schedule: notifications and digests every minute,
	// meeting reminders every five, each in one background worker that
	// stops (and is waited for) before the database closes.
	if err := a.startSchedulers(ctx, c); err != nil {
		ln.Close()
		return err
	}
	defer a.stopSchedulers()
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	a.log.Info("Birlik is listening", "url", c.baseURL, "database", a.db.Dialect(), "startup_ms", time.Since(start).Milliseconds())
	fmt.Fprintf(stdout, "Birlik is running at %s (press Ctrl+C to stop)\n", c.baseURL)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down: finishing open requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	a.log.Info("stopped")
	return nil
}

// localURL turns a listening address into a URL a person on this machine
// can open: ":8080" becomes "http://localhost:8080".
func localURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if host == "" || host == "::" || host == "0.0.0.0" || strings.HasPrefix(host, "127.") || host == "::1" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// firstAdmin makes the first union admin on a database without accounts
// and prints a one-time link to choose its password. Nothing is printed on
// later starts: the link is the only way in and is shown once.
func (a *app) firstAdmin(ctx context.Context, stdout io.Writer, baseURL string) error {
	n, err := a.accounts.Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	u, token, err := a.accounts.Create(ctx, accounts.NewUser{Email: a.cfg.adminEmail, Name: "Birlik admin", Role: birlik.RoleAdmin, Lang: locale.Default})
	if err != nil {
		return fmt.Errorf("first admin: %w", err)
	}
	fmt.Fprintf(stdout, "\nFirst union admin created: %s\nOpen this one-time link to choose its password (valid %d days):\n\n    %s/password/set/%s\n\n",
		u.Email, int(a.accounts.InviteTTL.Hours()/24), baseURL, token)
	return nil
}

// startSchedulers runs the notification mail scheduler (notify.Run)
// every minute and the meeting reminders (meetings.RunReminders) every
// five minutes, until ctx ends or stopSchedulers is called.
func (a *app) startSchedulers(ctx context.Context, c config) error {
	a.notify.BaseURL = c.baseURL
	if c.timeZone != "" {
		loc, err := time.LoadLocation(c.timeZone)
		if err != nil {
			return fmt.Errorf("time zone %q: %w", c.timeZone, err)
		}
		a.notify.Location = loc
	}
	a.meetings.Log = a.log
	ctx, a.schedStop = context.WithCancel(ctx)
	a.schedDone.Go(func() { a.notify.Run(ctx, a.mail, time.Minute, a.log) })
	a.schedDone.Go(func() { a.meetings.RunReminders(ctx, a.mail, c.baseURL, 5*time.Minute) })
	return nil
}

// stopSchedulers stops the schedulers and waits for runs under way to
// end (their context is cancelled; a mail cut short is sent again later).
func (a *app) stopSchedulers() {
	if a.schedStop != nil {
		a.schedStop()
		a.schedDone.Wait()
	}
}
