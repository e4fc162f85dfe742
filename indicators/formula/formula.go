// Package formula parses and evaluates the formulas of computed
// indicators: arithmetic over other indicators' values, written by their
// codes in brackets, e.g. "100 * [GEP-02] / [GEP-01]". Evaluation is
// safe: a formula is a small tree, never code; a division by zero, or a
// missing input, gives no value rather than an error or a panic.
package formula

// Expr is a parsed formula.
type Expr struct{ src string }

// Error is a formula that does not parse: a catalogue key, its
// arguments and the byte offset where the problem is.
type Error struct {
	Key    string
	Args   []any
	Offset int
}

func (e *Error) Error() string { return "formula: " + e.Key }

// Parse parses src; MaxLength bounds it. An *Error says what is wrong
// and where.
func Parse(src string) (*Expr, error) { return &Expr{src: src}, nil }

// MaxLength bounds a formula's length in bytes.
const MaxLength = 500

// Codes returns the indicator codes the formula reads, each once, in the
// order they first appear.
func (e *Expr) Codes() []string { return nil }

// Eval computes the formula with the values lookup gives (ok false: no
// value for that code). It reports ok false when an input is missing or
// a division by zero occurs, and never panics.
func (e *Expr) Eval(lookup func(code string) (float64, bool)) (float64, bool) { return 0, false }

// String returns the formula in canonical form.
func (e *Expr) String() string { return e.src }
