package formula_test

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"birlik/indicators/formula"
	"birlik/locale"
)

// values is the lookup of the tests: a code has a value when it is in the
// map.
func values(m map[string]float64) func(string) (float64, bool) {
	return func(code string) (float64, bool) {
		v, ok := m[code]
		return v, ok
	}
}

func mustParse(t testing.TB, src string) *formula.Expr {
	t.Helper()
	e, err := formula.Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return e
}

func TestEval(t *testing.T) {
	in := map[string]float64{
		"GEP-01": 200, "GEP-02": 50, "A": 3, "B": 4, "ZERO": 0, "NEG": -2.5, "TINY": 1e-13, "HUGE": 1e300,
		"NAN": math.NaN(), "INF": math.Inf(1),
	}
	tests := []struct {
		name string
		src  string
		want float64
		ok   bool
	}{
		{"number", "42", 42, true},
		{"fraction and exponent", "1.5e2 + 2.5E-1", 150.25, true},
		{"ratio times 100", "100 * [GEP-02] / [GEP-01]", 25, true},
		{"ratio times 100, grouped", "[GEP-02] / [GEP-01] * 100", 25, true},
		{"lower-case codes", "[gep-02]/[Gep-01]", 0.25, true},
		{"spaces inside brackets", "[ A ] + [b  ]", 7, true},
		{"multiplication first", "1 + 2 * 3", 7, true},
		{"division first", "10 - 6 / 3", 8, true},
		{"left to right minus", "10 - 4 - 3", 3, true},
		{"left to right division", "24 / 4 / 3", 2, true},
		{"parentheses", "(1 + 2) * 3", 9, true},
		{"nested parentheses", "((([A] + [B]) * (2 - (1 - 1))))", 14, true},
		{"unary minus", "-[A] + 10", 7, true},
		{"unary minus binds tighter than *", "-[A] * 2", -6, true},
		{"minus after operator", "2 * -3", -6, true},
		{"double minus", "--[A]", 3, true},
		{"subtract a negative", "[A] - -[B]", 7, true},
		{"negative input", "[NEG] * 2", -5, true},
		{"minus before parentheses", "-(1 - 3)", 2, true},
		{"min", "min([A], [B], 1)", 1, true},
		{"max", "MAX([A], [B])", 4, true},
		{"abs", "abs([NEG])", 2.5, true},
		{"round", "round(2 / 3, 2)", 0.67, true},
		{"round without digits", "round(2.5)", 3, true},
		{"round half away from zero", "round(-2.5)", -3, true},
		{"round to hundreds", "round(1234, -2)", 1200, true},
		{"round a huge number", "round([HUGE], 10)", 1e300, true},
		{"functions nest", "max(abs(-[A]), min([B], 10)) * 2", 8, true},
		{"division by zero", "[A] / [ZERO]", 0, false},
		{"division by a computed zero", "[A] / ([B] - 4)", 0, false},
		{"division by nearly zero", "[A] / [TINY]", 0, false},
		{"division by zero inside a function", "max(1, 1 / 0)", 0, false},
		{"missing input", "[A] + [MISSING]", 0, false},
		{"missing input inside min", "min([A], [MISSING])", 0, false},
		{"missing input under minus", "-[MISSING]", 0, false},
		{"NaN input", "[NAN] * 0", 0, false},
		{"infinite input", "[INF] - [INF]", 0, false},
		{"overflow", "[HUGE] * [HUGE]", 0, false},
		{"overflow then cancelled", "[HUGE] * [HUGE] - [HUGE] * [HUGE]", 0, false},
		{"underflow reads as zero", "1e-400 + 1", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := mustParse(t, tt.src).Eval(values(in))
			if ok != tt.ok || ok && math.Abs(got-tt.want) > 1e-9*math.Max(1, math.Abs(tt.want)) {
				t.Errorf("Eval(%q) = %v, %v; want %v, %v", tt.src, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestEvalZeroExpr(t *testing.T) {
	var e formula.Expr
	if v, ok := e.Eval(values(nil)); ok {
		t.Errorf("zero Expr gives %v", v)
	}
	if e.String() != "" || e.Codes() != nil {
		t.Errorf("zero Expr: String %q, Codes %v", e.String(), e.Codes())
	}
}

// invalid lists formulas that do not parse, with the catalogue key and the
// byte offset of the problem.
var invalid = []struct {
	name   string
	src    string
	key    string
	offset int
}{
	{"empty", "", "formula.error.empty", 0},
	{"only spaces", "   ", "formula.error.empty", 0},
	{"unexpected closing bracket", "([A] + [B]))", "formula.error.unexpected", 11},
	{"closing bracket first", ")", "formula.error.unexpected", 0},
	{"operator first", "* 2", "formula.error.unexpected", 0},
	{"two operators", "1 + * 2", "formula.error.unexpected", 4},
	{"unary plus", "+1", "formula.error.unexpected", 0},
	{"nothing after /", "[A] /", "formula.error.nothing_after", 4},
	{"nothing after minus", "2 * -", "formula.error.nothing_after", 4},
	{"nothing after comma", "max(1,", "formula.error.nothing_after", 5},
	{"nothing after open bracket", "(", "formula.error.nothing_after", 0},
	{"empty brackets", "2 * ()", "formula.error.empty_parens", 4},
	{"unclosed bracket", "2 * (1 + 3", "formula.error.unclosed_paren", 4},
	{"unclosed call", "max(1, 2", "formula.error.unclosed_paren", 3},
	{"missing operator between codes", "[A] [B]", "formula.error.missing_operator", 4},
	{"missing operator before bracket", "2(3)", "formula.error.missing_operator", 1},
	{"missing operator after bracket", "(1) 2", "formula.error.missing_operator", 4},
	{"decimal comma", "[A] * 1,5", "formula.error.decimal_comma", 6},
	{"decimal comma in brackets", "(0,25 * [A])", "formula.error.decimal_comma", 1},
	{"stray comma", "1, [A]", "formula.error.unexpected", 1},
	{"unknown function", "sqrt([A])", "formula.error.unknown_function", 0},
	{"unknown function, Turkish", "1 + TOPLA([A])", "formula.error.unknown_function", 4},
	{"code without brackets", "100 * GEP01", "formula.error.bare_word", 6},
	{"function without brackets", "abs 2", "formula.error.arguments", 0},
	{"abs of two", "abs(1, 2)", "formula.error.arguments", 0},
	{"min of one", "min([A])", "formula.error.arguments", 0},
	{"max of none", "max()", "formula.error.arguments", 0},
	{"round of three", "round(1, 2, 3)", "formula.error.arguments", 0},
	{"round digits from an indicator", "round(1, [A])", "formula.error.round_digits", 0},
	{"round digits fractional", "2 + round(1, 0.5)", "formula.error.round_digits", 4},
	{"round digits too many", "round(1, 11)", "formula.error.round_digits", 0},
	{"round digits too few", "round(1, -11)", "formula.error.round_digits", 0},
	{"bad character", "2 ^ 3", "formula.error.character", 2},
	{"multiplication sign", "2 × 3", "formula.error.character", 2},
	{"stray closing square bracket", "2 ]", "formula.error.character", 2},
	{"two points", "1.2.3", "formula.error.number_bad", 0},
	{"letters after a number", "12abc", "formula.error.number_bad", 0},
	{"no digit before the point", ".5", "formula.error.number_bad", 0},
	{"no digit after the point", "5.", "formula.error.number_bad", 0},
	{"no exponent", "1e", "formula.error.number_bad", 0},
	{"number too large", "[A] * 1e400", "formula.error.number_too_large", 6},
	{"empty square brackets", "[]", "formula.error.ref_empty", 0},
	{"blank square brackets", "1 + [  ]", "formula.error.ref_empty", 4},
	{"unclosed square bracket", "[GEP-01 + 1", "formula.error.ref_unclosed", 0},
	{"unclosed square bracket at the end", "1 + [GEP", "formula.error.ref_unclosed", 4},
	{"space inside a code", "[GEP 01]", "formula.error.ref_space", 4},
	{"underscore in a code", "[GEP_01]", "formula.error.ref_character", 4},
	{"Turkish letter in a code", "[ŞİDDET-1]", "formula.error.ref_character", 1},
	{"code too long", "[" + strings.Repeat("A", 33) + "]", "formula.error.ref_too_long", 0},
	{"too long", strings.Repeat("1+", 250) + "1", "formula.error.too_long", 500},
	{"too long with spaces", strings.Repeat(" ", 2001) + "1", "formula.error.too_long", 500},
	{"brackets too deep", strings.Repeat("(", 51) + "1" + strings.Repeat(")", 51), "formula.error.too_deep", 50},
	{"minus signs too deep", strings.Repeat("-", 51) + "1", "formula.error.too_deep", 50},
	{"functions too deep", strings.Repeat("abs(", 51) + "1" + strings.Repeat(")", 51), "formula.error.too_deep", 203},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			e, err := formula.Parse(tt.src)
			var fe *formula.Error
			if !errors.As(err, &fe) {
				t.Fatalf("Parse(%q) = %v, %v; want a *formula.Error", tt.src, e, err)
			}
			if fe.Key != tt.key || fe.Offset != tt.offset {
				t.Errorf("Parse(%q): %s at %d; want %s at %d", tt.src, fe.Key, fe.Offset, tt.key, tt.offset)
			}
		})
	}
}

// TestErrorMessages checks that every error the parser gives reads as a
// sentence in each language: its key is in the catalogues and its
// arguments fill every placeholder, and the position shown counts
// characters, not bytes.
func TestErrorMessages(t *testing.T) {
	c := locale.MustLoad()
	errs := []*formula.Error{}
	for _, tt := range invalid {
		_, err := formula.Parse(tt.src)
		errs = append(errs, err.(*formula.Error))
	}
	errs = append(errs, formula.Check(mustParse(t, "[A] / [B]"), func(string) bool { return false }).(*formula.Error))
	for _, e := range errs {
		for _, lang := range []string{"tr", "en", "fr"} {
			got := c.Lang(lang).T(e.Key, e.Args...)
			if got == e.Key || strings.ContainsAny(got, "{}") {
				t.Errorf("%s: %s with %v reads %q", lang, e.Key, e.Args, got)
			}
		}
	}
	_, err := formula.Parse("[ŞİDDET-1]")
	if got := c.Lang("en").T(err.(*formula.Error).Key, err.(*formula.Error).Args...); !strings.Contains(got, "character 2") {
		t.Errorf("message %q should point at character 2", got)
	}
	_, err = formula.Parse("\u00a0[A] + 1)") // a no-break space: two bytes, one character
	if got := c.Lang("en").T(err.(*formula.Error).Key, err.(*formula.Error).Args...); got != "Unexpected ')' at character 9." {
		t.Errorf("message %q should point at character 9", got)
	}
}

func TestString(t *testing.T) {
	tests := []struct{ src, want string }{
		{"100*[gep-02]/[GEP-01]", "100 * [GEP-02] / [GEP-01]"},
		{"((1+2))", "1 + 2"},
		{"(1+2)*3", "(1 + 2) * 3"},
		{"1+(2+3)", "1 + (2 + 3)"},
		{"(1+2)+3", "1 + 2 + 3"},
		{"1-(2-3)", "1 - (2 - 3)"},
		{"1/(2*3)", "1 / (2 * 3)"},
		{"(1/2)*3", "1 / 2 * 3"},
		{"1*(2/3)", "1 * (2 / 3)"},
		{"-(-(1))", "--1"},
		{"-(1*2)", "-(1 * 2)"},
		{"(-1)*2", "-1 * 2"},
		{"2*(-1)", "2 * -1"},
		{"1- -2", "1 - -2"},
		{"MAX( [a],2 ,ABS(-3))", "max([A], 2, abs(-3))"},
		{"Round([A] , -1)", "round([A], -1)"},
		{"0.50", "0.5"},
		{"1200.0", "1200"},
		{"1e21", "1e21"},
		{"100000000000000000000000", "1e23"},
		{"0.0000025", "2.5e-6"},
		{"1E+3", "1000"},
		{"1e6", "1000000"},
		{"1.5e8", "1.5e8"},
		{"0.00001", "0.00001"},
		{"007", "7"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e := mustParse(t, tt.src)
			if got := e.String(); got != tt.want {
				t.Errorf("String = %q, want %q", got, tt.want)
			}
			again := mustParse(t, e.String())
			if !again.Equal(e) || again.String() != e.String() {
				t.Errorf("%q parses back as %q, another tree", e.String(), again.String())
			}
		})
	}
}

// TestRoundTripAtTheLimits: formulas at the length and depth limits print
// to a form that parses back, though spaces make it longer than written.
func TestRoundTripAtTheLimits(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("1+", 249) + "1",
		strings.Repeat("(", 50) + "1" + strings.Repeat(")", 50),
		strings.Repeat("-", 50) + "1",
		strings.Repeat("max(1,", 45) + "1" + strings.Repeat(")", 45),
		"[" + strings.Repeat("A", 32) + "]",
	} {
		e := mustParse(t, src)
		if _, err := formula.Parse(e.String()); err != nil {
			t.Errorf("%q: its canonical form does not parse: %v", src, err)
		}
	}
	// A number whose canonical form is longer than written: refused at
	// once rather than stored in a form that would not parse back.
	src := strings.Repeat("12e5+", 99) + "12e5" // 1200000 in canonical form
	if _, err := formula.Parse(src); err == nil || err.(*formula.Error).Key != "formula.error.too_long" {
		t.Errorf("Parse(%d bytes growing to more than MaxLength) = %v, want too_long", len(src), err)
	}
}

func TestCodes(t *testing.T) {
	e := mustParse(t, "[b] + max([A], [B], -[c.1]) / [a]")
	if got, want := e.Codes(), []string{"B", "A", "C.1"}; !slices.Equal(got, want) {
		t.Errorf("Codes = %v, want %v", got, want)
	}
	if got := mustParse(t, "1 + 2").Codes(); len(got) != 0 {
		t.Errorf("Codes of a constant = %v", got)
	}
}

func TestCheck(t *testing.T) {
	known := func(code string) bool { return code == "GEP-01" || code == "GEP-02" }
	if err := formula.Check(mustParse(t, "[gep-02] / [GEP-01]"), known); err != nil {
		t.Errorf("known codes: %v", err)
	}
	err := formula.Check(mustParse(t, "[GEP-01] + [GEP-09] * [GEP-09]"), known)
	var fe *formula.Error
	if !errors.As(err, &fe) {
		t.Fatalf("Check = %v, want a *formula.Error", err)
	}
	if fe.Key != "formula.error.unknown_indicator" || fe.Offset != 11 || !slices.Contains(fe.Args, any("GEP-09")) {
		t.Errorf("Check = %s at %d with %v; want unknown_indicator GEP-09 at 11", fe.Key, fe.Offset, fe.Args)
	}
}

func TestCycle(t *testing.T) {
	graph := func(g map[string][]string) func(string) []string {
		return func(code string) []string { return g[code] }
	}
	tests := []struct {
		name  string
		start string
		g     map[string][]string
		want  []string
	}{
		{"no formula", "A", nil, nil},
		{"no cycle", "A", map[string][]string{"A": {"B", "C"}, "B": {"C"}, "C": {"D"}}, nil},
		{"diamond is no cycle", "A", map[string][]string{"A": {"B", "C"}, "B": {"D"}, "C": {"D"}, "D": {"E"}}, nil},
		{"itself", "A", map[string][]string{"A": {"B", "A"}}, []string{"A", "A"}},
		{"through others", "A", map[string][]string{"A": {"X", "B"}, "B": {"C"}, "C": {"A"}}, []string{"A", "B", "C", "A"}},
		{"below the start", "A", map[string][]string{"A": {"B"}, "B": {"C"}, "C": {"B"}}, []string{"B", "C", "B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formula.Cycle(tt.start, graph(tt.g)); !slices.Equal(got, tt.want) {
				t.Errorf("Cycle = %v, want %v", got, tt.want)
			}
		})
	}
	// A long chain: the walk keeps its own stack and each code is
	// followed once.
	calls := 0
	chain := func(code string) []string {
		calls++
		n, _ := strconv.Atoi(code)
		if n == 100000 {
			return nil
		}
		next := strconv.Itoa(n + 1)
		return []string{next, next}
	}
	if got := formula.Cycle("1", chain); got != nil || calls != 100000 {
		t.Errorf("chain: Cycle = %v after %d calls, want nil after 100000", got, calls)
	}
}

// FuzzParse: no input makes Parse or Eval panic; whatever parses prints
// to a canonical form that parses to the same tree and prints the same.
func FuzzParse(f *testing.F) {
	for _, tt := range invalid {
		f.Add(tt.src, 1.0, -2.0)
	}
	for _, src := range []string{
		"100 * [GEP-02] / [GEP-01]", "-(1 - 2) * -[A]", "max(abs([A]), round([B] / 3, 2), 1e300)",
		"[A] / ([B] - [B])", "1e308 * 10", "min([A],[B])-max(1,2)", "round([A], -10)",
	} {
		f.Add(src, 3.0, 0.0)
	}
	f.Fuzz(func(t *testing.T, src string, a, b float64) {
		e, err := formula.Parse(src)
		if err != nil {
			var fe *formula.Error
			if !errors.As(err, &fe) || fe.Offset < 0 || fe.Offset > len(src) {
				t.Fatalf("Parse(%q): %#v", src, err)
			}
			return
		}
		s := e.String()
		again, err := formula.Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) fails on the canonical form %q of %q: %v", s, s, src, err)
		}
		if !again.Equal(e) || again.String() != s {
			t.Fatalf("%q prints as %q, which parses as %q", src, s, again.String())
		}
		lookup := func(code string) (float64, bool) {
			switch code[0] % 3 {
			case 0:
				return a, true
			case 1:
				return b, true
			}
			return 0, false
		}
		if v, ok := e.Eval(lookup); ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("Eval(%q) = %v, ok", src, v)
		}
	})
}

// BenchmarkEval evaluates the formulas of a dashboard: a ratio ×100 and a
// longer one, with the values in a map as the dashboards keep them.
func BenchmarkEval(b *testing.B) {
	in := values(map[string]float64{"GEP-01": 1200, "GEP-02": 345, "GEP-03": 12, "GEP-04": 7})
	for _, src := range []string{
		"100 * [GEP-02] / [GEP-01]",
		"round(100 * ([GEP-02] - [GEP-03]) / max([GEP-01], 1), 1) + abs(-[GEP-04])",
	} {
		e := mustParse(b, src)
		b.Run(src, func(b *testing.B) {
			for b.Loop() {
				if _, ok := e.Eval(in); !ok {
					b.Fatal("no value")
				}
			}
		})
	}
}

// BenchmarkLookups is the floor of BenchmarkEval's ratio: its two map
// lookups and arithmetic written in Go, so that the evaluator's own cost
// reads as the difference.
func BenchmarkLookups(b *testing.B) {
	in := values(map[string]float64{"GEP-01": 1200, "GEP-02": 345})
	sum := 0.0
	for b.Loop() {
		x, _ := in("GEP-02")
		y, _ := in("GEP-01")
		sum += 100 * x / y
	}
	if sum <= 0 {
		b.Fatal("no sum")
	}
}

// BenchmarkParse parses a typical formula, as saving one does.
func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := formula.Parse("round(100 * ([GEP-02] - [GEP-03]) / max([GEP-01], 1), 1)"); err != nil {
			b.Fatal(err)
		}
	}
}
