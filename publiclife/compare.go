package publiclife

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"time"
)

// Thresholds beyond which a comparison warns that its sides were counted
// in unlike conditions.
const (
	// maxTemperatureGap is how far apart, in °C, the two sides' mean
	// temperatures may be: people stay out less in the cold and heat.
	maxTemperatureGap = 8
	// maxHoursRatio is how many times longer one side may have been
	// counted than the other.
	maxHoursRatio = 2
)

// window returns the time of day a survey starting at t counts, in the
// streets' time zone.
func window(t time.Time) string {
	switch h := t.In(Local).Hour(); {
	case h >= 5 && h < 12:
		return "morning"
	case h >= 12 && h < 17:
		return "afternoon"
	case h >= 17 && h < 22:
		return "evening"
	}
	return "night"
}

// side gathers one side of a comparison while its surveys are read.
type side struct {
	s                          Summary
	children, older, aged      int
	women, gendered            int
	moving, staying            int
	lineHours, areaHours       float64
	tempSum                    float64
	temps                      int
	days, climates, methods, w map[string]bool
}

func newSide() *side {
	return &side{
		s:    Summary{Activities: map[string]int{}, Postures: map[string]int{}, Objects: map[string]int{}},
		days: map[string]bool{}, climates: map[string]bool{}, methods: map[string]bool{}, w: map[string]bool{},
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

func perHour(n int, hours float64) float64 {
	if hours == 0 {
		return 0
	}
	return float64(n) / hours
}

// summary finishes the side's figures.
func (sd *side) summary() Summary {
	s := sd.s
	s.MovingPerHour = perHour(sd.moving, sd.lineHours)
	s.StayingPerHour = perHour(sd.staying, sd.areaHours)
	s.ChildShare = share(sd.children, sd.aged)
	s.OlderShare = share(sd.older, sd.aged)
	s.WomenShare = share(sd.women, sd.gendered)
	s.DayKinds, s.Microclimates, s.Methods, s.Windows = keys(sd.days), keys(sd.climates), keys(sd.methods), keys(sd.w)
	if sd.temps > 0 {
		t := sd.tempSum / float64(sd.temps)
		s.TemperatureC = &t
	}
	return s
}

// Compare returns the site's before/after comparison: each side's
// figures over its surveys (people moving per hour counted at lines,
// staying per hour in areas, the shares of children, older people and
// women, activities, postures and objects) and the warnings that the
// sides were counted in unlike conditions. ENOTFOUND when the site is
// hidden from the actor in ctx.
func (s *Service) Compare(ctx context.Context, siteID int64) (*Comparison, error) {
	if err := mayRead(ctx, s.DB, siteID); err != nil {
		return nil, err
	}
	sides := map[Stage]*side{Before: newSide(), After: newSide()}
	rows, err := s.DB.QueryContext(ctx, `SELECT sv.stage, l.kind, sv.time_start, sv.method, sv.microclimate, sv.temperature_c,
		sv.day_kind, sv.people, sv.children, sv.older, sv.aged, sv.women, sv.men, sv.staying, sv.moving, sv.hours
		FROM publiclife_surveys sv JOIN publiclife_locations l ON l.id = sv.location_id WHERE sv.site_id = ?`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var stage Stage
		var kind LocationKind
		var start time.Time
		var method, climate, day string
		var temp sql.NullFloat64
		var t Totals
		if err := rows.Scan(&stage, &kind, &start, &method, &climate, &temp, &day, &t.People, &t.Children, &t.Older, &t.Aged,
			&t.Women, &t.Men, &t.Staying, &t.Moving, &t.Hours); err != nil {
			return nil, err
		}
		sd := sides[stage]
		sd.s.Surveys++
		sd.s.Hours += t.Hours
		sd.s.People += t.People
		sd.children, sd.older, sd.aged = sd.children+t.Children, sd.older+t.Older, sd.aged+t.Aged
		sd.women, sd.gendered = sd.women+t.Women, sd.gendered+t.Women+t.Men
		sd.moving, sd.staying = sd.moving+t.Moving, sd.staying+t.Staying
		if kind == Line {
			sd.lineHours += t.Hours
		} else {
			sd.areaHours += t.Hours
		}
		if temp.Valid {
			sd.tempSum, sd.temps = sd.tempSum+temp.Float64, sd.temps+1
		}
		sd.methods[method] = true
		sd.w[window(start)] = true
		if climate != "" {
			sd.climates[climate] = true
		}
		if day != "" {
			sd.days[day] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	rows, err = s.DB.QueryContext(ctx, `SELECT sv.stage, c.activity, c.posture, c.object, SUM(c.n)
		FROM publiclife_counts c JOIN publiclife_surveys sv ON sv.id = c.survey_id
		WHERE sv.site_id = ? AND (c.activity <> '' OR c.posture <> '' OR c.object <> '')
		GROUP BY sv.stage, c.activity, c.posture, c.object`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var stage Stage
		var activity, posture, object string
		var n int
		if err := rows.Scan(&stage, &activity, &posture, &object, &n); err != nil {
			return nil, err
		}
		sd := sides[stage]
		for _, x := range []struct {
			m map[string]int
			k string
		}{{sd.s.Activities, activity}, {sd.s.Postures, posture}, {sd.s.Objects, object}} {
			if x.k != "" {
				x.m[x.k] += n
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	c := &Comparison{SiteID: siteID, Before: sides[Before].summary(), After: sides[After].summary()}
	c.Warnings = warnings(&c.Before, &c.After)
	return c, nil
}

// warnings says how the two sides were counted in unlike conditions.
// Conditions a side did not record are not compared.
func warnings(b, a *Summary) []Warning {
	var out []Warning
	if b.Surveys == 0 {
		out = append(out, Warning{Key: "publiclife.warning.no_before"})
	}
	if a.Surveys == 0 {
		out = append(out, Warning{Key: "publiclife.warning.no_after"})
	}
	if len(out) > 0 {
		return out
	}
	differ := func(x, y []string) bool { return len(x) > 0 && len(y) > 0 && !slices.Equal(x, y) }
	if differ(b.DayKinds, a.DayKinds) {
		out = append(out, Warning{Key: "publiclife.warning.day_kinds"})
	}
	if differ(b.Microclimates, a.Microclimates) {
		out = append(out, Warning{Key: "publiclife.warning.microclimates"})
	}
	if b.TemperatureC != nil && a.TemperatureC != nil && math.Abs(*b.TemperatureC-*a.TemperatureC) > maxTemperatureGap {
		out = append(out, Warning{Key: "publiclife.warning.temperature",
			Args: []any{"before", math.Round(*b.TemperatureC*10) / 10, "after", math.Round(*a.TemperatureC*10) / 10}})
	}
	if differ(b.Methods, a.Methods) {
		out = append(out, Warning{Key: "publiclife.warning.methods"})
	}
	if differ(b.Windows, a.Windows) {
		out = append(out, Warning{Key: "publiclife.warning.windows"})
	}
	if lo, hi := min(b.Hours, a.Hours), max(b.Hours, a.Hours); lo > 0 && hi/lo > maxHoursRatio {
		out = append(out, Warning{Key: "publiclife.warning.hours",
			Args: []any{"before", math.Round(b.Hours*10) / 10, "after", math.Round(a.Hours*10) / 10}})
	}
	return out
}
