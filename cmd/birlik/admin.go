package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"birlik"
	"birlik/accounts"
	"birlik/locale"
	"birlik/store"
)

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	commonFlags(fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	v, err := a.db.Version(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database is at schema version %d (%s)\n", v, a.db.Dialect())
	return nil
}

func backup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	commonFlags(fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("backup takes one argument, the file to write: %w", errUsage)
	}
	a, err := open(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.db.Backup(ctx, fs.Arg(0)); err != nil {
		if errors.Is(err, store.ErrBackupPostgres) {
			return err
		}
		return fmt.Errorf("backup to %s: %w", fs.Arg(0), err)
	}
	fmt.Fprintf(stdout, "backup written to %s\n", fs.Arg(0))
	return nil
}

func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("user needs a subcommand, create or reset: %w", errUsage)
	}
	sub, args := args[0], args[1:]
	var c config
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	commonFlags(fs, &c)
	fs.StringVar(&c.baseURL, "base-url", env("BIRLIK_BASE_URL", "http://localhost:8080"), "address people reach Birlik at, for the printed link")
	var email, role, org, name string
	var passwordStdin bool
	fs.StringVar(&email, "email", "", "the account's e-mail address")
	switch sub {
	case "create":
		fs.StringVar(&role, "role", "", "admin, coordinator, focal-point, committee-member or viewer")
		fs.StringVar(&org, "org", "", "organisation id (required for a focal point), e.g. istanbul-kadikoy")
		fs.StringVar(&name, "name", "", "the person's name")
		fs.BoolVar(&passwordStdin, "password-stdin", false, "read the password from the first line of standard input; without it, print a one-time link to set one")
	case "reset":
	default:
		return fmt.Errorf("unknown user subcommand %q: %w", sub, errUsage)
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if email == "" {
		return fmt.Errorf("--email is required: %w", errUsage)
	}
	a, err := open(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	cat := locale.MustLoad().Lang("en")

	if sub == "reset" {
		u, token, err := a.accounts.NewResetLink(ctx, email)
		if err != nil {
			return explain(cat, err)
		}
		fmt.Fprintf(stdout, "Open this one-time link to choose a new password for %s:\n\n    %s/password/set/%s\n", u.Email, c.baseURL, token)
		return nil
	}
	nu := accounts.NewUser{Email: email, Role: birlik.Role(role), OrgID: org, Name: name}
	if passwordStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return err
		}
		nu.Password = strings.TrimRight(line, "\r\n")
		if nu.Password == "" {
			return errors.New("no password on standard input")
		}
	}
	u, token, err := a.accounts.Create(ctx, nu)
	if err != nil {
		return explain(cat, err)
	}
	fmt.Fprintf(stdout, "created %s (%s)\n", u.Email, u.Role)
	if token != "" {
		fmt.Fprintf(stdout, "Open this one-time link to choose the password:\n\n    %s/password/set/%s\n", c.baseURL, token)
	}
	return nil
}

// explain turns a domain error into a sentence for the terminal, naming
// each field that is wrong.
func explain(l *locale.Lang, err error) error {
	var e *birlik.Error
	if !errors.As(err, &e) {
		return err
	}
	msg := l.T(e.Message, e.Args...)
	for field, key := range e.Fields {
		msg += fmt.Sprintf("\n  --%s: %s", field, l.T(key))
	}
	return errors.New(msg)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
