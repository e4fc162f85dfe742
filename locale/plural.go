package locale

// Form is a CLDR plural category.
type Form string

// The CLDR plural categories. Every language has Other; which others it
// uses is given by its rules.
const (
	Zero  Form = "zero"
	One   Form = "one"
	Two   Form = "two"
	Few   Form = "few"
	Many  Form = "many"
	Other Form = "other"
)

// pluralRules gives, per language, the CLDR 46 cardinal rule for whole
// numbers (v = 0, e = 0). golang.org/x/text carries CLDR 32, which predates
// the French and Spanish "many" form ("1 million de personnes"), so the
// five rules we need are written out here and tested against CLDR's own
// examples.
var pluralRules = map[string]func(n int64) Form{
	// tr: one: n = 1
	"tr": func(n int64) Form {
		if n == 1 {
			return One
		}
		return Other
	},
	// en: one: i = 1 and v = 0
	"en": func(n int64) Form {
		if n == 1 {
			return One
		}
		return Other
	},
	// fr: one: i = 0,1; many: e = 0 and i != 0 and i % 1000000 = 0 and v = 0
	"fr": func(n int64) Form {
		switch {
		case n == 0 || n == 1:
			return One
		case n%1000000 == 0:
			return Many
		}
		return Other
	},
	// es: one: n = 1; many: e = 0 and i != 0 and i % 1000000 = 0 and v = 0
	"es": func(n int64) Form {
		switch {
		case n == 1:
			return One
		case n != 0 && n%1000000 == 0:
			return Many
		}
		return Other
	},
	// ar: zero: n = 0; one: n = 1; two: n = 2; few: n % 100 = 3..10;
	// many: n % 100 = 11..99
	"ar": func(n int64) Form {
		m := n % 100
		switch {
		case n == 0:
			return Zero
		case n == 1:
			return One
		case n == 2:
			return Two
		case m >= 3 && m <= 10:
			return Few
		case m >= 11 && m <= 99:
			return Many
		}
		return Other
	},
}

// PluralForm returns the CLDR category of the whole number n in the
// language with the given code (Other for unknown languages).
func PluralForm(lang string, n int64) Form {
	if n < 0 {
		n = -n
	}
	if rule, ok := pluralRules[lang]; ok {
		return rule(n)
	}
	return Other
}

// Forms returns the categories the language's rule can produce; a plural
// message in that language must give each of them.
func Forms(lang string) []Form {
	seen := map[Form]bool{}
	var out []Form
	for _, n := range []int64{0, 1, 2, 3, 5, 11, 100, 101, 102, 111, 1000000, 2000000} {
		f := PluralForm(lang, n)
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}
