// Package demo loads a deterministic, realistic demo dataset into a fresh
// Birlik: membership of the union for 192 of the region's 206
// municipalities, the union's partners (the international organisations
// and funders of its human-rights profile, the state's provincial
// institutions, universities, NGOs), people in every municipality with
// their positions and some moves between municipalities, the union's own
// staff, and an account for every role with a known demo password.
//
// `birlik serve --demo` calls Load after the base seed; `--demo-scale N`
// multiplies the dataset (N=100: about 20,000 organisations and 200,000
// people) for benchmarks. The same scale always gives the same records,
// written in the same order, so two fresh databases get the same ids.
// Everything is written through the domain services as the system actor,
// so the records are validated and audited like any import.
package demo

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/documents"
	"birlik/equality"
	"birlik/indicators"
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
)

// Version identifies the dataset the generator makes. Bump it whenever a
// change to this package changes the records: cached benchmark databases
// (see demotest) are keyed by it and are rebuilt when it moves.
const Version = 3

// MaxScale bounds --demo-scale: scale 1,000 is two million people, far
// beyond anything the benchmarks need.
const MaxScale = 1000

// settingKey names the settings row that records the demo load, so that
// it runs once per database.
const settingKey = "seeded_demo"

// Marker states stored under settingKey.
const (
	stateLoading = "loading"
	stateDone    = "done"
)

// Batch sizes: each batch is one transaction of a bulk save. Large
// enough that per-transaction costs vanish, small enough that progress
// moves every second or so.
const (
	orgBatch    = 5_000
	peopleBatch = 5_000
)

// Deps are the services Load writes through. All are required.
type Deps struct {
	DB         *store.DB
	Network    *network.Service
	Accounts   *accounts.Service
	Spaces     *spaces.Service
	Meetings   *meetings.Service
	Needs      *needs.Service
	Practices  *practices.Service
	Streets    *streets.Service
	Life       *publiclife.Service
	Indicators *indicators.Service
	Equality   *equality.Service
	Notify     *notify.Service
	Documents  *documents.Service
}

// defaults gives every missing service but Documents one on DB with the
// default clock. Without Documents, the demo attaches no files.
func (d *Deps) defaults() {
	d.Spaces = cmp.Or(d.Spaces, spaces.New(d.DB))
	d.Meetings = cmp.Or(d.Meetings, meetings.New(d.DB))
	d.Needs = cmp.Or(d.Needs, needs.New(d.DB))
	d.Practices = cmp.Or(d.Practices, practices.New(d.DB))
	d.Streets = cmp.Or(d.Streets, streets.New(d.DB))
	d.Life = cmp.Or(d.Life, publiclife.New(d.DB))
	d.Indicators = cmp.Or(d.Indicators, indicators.New(d.DB))
	d.Equality = cmp.Or(d.Equality, equality.New(d.DB))
	d.Notify = cmp.Or(d.Notify, notify.New(d.DB))
}

// Account is a demo account. Its password is public by design: it is
// printed once when the demo loads and listed here for tests.
type Account struct {
	Role     birlik.Role
	Email    string
	Password string // at least 12 characters
	OrgID    string // the organisation a focal point acts for; "" for others
	Name     string // filled in by Load from the person the account belongs to
}

// demoAccounts has one account per role, and a second focal point in
// another municipality, so that scoping can be tried out: Kadıköy's focal
// point cannot see Nilüfer's people.
var demoAccounts = []Account{
	{Role: birlik.RoleAdmin, Email: "admin@demo.birlik", Password: "demo-admin-2026"},
	{Role: birlik.RoleCoordinator, Email: "coordinator@demo.birlik", Password: "demo-coordinator-2026"},
	{Role: birlik.RoleFocalPoint, Email: "focal.kadikoy@demo.birlik", Password: "demo-kadikoy-2026", OrgID: "istanbul-kadikoy"},
	{Role: birlik.RoleFocalPoint, Email: "focal.nilufer@demo.birlik", Password: "demo-nilufer-2026", OrgID: "bursa-nilufer"},
	{Role: birlik.RoleCommittee, Email: "committee@demo.birlik", Password: "demo-committee-2026"},
	{Role: birlik.RoleViewer, Email: "viewer@demo.birlik", Password: "demo-viewer-2026"},
}

// Accounts returns the demo accounts with their passwords (names are
// filled in only by Load). Tests and benchmarks sign in with them.
func Accounts() []Account { return slices.Clone(demoAccounts) }

// accountsFor names the demo accounts after people of the dataset: the
// admin and the coordinator work for the union, each focal point is the
// Migration Platform's representative of their municipality, the
// committee member is the mayor of Bursa (whose mayor presides over the
// union), and the viewer a researcher at Marmara University.
func accountsFor(people []network.PersonImport) []Account {
	find := func(org string, match func(p *network.PersonImport) bool) string {
		for i := range people {
			p := &people[i]
			if p.Affiliation.OrgID == org && match(p) {
				return p.Person.GivenName + " " + p.Person.FamilyName
			}
		}
		return ""
	}
	position := func(pos string) func(p *network.PersonImport) bool {
		return func(p *network.PersonImport) bool { return p.Affiliation.Position == pos }
	}
	platform := func(p *network.PersonImport) bool { return p.Person.Notes == "MBB Göç Platformu temsilcisi" }
	out := Accounts()
	out[0].Name = find(seed.UnionID, position("Genel Sekreter Yardımcısı"))
	out[1].Name = find(seed.UnionID, position("Göç ve Sosyal Politika Merkezi Koordinatörü"))
	out[2].Name = find("istanbul-kadikoy", platform)
	out[3].Name = find("bursa-nilufer", platform)
	out[4].Name = find("bursa-bb", position("Belediye Başkanı"))
	out[5].Name = find("marmara-universitesi", func(*network.PersonImport) bool { return true })
	return out
}

// Loaded reports whether demo data has been loaded completely into the
// database.
func Loaded(ctx context.Context, db store.Querier) (bool, error) {
	state, err := marker(ctx, db)
	return state == stateDone, err
}

func marker(ctx context.Context, db store.Querier) (string, error) {
	var v string
	err := db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	state, _, _ := strings.Cut(v, " ")
	return state, err
}

// Load adds the demo dataset at the given scale (1 to MaxScale; 0 means
// 1) and prints, once, the demo accounts with their passwords and the
// sign-in address at baseURL. It loads nothing, and says so on out, when
// the database has demo data already or holds any person: demo records
// must never mix with real ones. It needs the base seed (seed.Base)
// loaded first. Progress goes to out every few seconds.
//
// A load that fails half-way leaves what it wrote, and a marker that
// makes later runs refuse: start again from an empty database.
func Load(ctx context.Context, d Deps, scale int, out io.Writer, baseURL string) error {
	if scale == 0 {
		scale = 1
	}
	if scale < 1 || scale > MaxScale {
		return fmt.Errorf("demo: scale %d is outside 1 to %d", scale, MaxScale)
	}
	started := time.Now()
	d.defaults()
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	switch state, err := marker(ctx, d.DB); {
	case err != nil:
		return err
	case state == stateDone:
		fmt.Fprintln(out, "Demo data is loaded already: nothing added.")
		return nil
	case state != "":
		return errors.New("demo: an earlier demo load did not finish; load demo data into a new, empty database")
	}
	st, err := d.Network.Stats(ctx)
	if err != nil {
		return err
	}
	if st.People > 0 {
		fmt.Fprintf(out, "The database holds %s people already: demo data is loaded only into a database without any. Nothing added.\n", count(st.People))
		return nil
	}
	munis, err := d.Network.ExportOrganisations(ctx, network.OrgFilter{Kind: network.Municipality})
	if err != nil {
		return err
	}
	if len(munis) == 0 {
		return errors.New("demo: no municipalities stored: seed the database (seed.Base) before loading demo data")
	}
	ds, err := build(munis, scale)
	if err != nil {
		return err
	}

	// Claim the database: a second load running at the same time fails
	// here rather than doubling the data.
	if _, err := d.DB.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, settingKey, markerValue(stateLoading, scale)); err != nil {
		if store.IsUniqueViolation(err) {
			return errors.New("demo: another demo load is under way")
		}
		return err
	}
	fmt.Fprintf(out, "Loading demo data (scale %d): %s organisations, %s people…\n",
		scale, count(len(ds.municipalities)+len(ds.partners)+len(ds.extraOrgs)), count(len(ds.people)))
	p := &progress{out: out, start: started, last: time.Now(),
		total: len(ds.municipalities) + len(ds.partners) + len(ds.extraOrgs) + len(ds.people) + len(ds.moves)}
	if err := ds.write(ctx, d, p); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	for i := range ds.accounts {
		a := &ds.accounts[i]
		_, _, err := d.Accounts.Create(ctx, accounts.NewUser{Email: a.Email, Name: a.Name, Role: a.Role, OrgID: a.OrgID, Lang: "tr", Password: a.Password})
		if err != nil {
			return fmt.Errorf("demo: account %s: %w", a.Email, err)
		}
	}
	// The spaces and what lives in them, each part in a file of its own,
	// in the order their records point at each other.
	for _, part := range []func(context.Context, Deps, *dataset, int, *progress) error{
		loadSpaces, loadMeetings, loadNeeds, loadPractices, loadNotifications, loadDocuments,
		loadStreets, loadSurveys, loadPlans, loadIndicators,
	} {
		if err := part(ctx, d, ds, scale, p); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	if _, err := d.DB.ExecContext(ctx, `UPDATE settings SET value = ? WHERE key = ?`, markerValue(stateDone, scale), settingKey); err != nil {
		return err
	}
	if st, err = d.Network.Stats(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "Demo data loaded in %.1f s: %s organisations (%s members of the union), %s people, %s moves between municipalities.\n",
		time.Since(started).Seconds(), count(st.Organisations), count(st.Members), count(st.People), count(len(ds.moves)))
	var n [6]int
	for i, table := range []string{"spaces", "meetings", "needs", "recommendations", "practices", "documents"} {
		if err := d.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n[i]); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "In the spaces: %s spaces, %s meetings, %s needs, %s recommendations, %s practices, %s documents.\n",
		count(n[0]), count(n[1]), count(n[2]), count(n[3]), count(n[4]), count(n[5]))
	var cycles, sites, surveys int
	var area float64
	if err := d.DB.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM street_cycles), COUNT(*), COALESCE(SUM(area_m2), 0),
		(SELECT COUNT(*) FROM publiclife_surveys) FROM street_sites`).Scan(&cycles, &sites, &area, &surveys); err != nil {
		return err
	}
	fmt.Fprintf(out, "Reclaiming Streets: %s cycles, %s street sites (%s m² drawn), %s public-life surveys.\n",
		count(cycles), count(sites), count(int(area+0.5)), count(surveys))
	var inds, values, plans, measures int
	if err := d.DB.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM indicators), (SELECT COUNT(*) FROM indicator_values),
		(SELECT COUNT(*) FROM equality_plans), (SELECT COUNT(*) FROM equality_measures)`).Scan(&inds, &values, &plans, &measures); err != nil {
		return err
	}
	fmt.Fprintf(out, "Monitoring: %s indicators with %s values; %s gender equality plans with %s measures.\n",
		count(inds), count(values), count(plans), count(measures))
	printAccounts(out, ds.accounts, baseURL)
	return nil
}

func markerValue(state string, scale int) string {
	return fmt.Sprintf("%s scale=%d version=%d", state, scale, Version)
}

// write saves the dataset: organisations first (people point at them),
// then people in bulk, then the moves, each of which is a small
// transaction of its own.
func (ds *dataset) write(ctx context.Context, d Deps, p *progress) error {
	orgs := [][]network.Organisation{ds.municipalities, ds.partners}
	for start := 0; start < len(ds.extraOrgs); start += orgBatch {
		orgs = append(orgs, ds.extraOrgs[start:min(start+orgBatch, len(ds.extraOrgs))])
	}
	for _, batch := range orgs {
		base := p.done
		if _, _, err := d.Network.SaveOrganisations(ctx, batch, func(done, _ int) { p.at("organisations", base+done) }); err != nil {
			return fmt.Errorf("organisations: %w", err)
		}
		p.at("organisations", base+len(batch))
	}
	for start := 0; start < len(ds.people); start += peopleBatch {
		batch := ds.people[start:min(start+peopleBatch, len(ds.people))]
		base := p.done
		if _, _, err := d.Network.SavePeople(ctx, batch, func(done, _ int) { p.at("people", base+done) }); err != nil {
			return fmt.Errorf("people: %w", err)
		}
		p.at("people", base+len(batch))
	}
	for _, m := range ds.moves {
		to := m.to
		if err := d.Network.AddAffiliation(ctx, ds.people[m.person].Person.ID, &to, true); err != nil {
			return fmt.Errorf("move of person %d: %w", ds.people[m.person].Person.ID, err)
		}
		p.at("moves", p.done+1)
	}
	return nil
}

// progress prints how far the load is, at most every two seconds.
type progress struct {
	out         io.Writer
	start, last time.Time
	done, total int
}

func (p *progress) at(what string, done int) {
	p.done = done
	if now := time.Now(); now.Sub(p.last) >= 2*time.Second {
		p.last = now
		fmt.Fprintf(p.out, "  %3d%%  %s records written (%s), %.0f s\n", 100*p.done/max(p.total, 1), count(p.done), what, now.Sub(p.start).Seconds())
	}
}

// printAccounts shows the demo accounts once, as a table.
func printAccounts(out io.Writer, as []Account, baseURL string) {
	fmt.Fprintf(out, "\nDemo accounts. These are DEMO passwords, known to anyone who reads Birlik's source:\nuse this database for trying Birlik out only. Sign in at %s/signin\n\n", strings.TrimSuffix(baseURL, "/"))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ROLE\tE-MAIL\tPASSWORD\tNAME\tREACH")
	reach := map[birlik.Role]string{
		birlik.RoleAdmin:       "everything",
		birlik.RoleCoordinator: "every municipality",
		birlik.RoleCommittee:   "every municipality, reading",
		birlik.RoleViewer:      "public records only",
	}
	for _, a := range as {
		org := a.OrgID
		if org == "" {
			org = reach[a.Role]
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", a.Role, a.Email, a.Password, a.Name, org)
	}
	tw.Flush()
	fmt.Fprintln(out)
}

// count writes n with thousands separators: 200,000.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
