// Command birlik runs Birlik, the platform of the Union of Marmara
// Municipalities: `birlik` or `birlik serve` starts the web server on an
// embedded SQLite database (or PostgreSQL, given BIRLIK_DATABASE_URL),
// seeded on first start. Other subcommands migrate, back up, import and
// export, and manage accounts. This file is the only place where the
// parts are wired together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	_ "time/tzdata" // pages show times in Europe/Istanbul even where the system has no zone files
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `Birlik — the platform of the Union of Marmara Municipalities.

Usage:
  birlik [serve] [--addr :8080] [--data ./data] [--demo] [--demo-scale N]
  birlik migrate
  birlik backup FILE
  birlik import organisations|people FILE [--dry-run]
  birlik export organisations|people [--format csv|json] [--output FILE] [filters as in the list URL, e.g. --filter "kind=municipality&province=bursa"]
  birlik user create --email E --role ROLE [--org ORG_ID] [--name NAME] [--password-stdin]
  birlik user reset --email E

Every flag has an environment variable: BIRLIK_ADDR, BIRLIK_DATA_DIR,
BIRLIK_DATABASE_URL (empty: SQLite in the data folder; postgres://… for
PostgreSQL), BIRLIK_BASE_URL, BIRLIK_SMTP_ADDR, BIRLIK_SMTP_FROM,
BIRLIK_SMTP_USERNAME, BIRLIK_SMTP_PASSWORD, BIRLIK_TILE_URL,
BIRLIK_ADMIN_EMAIL, BIRLIK_TIMEZONE (default Europe/Istanbul), BIRLIK_LOG_LEVEL (debug|info|warn|error),
BIRLIK_LOG_FORMAT (text|json).
ROLE is one of admin, coordinator, focal-point, committee-member, viewer.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, errHelp) {
			return // the flags' help is printed: nothing more to do
		}
		fmt.Fprintln(os.Stderr, "birlik:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("see `birlik help`")

// errHelp is returned when -h or --help was asked for and the command's
// flags were printed: the command must stop there, successfully.
var errHelp = errors.New("help printed")

// run dispatches a command line; tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stdout, stderr)
	case "migrate":
		return migrate(ctx, args, stdout, stderr)
	case "backup":
		return backup(ctx, args, stdout, stderr)
	case "import":
		return importCmd(ctx, args, stdout, stderr)
	case "export":
		return exportCmd(ctx, args, stdout, stderr)
	case "user":
		return userCmd(ctx, args, stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q: %w", cmd, errUsage)
	}
}

// config is what every subcommand reads from flags and the environment.
type config struct {
	addr        string
	dataDir     string
	databaseURL string
	baseURL     string
	demo        bool
	demoScale   int
	smtpAddr    string
	smtpFrom    string
	smtpUser    string
	smtpPass    string
	tileURL     string
	timeZone    string
	adminEmail  string
	logLevel    string
	logFormat   string
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// commonFlags registers the flags every subcommand shares, with defaults
// from the environment so that flags win over it.
func commonFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.dataDir, "data", env("BIRLIK_DATA_DIR", "./data"), "folder for the SQLite database and uploaded files")
	fs.StringVar(&c.databaseURL, "database-url", env("BIRLIK_DATABASE_URL", ""), "postgres://… to use PostgreSQL; empty for SQLite in the data folder")
	fs.StringVar(&c.logLevel, "log-level", env("BIRLIK_LOG_LEVEL", "info"), "debug, info, warn or error")
	fs.StringVar(&c.logFormat, "log-format", env("BIRLIK_LOG_FORMAT", "text"), "text or json")
	c.smtpAddr = env("BIRLIK_SMTP_ADDR", "")
	c.smtpFrom = env("BIRLIK_SMTP_FROM", "birlik@localhost")
	c.smtpUser = env("BIRLIK_SMTP_USERNAME", "")
	c.smtpPass = env("BIRLIK_SMTP_PASSWORD", "")
	c.tileURL = env("BIRLIK_TILE_URL", "")
	c.timeZone = env("BIRLIK_TIMEZONE", "Europe/Istanbul")
	c.adminEmail = env("BIRLIK_ADMIN_EMAIL", "admin@birlik.local")
}

func (c *config) dbURL() string {
	if c.databaseURL != "" {
		return c.databaseURL
	}
	return filepath.Join(c.dataDir, "birlik.db")
}

func (c *config) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// parse parses flags wherever they stand among the arguments, so that
// `birlik backup FILE --data D` and `birlik backup --data D FILE` both
// work; the other arguments are left in order for fs.Args().
func parse(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return errHelp
			}
			return fmt.Errorf("%v: %w", err, errUsage)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			positional = append(positional, rest[1:]...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}

func atoiEnv(name string, def int) int {
	if v := os.Getenv(name); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}
