package practices

import (
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"birlik"
	"birlik/locale"
	"birlik/topics"
)

// Status is where a practice is in its life.
type Status string

// The statuses. A draft is read by its municipality and union staff only;
// a published practice by everyone who may read its space (everyone, in
// the public library).
const (
	Draft     Status = "draft"
	Published Status = "published"
)

// Key is the catalogue key of the status's name.
func (s Status) Key() string { return "practices.status." + string(s) }

// Langs are the languages a practice may be written in.
var Langs = []string{"tr", "en", "fr"}

// Currencies are the currencies a cost may be given in.
var Currencies = []string{"TRY", "EUR", "USD"}

// Practice is one shared experience.
type Practice struct {
	ID       int64
	OrgID    string // the municipality that shares it; never empty once stored
	OrgName  string // read only
	Province string // id of the organisation's province, "" when none; read only
	// ProvinceName is read only.
	ProvinceName string
	SpaceID      int64 // 0: the public library
	SpaceSlug    string
	Lang         string // of the text: "tr", "en" or "fr"
	Status       Status
	Title        string
	Problem      string // what the problem was
	Action       string // what they did
	Results      string // what came of it, in words and figures
	// PeopleReached is how many people the practice reached; nil when
	// not known.
	PeopleReached *int64
	PeriodStart   string // YYYY-MM-DD, "" when not known
	PeriodEnd     string
	CostAmount    *int64 // whole units of CostCurrency; nil when not known
	CostCurrency  string // one of Currencies when CostAmount is set
	// ContactPersonID is a person of the network to ask; ContactText
	// free text (a name, an e-mail address, a department) when there is
	// no record of the person, or beside it.
	ContactPersonID int64
	ContactName     string // the person's name; read only
	ContactText     string
	// Themes, Groups, Rights and SDGs are codes of package topics, in
	// the order of their vocabulary.
	Themes, Groups, Rights, SDGs []string
	CreatedBy                    int64
	PublishedAt                  time.Time // zero for a draft
	Version                      int
	CreatedAt                    time.Time
	UpdatedAt                    time.Time
}

// Limits of the fields.
const (
	maxTitle = 200
	maxText  = 10000
	maxShort = 500
)

// The tags are stored as bit sets: bit i is the i-th code of the
// vocabulary. Vocabularies only grow at the end, so a bit keeps its
// meaning.
func tagBits(k topics.Kind, codes []string) int64 {
	var b int64
	for i, c := range topics.Codes(k) {
		if slices.Contains(codes, c) {
			b |= 1 << i
		}
	}
	return b
}

func tagCodes(k topics.Kind, b int64) []string {
	var out []string
	for i, c := range topics.Codes(k) {
		if b&(1<<i) != 0 {
			out = append(out, c)
		}
	}
	return out
}

func sharedTags(a, b *tags) int {
	return bits.OnesCount64(uint64(a.themes&b.themes)) + bits.OnesCount64(uint64(a.groups&b.groups)) +
		bits.OnesCount64(uint64(a.rights&b.rights)) + bits.OnesCount64(uint64(a.sdgs&b.sdgs))
}

// tags are a practice's tags as stored.
type tags struct{ themes, groups, rights, sdgs int64 }

func tagsOf(p *Practice) tags {
	return tags{tagBits(topics.Theme, p.Themes), tagBits(topics.Group, p.Groups), tagBits(topics.Right, p.Rights), tagBits(topics.SDG, p.SDGs)}
}

// searchTitle and searchBody are the stored search terms (see
// locale.Terms). The organisation's name goes into the body, so that
// "Kadıköy" finds Kadıköy's practices. The scope tokens end both, so
// that a search of titles alone is one lookup too.
func searchTitle(p *Practice) string {
	return strings.Join(locale.Terms(p.Lang, p.Title), " ") + " " + scopeTokens(p)
}

func searchBody(p *Practice) string {
	return strings.Join(locale.Terms(p.Lang, p.Problem+"\n"+p.Action+"\n"+p.Results+"\n"+p.OrgName+"\n"+p.ProvinceName), " ") +
		" " + scopeTokens(p)
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// validate normalises p in place and lists every problem as field →
// catalogue key; field names are the form's.
func validate(p *Practice) error {
	var v birlik.Invalid
	text := func(field string, s *string, required bool, max int, multiline bool) {
		c, ok := birlik.CleanText(*s, multiline)
		*s = c
		switch {
		case !ok:
			v.Add(field, "error.practices.text_invalid")
		case *s == "" && required:
			v.Add(field, "error.practices.required")
		case utf8.RuneCountInString(*s) > max:
			v.Add(field, "error.practices.too_long")
		}
	}
	text("title", &p.Title, true, maxTitle, false)
	text("problem", &p.Problem, true, maxText, true)
	text("action", &p.Action, true, maxText, true)
	text("results", &p.Results, false, maxText, true)
	text("contact_text", &p.ContactText, false, maxShort, true)
	if !slices.Contains(Langs, p.Lang) {
		v.Add("lang", "error.practices.lang_invalid")
	}
	if p.PeopleReached != nil && *p.PeopleReached < 0 {
		v.Add("people_reached", "error.practices.number_invalid")
	}
	for _, d := range []struct {
		field string
		s     *string
	}{{"period_start", &p.PeriodStart}, {"period_end", &p.PeriodEnd}} {
		*d.s = strings.TrimSpace(*d.s)
		if *d.s == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, *d.s); err != nil || !dateRE.MatchString(*d.s) {
			v.Add(d.field, "error.practices.date_invalid")
		}
	}
	if p.PeriodStart != "" && p.PeriodEnd != "" && p.PeriodEnd < p.PeriodStart && !v.Has("period_end") {
		v.Add("period_end", "error.practices.period_order")
	}
	p.CostCurrency = strings.ToUpper(strings.TrimSpace(p.CostCurrency))
	switch {
	case p.CostAmount != nil && *p.CostAmount < 0:
		v.Add("cost_amount", "error.practices.number_invalid")
	case p.CostAmount != nil && !slices.Contains(Currencies, p.CostCurrency):
		v.Add("cost_currency", "error.practices.currency_required")
	case p.CostAmount == nil:
		p.CostCurrency = ""
	}
	for _, t := range []struct {
		field string
		kind  topics.Kind
		codes *[]string
	}{{"themes", topics.Theme, &p.Themes}, {"groups", topics.Group, &p.Groups}, {"rights", topics.Right, &p.Rights}, {"sdgs", topics.SDG, &p.SDGs}} {
		for _, c := range *t.codes {
			if !topics.Valid(t.kind, c) {
				v.Add(t.field, "error.practices.tag_invalid")
			}
		}
		// Stored order: the vocabulary's.
		*t.codes = tagCodes(t.kind, tagBits(t.kind, *t.codes))
	}
	if len(p.Themes) == 0 {
		v.Add("themes", "error.practices.theme_required")
	}
	return v.Err()
}
