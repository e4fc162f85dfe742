package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"

	"birlik"
	"birlik/locale"
	"birlik/network"
)

// progress prints how far a long task has gone, at most every step units,
// on one line when stderr is a terminal.
type progress struct {
	w    io.Writer
	what string
	step int
	next int
	tty  bool
	l    *locale.Lang
}

func newProgress(w io.Writer, what string, step int) *progress {
	return &progress{w: w, what: what, step: step, next: step, tty: isTerminal(w), l: locale.MustLoad().Lang("en")}
}

func (p *progress) lines(n int) { p.report(n, 0) }

func (p *progress) report(done, total int) {
	if done < p.next && done != total {
		return
	}
	p.next = done + p.step
	end := "\n"
	if p.tty {
		end = "\r"
	}
	if total > 0 {
		fmt.Fprintf(p.w, "%s: %s of %s%s", p.what, p.l.Number(done), p.l.Number(total), end)
	} else {
		fmt.Fprintf(p.w, "%s: %s lines%s", p.what, p.l.Number(done), end)
	}
}

func (p *progress) done() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

// importCmd validates a whole CSV file, reports every bad row with its
// line, and writes only a clean file (and nothing with --dry-run).
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	commonFlags(fs, &c)
	dryRun := fs.Bool("dry-run", false, "validate and report what would change, write nothing")
	if len(args) < 2 {
		return fmt.Errorf("import takes a kind (organisations or people) and a file: %w", errUsage)
	}
	kind, file := args[0], args[1]
	if err := parse(fs, args[2:]); err != nil {
		return err
	}
	if kind != "organisations" && kind != "people" {
		return fmt.Errorf("cannot import %q: the kinds are organisations and people: %w", kind, errUsage)
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	a, err := open(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	l := locale.MustLoad().Lang("en")

	check := newProgress(stderr, "validating "+file, 5000)
	var (
		rowErrors                   []network.RowError
		creates, updates, unchanged int
		save                        func(func(done, total int)) (int, int, error)
	)
	switch kind {
	case "organisations":
		plan, err := a.network.ParseOrganisationsCSV(ctx, f, check.lines)
		if err != nil {
			return explain(l, err)
		}
		rowErrors, creates, updates, unchanged = plan.Errors, plan.Creates, plan.Updates, plan.Unchanged
		save = func(p func(int, int)) (int, int, error) { return a.network.SaveOrganisations(ctx, plan.Rows, p) }
	case "people":
		plan, err := a.network.ParsePeopleCSV(ctx, f, check.lines)
		if err != nil {
			return explain(l, err)
		}
		rowErrors, creates, updates, unchanged = plan.Errors, plan.Creates, plan.Updates, plan.Unchanged
		save = func(p func(int, int)) (int, int, error) { return a.network.SavePeople(ctx, plan.Rows, p) }
	}
	check.done()
	if len(rowErrors) > 0 {
		for _, e := range rowErrors {
			field := ""
			if e.Field != "" {
				field = " (" + e.Field + ")"
			}
			fmt.Fprintf(stdout, "%s:%d%s: %s\n", file, e.Line, field, l.T(e.Message, e.Args...))
		}
		return fmt.Errorf("%d problems in %s; nothing was imported", len(rowErrors), file)
	}
	fmt.Fprintf(stdout, "%s is valid: %d to create, %d to update, %d unchanged\n", file, creates, updates, unchanged)
	if *dryRun {
		fmt.Fprintln(stdout, "dry run: nothing was written")
		return nil
	}
	write := newProgress(stderr, "importing", 5000)
	created, updated, err := save(write.report)
	write.done()
	if err != nil {
		return explain(l, err)
	}
	fmt.Fprintf(stdout, "imported: %d created, %d updated\n", created, updated)
	return nil
}

// exportCmd writes a list, filtered as its page would be, as CSV or JSON.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	commonFlags(fs, &c)
	format := fs.String("format", "csv", "csv or json")
	output := fs.String("output", "", "file to write (default: standard output)")
	filter := fs.String("filter", "", `filters as in the list page's URL, e.g. "kind=municipality&province=bursa"`)
	if len(args) < 1 {
		return fmt.Errorf("export takes a kind, organisations or people: %w", errUsage)
	}
	kind := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *format != "csv" && *format != "json" {
		return fmt.Errorf("unknown format %q: the formats are csv and json: %w", *format, errUsage)
	}
	q, err := url.ParseQuery(*filter)
	if err != nil {
		return fmt.Errorf("--filter: %v: %w", err, errUsage)
	}
	w := stdout
	if *output != "" {
		f, err := os.Create(*output)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	a, err := open(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	switch kind {
	case "organisations":
		orgs, err := a.network.ExportOrganisations(ctx, network.ParseOrgFilter(q))
		if err != nil {
			return err
		}
		if *format == "json" {
			return network.WriteOrganisationsJSON(w, orgs)
		}
		return network.WriteOrganisationsCSV(w, orgs)
	case "people":
		people, err := a.network.ExportPeople(ctx, network.ParsePeopleFilter(q))
		if err != nil {
			return err
		}
		if *format == "json" {
			return network.WritePeopleJSON(w, people)
		}
		return network.WritePeopleCSV(w, people)
	}
	return fmt.Errorf("cannot export %q: the kinds are organisations and people: %w", kind, errUsage)
}
