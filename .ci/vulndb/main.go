// Command vulndb builds a local copy of the Go vulnerability database for
// govulncheck's -db file:///… flag, from the OSV entries that the module
// golang.org/x/vulndb carries in data/osv. CI uses it because the
// database's own host (vuln.go.dev) cannot be reached from CI machines
// while the Go module proxy can.
//
// It writes the v1 layout that golang.org/x/vuln's client reads:
//
//	OUT/index/db.json       {"modified": …}
//	OUT/index/modules.json  [{"path": …, "vulns": [{"id", "modified", "fixed"}]}]
//	OUT/index/vulns.json    [{"id", "modified", "aliases"}]
//	OUT/ID/GO-YYYY-NNNN.json the OSV entries themselves
//
// (and a .gz copy of each, as the published database has), computed the
// way golang.org/x/vulndb/cmd/indexdb computes them. It uses only the
// standard library, so it needs nothing in the product's go.mod.
//
// Usage:
//
//	go run ./.ci/vulndb -module golang.org/x/vulndb@VERSION -out DIR
//	go run ./.ci/vulndb -osv DIR/data/osv -modified 2026-11-05T23:49:57Z -out DIR
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("vulndb: ")
	module := flag.String("module", "", "golang.org/x/vulndb@VERSION to fetch through the module proxy (`go mod download`)")
	osvDir := flag.String("osv", "", "folder of OSV .json files (instead of -module)")
	modified := flag.String("modified", "", "RFC 3339 time to record as the database's modification time when every entry's is zero (default: the module version's time)")
	out := flag.String("out", "", "folder to write the database to (created; emptied first)")
	flag.Parse()
	if *out == "" || (*module == "") == (*osvDir == "") {
		flag.Usage()
		os.Exit(2)
	}
	var dbTime time.Time
	if *module != "" {
		dir, t, err := download(*module)
		if err != nil {
			log.Fatal(err)
		}
		*osvDir, dbTime = filepath.Join(dir, "data", "osv"), t
	}
	if *modified != "" {
		t, err := time.Parse(time.RFC3339, *modified)
		if err != nil {
			log.Fatalf("-modified: %v", err)
		}
		dbTime = t
	}
	n, err := build(*osvDir, *out, dbTime)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("vulndb: %d entries from %s written to %s\n", n, *osvDir, *out)
}

// download fetches module@version through the Go module proxy and returns
// its folder in the module cache and the version's time.
func download(modver string) (string, time.Time, error) {
	cmd := exec.Command("go", "mod", "download", "-json", modver)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return "", time.Time{}, fmt.Errorf("go mod download %s: %v\n%s", modver, err, b)
	}
	var m struct {
		Dir, Info, Error string
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return "", time.Time{}, fmt.Errorf("go mod download %s: %v", modver, err)
	}
	if m.Error != "" {
		return "", time.Time{}, fmt.Errorf("go mod download %s: %s", modver, m.Error)
	}
	var info struct{ Time time.Time }
	if ib, err := os.ReadFile(m.Info); err == nil {
		json.Unmarshal(ib, &info)
	}
	return m.Dir, info.Time, nil
}

// entry is the part of an OSV entry the indexes need. The entry itself is
// copied byte for byte after re-encoding, so fields not named here are
// kept.
type entry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases,omitempty"`
	Affected []struct {
		Module struct {
			Path string `json:"name"`
		} `json:"package"`
		Ranges []struct {
			Type   string `json:"type"`
			Events []struct {
				Introduced string `json:"introduced,omitempty"`
				Fixed      string `json:"fixed,omitempty"`
			} `json:"events"`
		} `json:"ranges,omitempty"`
	} `json:"affected"`
}

type moduleVuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Fixed    string    `json:"fixed,omitempty"`
}

type moduleMeta struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

type vulnMeta struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases,omitempty"`
}

func build(osvDir, out string, dbTime time.Time) (int, error) {
	files, err := filepath.Glob(filepath.Join(osvDir, "*.json"))
	if err != nil {
		return 0, err
	}
	if len(files) == 0 {
		return 0, fmt.Errorf("no OSV entries in %s", osvDir)
	}
	if err := os.RemoveAll(out); err != nil {
		return 0, err
	}
	for _, d := range []string{"index", "ID"} {
		if err := os.MkdirAll(filepath.Join(out, d), 0o755); err != nil {
			return 0, err
		}
	}
	modules := map[string]*moduleMeta{}
	var vulns []vulnMeta
	var latest time.Time
	seen := map[string]bool{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return 0, err
		}
		var e entry
		if err := json.Unmarshal(raw, &e); err != nil {
			return 0, fmt.Errorf("%s: %v", f, err)
		}
		if e.ID == "" || filepath.Base(f) != e.ID+".json" {
			return 0, fmt.Errorf("%s: id %q does not match the file name", f, e.ID)
		}
		if seen[e.ID] {
			return 0, fmt.Errorf("%s: id %s appears twice", f, e.ID)
		}
		seen[e.ID] = true
		if e.Modified.After(latest) {
			latest = e.Modified
		}
		vulns = append(vulns, vulnMeta{ID: e.ID, Modified: e.Modified, Aliases: e.Aliases})
		for _, a := range e.Affected {
			m := modules[a.Module.Path]
			if m == nil {
				m = &moduleMeta{Path: a.Module.Path, Vulns: []moduleVuln{}}
				modules[a.Module.Path] = m
			}
			m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: e.Modified, Fixed: latestFixed(a.Ranges)})
		}
		// The entry as the client reads it: compact JSON, as published.
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return 0, fmt.Errorf("%s: %v", f, err)
		}
		if err := write(filepath.Join(out, "ID", e.ID+".json"), buf.Bytes()); err != nil {
			return 0, err
		}
	}
	if latest.IsZero() {
		// x/vulndb's repository copy carries zero times (the real ones are
		// set when the database is published); use the version's time.
		latest = dbTime
	}
	mods := make([]*moduleMeta, 0, len(modules))
	for _, m := range modules {
		sort.SliceStable(m.Vulns, func(i, j int) bool { return m.Vulns[i].ID < m.Vulns[j].ID })
		mods = append(mods, m)
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].Path < mods[j].Path })
	sort.Slice(vulns, func(i, j int) bool { return vulns[i].ID < vulns[j].ID })
	for name, v := range map[string]any{
		"db.json": struct {
			Modified time.Time `json:"modified"`
		}{latest},
		"modules.json": mods,
		"vulns.json":   vulns,
	} {
		b, err := json.Marshal(v)
		if err != nil {
			return 0, err
		}
		if err := write(filepath.Join(out, "index", name), b); err != nil {
			return 0, err
		}
	}
	return len(vulns), nil
}

// write writes b to name and a gzipped copy to name.gz.
func write(name string, b []byte) error {
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return err
	}
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(b)
	if err := w.Close(); err != nil {
		return err
	}
	return os.WriteFile(name+".gz", z.Bytes(), 0o644)
}

// latestFixed is the version after which no SEMVER range of the entry is
// affected any more, or "" when a range is re-opened after its last fix
// (or never fixed). The client skips an entry for a module version at or
// above it, so erring towards "" is always safe. This follows
// golang.org/x/vulndb/internal/osvutils.LatestFixed.
func latestFixed(ranges []struct {
	Type   string `json:"type"`
	Events []struct {
		Introduced string `json:"introduced,omitempty"`
		Fixed      string `json:"fixed,omitempty"`
	} `json:"events"`
}) string {
	var latest string
	for _, r := range ranges {
		if r.Type != "SEMVER" {
			continue
		}
		for _, e := range r.Events {
			if e.Fixed != "" && less(latest, e.Fixed) {
				latest = e.Fixed
			}
		}
		for _, e := range r.Events {
			if e.Introduced != "" && e.Introduced != "0" && less(latest, e.Introduced) {
				latest = ""
				break
			}
		}
	}
	return latest
}

// less reports whether semantic version v < w (no leading "v"; "" is
// lowest), comparing by SemVer 2.0.0 precedence; build metadata is ignored.
func less(v, w string) bool {
	if v == "" || w == "" {
		return v == "" && w != ""
	}
	return compare(v, w) < 0
}

func compare(v, w string) int {
	v, _, _ = strings.Cut(v, "+")
	w, _, _ = strings.Cut(w, "+")
	vc, vp, vpre := strings.Cut(v, "-")
	wc, wp, wpre := strings.Cut(w, "-")
	vn, wn := strings.Split(vc, "."), strings.Split(wc, ".")
	for i := 0; i < 3; i++ {
		if c := compareNum(part(vn, i), part(wn, i)); c != 0 {
			return c
		}
	}
	switch {
	case !vpre && !wpre:
		return 0
	case !vpre:
		return 1 // a release is above its pre-releases
	case !wpre:
		return -1
	}
	va, wa := strings.Split(vp, "."), strings.Split(wp, ".")
	for i := 0; i < len(va) && i < len(wa); i++ {
		x, y := va[i], wa[i]
		_, xerr := strconv.ParseUint(x, 10, 64)
		_, yerr := strconv.ParseUint(y, 10, 64)
		var c int
		switch {
		case xerr == nil && yerr == nil:
			c = compareNum(x, y)
		case xerr == nil:
			c = -1 // numeric identifiers are below alphanumeric ones
		case yerr == nil:
			c = 1
		default:
			c = strings.Compare(x, y)
		}
		if c != 0 {
			return c
		}
	}
	return len(va) - len(wa)
}

func part(p []string, i int) string {
	if i < len(p) {
		return p[i]
	}
	return "0"
}

// compareNum compares decimal strings of any length.
func compareNum(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}
