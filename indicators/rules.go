package indicators

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"birlik"
	"birlik/store"
)

func notFound() error  { return birlik.Errorf(birlik.ENOTFOUND, "error.not_found") }
func forbidden() error { return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden") }
func conflict() error  { return birlik.Errorf(birlik.ECONFLICT, "error.conflict") }

// locked is the error of a change to an approved value.
func locked() error { return birlik.Errorf(birlik.ECONFLICT, "error.indicators.locked") }

// checkUpdated turns the result of an UPDATE … WHERE version = ? into
// the change's error: ECONFLICT when no row had that version.
func checkUpdated(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err == nil {
			err = conflict()
		}
		return err
	}
	return nil
}

// lookups reads what validating and rolling up values needs: every
// definition by id and every municipality.
func lookups(ctx context.Context, q store.Querier) (map[int64]*Indicator, map[string]muni, error) {
	inds, err := definitions(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	munis, err := municipalities(ctx, q)
	return inds, munis, err
}

// staff reports whether the actor runs the monitoring: union staff and
// the system define indicators, decide submissions and write any value.
func staff(a birlik.Actor) bool { return a.System || a.Staff() }

// MayEnter reports whether the actor may enter values of the
// organisation: staff any, a focal point their municipality's.
func MayEnter(a birlik.Actor, orgID string) bool {
	return a.ActsFor(orgID)
}

// MayDecide reports whether the actor may approve or return a period
// and define indicators: union staff.
func MayDecide(a birlik.Actor) bool { return staff(a) }

// Tiers of a municipality in the roll-ups.
const (
	tierMetro = "metro" // a metropolitan municipality: its area is the province
	tierLocal = "local" // every other municipality
)

// muni is what the roll-ups need of a municipality.
type muni struct {
	province string
	tier     string
	district string // its place (a district), "" for a metropolitan one
	pop      float64
}

// municipalities reads every municipality, by id: 206 narrow rows, read
// once per write or dashboard.
func municipalities(ctx context.Context, q store.Querier) (map[string]muni, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, COALESCE(province_id, ''), COALESCE(municipality_kind, ''),
		COALESCE(place_id, ''), COALESCE(population, 0) FROM organisations WHERE kind = 'municipality'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]muni{}
	for rows.Next() {
		var id, kind string
		var m muni
		var pop int64
		if err := rows.Scan(&id, &m.province, &kind, &m.district, &pop); err != nil {
			return nil, err
		}
		m.tier, m.pop = tierLocal, float64(pop)
		if kind == "metropolitan" {
			m.tier, m.district = tierMetro, ""
		}
		out[id] = m
	}
	return out, rows.Err()
}

var periodForms = map[PeriodType]*regexp.Regexp{
	Yearly:    regexp.MustCompile(`^(\d{4})$`),
	Quarterly: regexp.MustCompile(`^(\d{4})-Q([1-4])$`),
	Monthly:   regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`),
}

// periodIndex returns the period's rank on its type's time line (years,
// quarters or months since year 0) and whether it is of the type.
func periodIndex(pt PeriodType, p string) (int, bool) {
	re, ok := periodForms[pt]
	if !ok {
		return 0, false
	}
	m := re.FindStringSubmatch(p)
	if m == nil {
		return 0, false
	}
	year, _ := strconv.Atoi(m[1])
	switch pt {
	case Quarterly:
		q, _ := strconv.Atoi(m[2])
		return year*4 + q - 1, true
	case Monthly:
		mo, _ := strconv.Atoi(m[2])
		return year*12 + mo - 1, true
	}
	return year, true
}

// dateIndex returns the rank of a date on the period type's time line,
// as a fraction (the middle of June is about 2025.45 years).
func dateIndex(pt PeriodType, d time.Time) float64 {
	y := float64(d.Year()) + float64(d.YearDay()-1)/365.25
	switch pt {
	case Quarterly:
		return y * 4
	case Monthly:
		return y * 12
	}
	return y
}

// checkPeriod returns the catalogue key of what is wrong with a period
// of type pt reported at now, or "".
func checkPeriod(pt PeriodType, p string, now time.Time) string {
	if _, ok := periodIndex(pt, p); !ok {
		return "error.indicators.period_invalid"
	}
	if year, _ := strconv.Atoi(p[:4]); year < 2000 || year > now.Year() {
		return "error.indicators.period_range"
	}
	return ""
}

// parts returns the combination's categories in Dimensions order.
func (c Combo) parts() [4]string { return [4]string{c.Sex, c.Age, c.Disability, c.Migration} }

func comboOf(p [4]string) Combo { return Combo{p[0], p[1], p[2], p[3]} }

// depth is how many dimensions the combination names.
func (c Combo) depth() int {
	n := 0
	for _, s := range c.parts() {
		if s != "" {
			n++
		}
	}
	return n
}

// String writes the combination for messages and audit records, e.g.
// "sex=female age=15-24"; "total" for the total.
func (c Combo) String() string {
	var b []string
	for i, s := range c.parts() {
		if s != "" {
			b = append(b, fmt.Sprintf("%s=%s", Dimensions[i], s))
		}
	}
	if b == nil {
		return "total"
	}
	return strings.Join(b, " ")
}

// uses returns which of the four dimensions the indicator uses.
func (ind *Indicator) uses() [4]bool {
	var u [4]bool
	for i, d := range Dimensions {
		for _, x := range ind.Dimensions {
			if x == d {
				u[i] = true
			}
		}
	}
	return u
}

// marginals returns the combinations a value of combo c adds to: c
// itself, and for a Sum indicator every combination with some of its
// named dimensions replaced by "" (the totals over them), 2^depth in all.
func (ind *Indicator) marginals(c Combo) []Combo {
	if ind.Aggregation != Sum {
		return []Combo{c}
	}
	p := c.parts()
	var named []int
	for i, s := range p {
		if s != "" {
			named = append(named, i)
		}
	}
	out := make([]Combo, 0, 1<<len(named))
	for mask := 0; mask < 1<<len(named); mask++ {
		q := p
		for j, i := range named {
			if mask&(1<<j) != 0 {
				q[i] = ""
			}
		}
		out = append(out, comboOf(q))
	}
	return out
}
