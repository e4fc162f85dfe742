package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// birlik runs a command line against a data folder and returns what it
// printed.
func runCLI(t *testing.T, data string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	args = append(args, "--data", data, "--log-level", "warn")
	err = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// TestServe starts the server the way `go run ./cmd/birlik` does, on a
// fresh data folder: it migrates, seeds, prints the URL and the first
// admin's one-time link, serves, and stops cleanly when asked to.
func TestServe(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--log-level", "warn"}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	var printed strings.Builder
	var base string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		printed.WriteString(sc.Text() + "\n")
		if m := regexp.MustCompile(`running at (http://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		t.Fatalf("no URL printed:\n%s", printed.String())
	}
	link := regexp.MustCompile(`/password/set/[A-Za-z0-9_-]{22,}`).FindString(printed.String())
	if link == "" {
		t.Fatalf("no one-time admin link printed:\n%s", printed.String())
	}
	for _, path := range []string{"/healthz", "/", link} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
	}
	if _, err := os.Stat(filepath.Join(data, "birlik.db")); err != nil {
		t.Errorf("no database in the data folder: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve ended with %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}

	// A restart keeps everything and neither seeds nor prints a link again.
	ctx, cancel = context.WithCancel(context.Background())
	var out bytes.Buffer
	w := &syncWriter{b: &out, seen: make(chan struct{}, 1), want: "running at"}
	go func() {
		done <- run(ctx, []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--log-level", "warn"}, strings.NewReader(""), w, io.Discard)
	}()
	select {
	case <-w.seen:
	case err := <-done:
		t.Fatalf("restart failed: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("restart did not come up")
	}
	cancel()
	<-done
	if strings.Contains(out.String(), "/password/set/") {
		t.Errorf("a restart printed a new admin link:\n%s", out.String())
	}
}

// syncWriter signals when a wanted text has been written.
type syncWriter struct {
	b    *bytes.Buffer
	seen chan struct{}
	want string
}

func (w *syncWriter) Write(p []byte) (int, error) {
	n, err := w.b.Write(p)
	if strings.Contains(w.b.String(), w.want) {
		select {
		case w.seen <- struct{}{}:
		default:
		}
	}
	return n, err
}

func TestMigrateUserBackup(t *testing.T) {
	data := t.TempDir()
	out, _, err := runCLI(t, data, "", "migrate")
	if err != nil || !strings.Contains(out, "schema version") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	// A focal point needs an organisation: the error names the flag.
	if _, _, err := runCLI(t, data, "", "user", "create", "--email", "fp@kadikoy.bel.tr", "--role", "focal-point"); err == nil || !strings.Contains(err.Error(), "--org") {
		t.Errorf("focal point without --org: %v", err)
	}
	if _, _, err := runCLI(t, data, "", "user", "create", "--email", "x@example.org", "--role", "superuser"); err == nil {
		t.Error("an unknown role was accepted")
	}
	out, _, err = runCLI(t, data, "", "user", "create", "--email", "admin@example.org", "--role", "admin")
	if err != nil || !strings.Contains(out, "/password/set/") {
		t.Fatalf("create without password prints a link: %q %v", out, err)
	}
	out, _, err = runCLI(t, data, "a long and good password\n", "user", "create", "--email", "coord@example.org", "--role", "coordinator", "--password-stdin")
	if err != nil || strings.Contains(out, "/password/set/") {
		t.Fatalf("create with password: %q %v", out, err)
	}
	if _, _, err := runCLI(t, data, "short\n", "user", "create", "--email", "weak@example.org", "--role", "viewer", "--password-stdin"); err == nil || !strings.Contains(err.Error(), "12") {
		t.Errorf("weak password: %v", err)
	}
	out, _, err = runCLI(t, data, "", "user", "reset", "--email", "coord@example.org")
	if err != nil || !strings.Contains(out, "/password/set/") {
		t.Fatalf("reset: %q %v", out, err)
	}
	copyFile := filepath.Join(t.TempDir(), "copy.db")
	if out, _, err := runCLI(t, data, "", "backup", copyFile); err != nil || !strings.Contains(out, copyFile) {
		t.Fatalf("backup: %q %v", out, err)
	}
	if _, _, err := runCLI(t, data, "", "backup", copyFile); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	if _, _, err := runCLI(t, data, "", "nonsense"); err == nil {
		t.Error("an unknown command succeeded")
	}
}

func TestImportExport(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCLI(t, data, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	// Commands other than serve do not seed: a short serve run does.
	ctx, cancel := context.WithCancel(context.Background())
	w := &syncWriter{b: &bytes.Buffer{}, seen: make(chan struct{}, 1), want: "running at"}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--log-level", "warn"}, strings.NewReader(""), w, io.Discard)
	}()
	<-w.seen
	cancel()
	<-done

	// Export the municipalities of Bursa, filtered as on the list page.
	out, _, err := runCLI(t, data, "", "export", "organisations", "--filter", "province=bursa&kind=municipality")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1+18 || !strings.Contains(out, "bursa-nilufer") {
		t.Fatalf("export of Bursa's 18 municipalities gave %d lines", len(lines))
	}
	file := filepath.Join(t.TempDir(), "bursa.csv")
	os.WriteFile(file, []byte(out), 0o600)
	out, _, err = runCLI(t, data, "", "import", "organisations", file, "--dry-run")
	if err != nil || !strings.Contains(out, "0 to create, 0 to update, 18 unchanged") {
		t.Fatalf("re-import of an export: %q %v", out, err)
	}

	// A file with bad rows: every one is reported with its line, nothing
	// is written.
	bad := strings.Join([]string{
		lines[0],
		strings.Replace(lines[1], ",municipality,", ",not-a-kind,", 1),
		lines[2],
		strings.Replace(lines[3], ",municipality,", ",,", 1),
	}, "\n") + "\n"
	os.WriteFile(file, []byte(bad), 0o600)
	out, _, err = runCLI(t, data, "", "import", "organisations", file)
	if err == nil {
		t.Fatal("a file with bad rows was imported")
	}
	for _, want := range []string{file + ":2", file + ":4"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, file+":3") {
		t.Errorf("a good row was reported:\n%s", out)
	}
}

// TestHelpStops asks every command for its flags: each prints them and
// stops, successfully, without opening a database (a serve that went on
// after its help would create the data folder and listen).
func TestHelpStops(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"serve", "--help"}, {"migrate", "-h"}, {"backup", "--help"}, {"user", "create", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			var out, errOut bytes.Buffer
			err := run(context.Background(), append(args, "--data", dir), strings.NewReader(""), &out, &errOut)
			if !errors.Is(err, errHelp) {
				t.Fatalf("run %v = %v, want the help's stop", args, err)
			}
			if !strings.Contains(errOut.String()+out.String(), "-data") {
				t.Errorf("no flags printed: %q", errOut.String())
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("the data folder was made after the help (stat: %v)", err)
			}
		})
	}
}
