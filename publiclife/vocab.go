package publiclife

import "slices"

// The protocol's vocabularies: the values a count, a survey or a study may
// take. Each value has a catalogue key publiclife.<component>.<value>.
var (
	// Genders are the perceived genders.
	Genders = []string{"female", "male", "unknown"}
	// AgeBands are the detailed age bands, then the basic ones (child
	// 0-14, young 15-24, adult 25-64, elderly 65+) for counts that
	// distinguish only those.
	AgeBands = []string{"0-4", "5-14", "15-24", "25-44", "45-64", "65-74", "75+", "child", "young", "adult", "elderly"}
	// Modes are how people moving across a line travel.
	Modes = []string{"pedestrian", "bicyclist", "wheelchair", "stroller", "scooter", "other"}
	// Postures are how people staying in an area hold themselves.
	Postures = []string{"standing", "sitting_formal", "sitting_informal", "lying", "leaning", "multiple"}
	// Activities are what people staying do.
	Activities = []string{"commercial", "consuming", "conversing", "cultural", "disruptive", "electronic_engagement",
		"living_public", "recreation_active", "recreation_passive", "smoking", "soliciting", "waiting_transfer",
		"waiting_other", "working_civic", "playing"}
	// Groups are the sizes of the group a person is with: alone, in a
	// pair, a group of 3 to 7, a crowd of 8 or more.
	Groups = []string{"single", "pair", "group", "crowd"}
	// Objects are what people carry or push.
	Objects = []string{"stroller", "wheelchair", "walking_aid", "bicycle", "animal", "luggage"}
	// Microclimates are the weather of a survey.
	Microclimates = []string{"sunny", "cloudy", "rain", "snow", "windy", "hot", "cold"}
	// DayKinds say what kind of day a survey was made on.
	DayKinds = []string{"weekday", "weekend", "holiday"}
	// Methods lists the counting methods.
	Methods = []Method{MethodAnalog, MethodDigital, MethodVideo}
)

// childBands and olderBands are the age bands of children (0-14) and of
// older people (65 and over), the basic bands included.
var (
	childBands = []string{"0-4", "5-14", "child"}
	olderBands = []string{"65-74", "75+", "elderly"}
)

// Limits on what one survey may hold.
const (
	// MaxCount bounds one count: more people than this in one tally is a
	// typing mistake.
	MaxCount = 100_000
	// MaxCounts bounds the rows of one survey.
	MaxCounts = 2000
	// maxHours bounds a survey's duration: a count runs for minutes or
	// hours, never days.
	maxHours = 24
)

// component is one attribute of a count: its name (the field suffix and
// the catalogue prefix), its vocabulary and where it lives in a Count.
type component struct {
	name  string
	vocab []string
	get   func(c *Count) *string
}

// components lists a count's attributes in the protocol's order.
var components = []component{
	{"gender", Genders, func(c *Count) *string { return &c.Gender }},
	{"age", AgeBands, func(c *Count) *string { return &c.Age }},
	{"mode", Modes, func(c *Count) *string { return &c.Mode }},
	{"posture", Postures, func(c *Count) *string { return &c.Posture }},
	{"activity", Activities, func(c *Count) *string { return &c.Activity }},
	{"group", Groups, func(c *Count) *string { return &c.Group }},
	{"object", Objects, func(c *Count) *string { return &c.Object }},
}

// checkCount returns the attribute of c that is wrong and the catalogue
// key saying why, or "", "" when c is a valid count.
func checkCount(c *Count) (field, key string) {
	for _, comp := range components {
		if v := *comp.get(c); v != "" && !slices.Contains(comp.vocab, v) {
			return comp.name, "error.publiclife.category_unknown"
		}
	}
	switch {
	case c.N < 0:
		return "n", "error.publiclife.count_negative"
	case c.N > MaxCount:
		return "n", "error.publiclife.count_too_large"
	}
	return "", ""
}
