package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"birlik"
	"birlik/publiclife"
)

// streamSurveys is the public-life counts' generator stream ("surv").
const streamSurveys = 0x73757276

// surveySitesPerBatch is how many sites' counts go into one transaction:
// about 2,500 surveys and 50,000 count rows.
const surveySitesPerBatch = 80

// surveysPerSite is how many surveys the demo holds for each street site,
// transformed or not (scale 100: 3,000 sites, 60,000 surveys); they are
// shared among the transformed sites alone.
const surveysPerSite = 20

// loadSurveys adds public-life counts before and after the street sites'
// transformations: for every site that reached the tactical phase, a
// study before and one after, a screenline and most often an area, and
// about twenty surveys. After the change the streets hold more people
// staying, more children and older people, more women; a few sites were
// counted after in unlike conditions (a weekend, rain, evenings, video),
// so that their comparisons warn.
func loadSurveys(ctx context.Context, d Deps, _ *dataset, _ int, p *progress) error {
	return writeSurveys(ctx, d, p)
}

// Surveys writes only the demo's public-life counts into a database
// holding seed.Base and the demo's streets (Streets) at the same scale:
// the fixture of the programme's benchmarks. The sites are read from the
// database; scale is the one Streets was given, and decides nothing the
// sites do not.
func Surveys(ctx context.Context, d Deps, scale int) error {
	if d.Life == nil {
		d.Life = publiclife.New(d.DB)
	}
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	p := &progress{out: discard{}, start: time.Now(), last: time.Now()}
	return writeSurveys(ctx, d, p)
}

// surveySite is what the generator needs of a street site.
type surveySite struct {
	id       int64
	name     string
	lon, lat float64
	tactical time.Time // the day its tactical intervention began
}

func transformedSites(ctx context.Context, d Deps) ([]surveySite, error) {
	rows, err := d.DB.QueryContext(ctx, `SELECT s.id, s.name, s.centroid_lon, s.centroid_lat, COALESCE(s.tactical_on, ''), c.year
		FROM street_sites s JOIN street_cycles c ON c.id = s.cycle_id
		WHERE s.phase IN ('tactical', 'permanent', 'evaluated') ORDER BY s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []surveySite
	for rows.Next() {
		var s surveySite
		var tactical string
		var year int
		if err := rows.Scan(&s.id, &s.name, &s.lon, &s.lat, &tactical, &year); err != nil {
			return nil, err
		}
		if s.tactical, err = time.Parse(time.DateOnly, tactical); err != nil {
			// No date kept: the summer of its cycle's year.
			s.tactical = time.Date(year, 6, 15, 0, 0, 0, 0, time.UTC)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func writeSurveys(ctx context.Context, d Deps, p *progress) error {
	sites, err := transformedSites(ctx, d)
	if err != nil {
		return fmt.Errorf("surveys: %w", err)
	}
	var all int
	if err := d.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM street_sites`).Scan(&all); err != nil {
		return fmt.Errorf("surveys: %w", err)
	}
	per := 0
	if len(sites) > 0 {
		per = max(8, (surveysPerSite*all+len(sites)/2)/len(sites))
	}
	r := stream(streamSurveys)
	base := p.done
	p.total += len(sites)
	for start := 0; start < len(sites); start += surveySitesPerBatch {
		var set publiclife.Set
		batch := sites[start:min(start+surveySitesPerBatch, len(sites))]
		for i := range batch {
			addSiteSurveys(r, &set, &batch[i], per)
		}
		if _, err := d.Life.SaveSet(ctx, &set); err != nil {
			return fmt.Errorf("surveys: %w", err)
		}
		p.at("street surveys", base+start+len(batch))
	}
	return nil
}

// siteConditions are how a site's surveys were made: the same on both
// sides, except at the few sites counted after in unlike conditions.
type siteConditions struct {
	day     string
	hours   []int // local hours surveys start at
	method  publiclife.Method
	weather []string
	temp    float64
}

// addSiteSurveys adds a site's studies, locations and surveys to set:
// about per surveys, half before and half after.
func addSiteSurveys(r *rand.Rand, set *publiclife.Set, s *surveySite, per int) {
	study := func(stage publiclife.Stage, title string, from time.Time) int64 {
		set.Studies = append(set.Studies, publiclife.Study{SiteID: s.id, Title: title, Stage: stage,
			StartDate: from.Format(time.DateOnly), EndDate: from.AddDate(0, 0, 27).Format(time.DateOnly),
			ManagerName: pick(r, femaleNames) + " " + pick(r, familyNames), Organisation: "Sokaklar Bizim ekibi",
			ProtocolVersion: "1.0"})
		return int64(len(set.Studies))
	}
	beforeFrom := s.tactical.AddDate(0, 0, -35-r.IntN(30))
	afterFrom := s.tactical.AddDate(0, 1+r.IntN(4), r.IntN(28))
	studies := map[publiclife.Stage]int64{
		publiclife.Before: study(publiclife.Before, s.name+" — müdahale öncesi sayım", beforeFrom),
		publiclife.After:  study(publiclife.After, s.name+" — müdahale sonrası sayım", afterFrom),
	}

	// A screenline across the street near its centre and, at most sites,
	// an area of some 30 m × 14 m beside it.
	dLon := 1 / (111_320 * math.Cos(s.lat*math.Pi/180)) // degrees per metre east
	dLat := 1 / 110_574.0                               // degrees per metre north
	pt := func(east, north float64) string {
		return fmt.Sprintf("[%.6f,%.6f]", s.lon+east*dLon, s.lat+north*dLat)
	}
	set.Locations = append(set.Locations, publiclife.Location{SiteID: s.id, Name: s.name + " — sayım çizgisi", Kind: publiclife.Line,
		Geometry: []byte(`{"type":"LineString","coordinates":[` + pt(-6, 1) + `,` + pt(6, -1) + `]}`)})
	locations := []int64{int64(len(set.Locations))}
	kinds := []publiclife.LocationKind{publiclife.Line}
	if r.IntN(5) > 0 {
		w, h := 24+r.Float64()*12, 10+r.Float64()*8
		set.Locations = append(set.Locations, publiclife.Location{SiteID: s.id, Name: s.name + " — oyun ve oturma alanı", Kind: publiclife.Area,
			Geometry: []byte(`{"type":"Polygon","coordinates":[[` + pt(-w/2, 4) + `,` + pt(w/2, 4) + `,` + pt(w/2, 4+h) + `,` +
				pt(-w/2, 4+h) + `,` + pt(-w/2, 4) + `]]}`)})
		locations = append(locations, int64(len(set.Locations)))
		kinds = append(kinds, publiclife.Area)
	}

	before := siteConditions{day: "weekday", hours: []int{9, 10, 11}, method: publiclife.MethodAnalog,
		weather: []string{"sunny", "cloudy"}, temp: 14 + 12*r.Float64()}
	if r.IntN(3) == 0 {
		before.day, before.hours = "weekend", []int{10, 11, 13, 14}
	}
	if r.IntN(4) == 0 {
		before.method = publiclife.MethodDigital
	}
	after := before
	after.temp = before.temp + r.Float64()*6 - 3
	switch r.IntN(25) {
	case 0:
		after.day = map[string]string{"weekday": "weekend", "weekend": "weekday"}[before.day]
	case 1:
		after.weather = []string{"rain"}
	case 2:
		after.hours = []int{18, 19}
	case 3:
		after.method = publiclife.MethodVideo
	case 4:
		after.temp = before.temp + 10 + r.Float64()*4
	}

	// The street's own level of life, and how much it changed.
	moving := 60 + r.IntN(240)
	staying := 4 + r.IntN(16)
	lift := 1.6 + r.Float64()*1.4 // staying after ÷ before
	n := per - per/5 + r.IntN(2*(per/5)+1)
	for i := range n {
		stage, c := publiclife.Before, before
		if i%2 == 1 {
			stage, c = publiclife.After, after
		}
		from := beforeFrom
		if stage == publiclife.After {
			from = afterFrom
		}
		k := (i / 2) % len(locations)
		day := from.AddDate(0, 0, r.IntN(28))
		start := time.Date(day.Year(), day.Month(), day.Day(), pick(r, c.hours), 15*r.IntN(2), 0, 0, publiclife.Local)
		hours := 1.0
		if kinds[k] == publiclife.Line && r.IntN(3) == 0 {
			hours = 0.5
		}
		temp := math.Round((c.temp+r.Float64()*2-1)*10) / 10
		sv := publiclife.Survey{SiteID: s.id, StudyID: studies[stage], LocationID: locations[k], Start: start,
			Stop: start.Add(time.Duration(hours * float64(time.Hour))), Method: c.method, Microclimate: pick(r, c.weather),
			TemperatureC: &temp, DayKind: c.day, Surveyor: pick(r, femaleNames) + " " + pick(r, familyNames)}
		if kinds[k] == publiclife.Line {
			people := int(float64(moving) * hours * (0.8 + 0.4*r.Float64()))
			if stage == publiclife.After {
				people = int(float64(people) * (1 + 0.3*r.Float64()))
			}
			sv.Counts = movingCounts(r, people, stage == publiclife.After)
		} else {
			people := int(float64(staying) * (0.7 + 0.6*r.Float64()))
			if stage == publiclife.After {
				people = int(float64(people) * lift)
			}
			sv.Counts = stayingCounts(r, people, stage == publiclife.After)
		}
		set.Surveys = append(set.Surveys, sv)
	}
}

// split divides total among the weights, each share jittered by up to a
// tenth, the last taking what is left.
func split(r *rand.Rand, total int, weights []float64) []int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	left := total
	for i, w := range weights[:len(weights)-1] {
		n := min(left, int(math.Round(float64(total)*w/sum*(0.9+0.2*r.Float64()))))
		out[i], left = n, left-n
	}
	out[len(out)-1] = left
	return out
}

// tallies appends one row a value of a component, for the values
// counted at least once.
func tallies(out []publiclife.Count, values []string, ns []int, set func(c *publiclife.Count, v string)) []publiclife.Count {
	for i, v := range values {
		if ns[i] > 0 {
			c := publiclife.Count{N: ns[i]}
			set(&c, v)
			out = append(out, c)
		}
	}
	return out
}

// people tallies gender and age: after the change, more women, children
// and older people. A survey in five uses only the basic age bands.
func peopleCounts(r *rand.Rand, people int, after bool) []publiclife.Count {
	women, children, older := 0.40+0.06*r.Float64(), 0.06+0.06*r.Float64(), 0.07+0.04*r.Float64()
	if after {
		women, children, older = women+0.05+0.05*r.Float64(), children+0.10+0.10*r.Float64(), older+0.03+0.04*r.Float64()
	}
	var out []publiclife.Count
	out = tallies(out, []string{"female", "male", "unknown"}, split(r, people, []float64{women, 1 - women - 0.02, 0.02}),
		func(c *publiclife.Count, v string) { c.Gender = v })
	young, adult := 0.15, 1-children-older-0.15
	if r.IntN(5) == 0 {
		return tallies(out, []string{"child", "young", "adult", "elderly"}, split(r, people, []float64{children, young, adult, older}),
			func(c *publiclife.Count, v string) { c.Age = v })
	}
	return tallies(out, []string{"0-4", "5-14", "15-24", "25-44", "45-64", "65-74", "75+"},
		split(r, people, []float64{children * 0.4, children * 0.6, young, adult * 0.55, adult * 0.45, older * 0.65, older * 0.35}),
		func(c *publiclife.Count, v string) { c.Age = v })
}

func movingCounts(r *rand.Rand, people int, after bool) []publiclife.Count {
	out := peopleCounts(r, people, after)
	strollers := 0.02
	if after {
		strollers = 0.05
	}
	modes := split(r, people, []float64{0.86 - strollers, 0.07, 0.01, strollers, 0.03, 0.01})
	out = tallies(out, publiclife.Modes, modes, func(c *publiclife.Count, v string) { c.Mode = v })
	out = tallies(out, []string{"single", "pair", "group"}, split(r, people, []float64{0.55, 0.3, 0.15}),
		func(c *publiclife.Count, v string) { c.Group = v })
	return tallies(out, []string{"stroller", "walking_aid", "animal", "luggage"},
		[]int{modes[3], people / (40 + r.IntN(40)), people / (60 + r.IntN(60)), people / (30 + r.IntN(30))},
		func(c *publiclife.Count, v string) { c.Object = v })
}

func stayingCounts(r *rand.Rand, people int, after bool) []publiclife.Count {
	out := peopleCounts(r, people, after)
	postures := []float64{0.5, 0.2, 0.2, 0.02, 0.08}
	activities := []float64{0.35, 0.2, 0.05, 0.2, 0.15, 0.05}
	if after {
		// Seats and play: more people sitting, more children playing.
		postures = []float64{0.3, 0.35, 0.25, 0.03, 0.07}
		activities = []float64{0.3, 0.2, 0.25, 0.15, 0.05, 0.05}
	}
	out = tallies(out, []string{"standing", "sitting_formal", "sitting_informal", "lying", "leaning"}, split(r, people, postures),
		func(c *publiclife.Count, v string) { c.Posture = v })
	out = tallies(out, []string{"conversing", "consuming", "playing", "recreation_passive", "electronic_engagement", "waiting_other"},
		split(r, people, activities), func(c *publiclife.Count, v string) { c.Activity = v })
	return tallies(out, []string{"stroller", "walking_aid"}, []int{people / (8 + r.IntN(8)), people / (15 + r.IntN(15))},
		func(c *publiclife.Count, v string) { c.Object = v })
}
