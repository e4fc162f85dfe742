// Package formula parses and evaluates the formulas of computed
// indicators: arithmetic over other indicators' values, written by their
// codes in brackets, e.g. "100 * [GEP-02] / [GEP-01]". Evaluation is
// safe: a formula is a small tree, never code; a division by zero, or a
// missing input, gives no value rather than an error or a panic.
//
// The language, all of it:
//
//   - numbers: 12, 0.5, 1e6, 2.5e-3 ('.' is the decimal point; "1,5" is
//     refused with a message saying to write 1.5);
//   - indicator codes in square brackets: [GEP-01]. A code has 1 to 32
//     letters A–Z, digits, '-' and '.'; lower case is read as upper case;
//   - + - * / with the usual precedence, left to right, and unary minus;
//   - parentheses;
//   - four functions, names in any case: min(a, b, …) and max(a, b, …)
//     of two values or more, abs(x), and round(x) or round(x, digits)
//     where digits is a whole number from -10 to 10 written in the
//     formula (round([A], 1) gives one decimal, round([A], -3) thousands;
//     halves round away from zero).
//
// A formula has at most MaxLength characters besides spaces and nests
// parentheses, functions and minus signs at most MaxDepth deep, so that
// no input can exhaust the stack or the processor.
package formula

import (
	"strings"
	"unicode/utf8"
)

// MaxLength bounds a formula's length in bytes, spaces not counted (so
// that the spaces of the canonical form never push a formula over it),
// both as written and in its canonical form. Written formulas may in
// addition hold at most 4×MaxLength bytes with their spaces.
const MaxLength = 500

// MaxDepth bounds how deep parentheses, function calls and unary minus
// signs nest.
const MaxDepth = 50

// MaxCodeLength bounds the length of an indicator code in a formula.
const MaxCodeLength = 32

// Expr is a parsed formula. The zero Expr has no value: Eval reports ok
// false and String returns "". An Expr is read-only once parsed and safe
// for concurrent use.
type Expr struct {
	root  *node
	src   string   // as written, for the positions in messages
	codes []string // each code once, in the order it first appears
}

// Error is a formula that does not parse: a catalogue key
// ("formula.error.…"), its arguments as name, value pairs for the
// message's placeholders (always "at", the 1-based character position
// the message shows, and others by key), and the byte offset in the
// source where the problem is.
type Error struct {
	Key    string
	Args   []any
	Offset int
}

func (e *Error) Error() string { return "formula: " + e.Key }

// Parse parses src. An *Error says what is wrong and where.
func Parse(src string) (*Expr, error) {
	if len(src) > 4*MaxLength || nonSpaceLen(src) > MaxLength {
		return nil, newError(src, "formula.error.too_long", min(len(src), MaxLength), "max", MaxLength)
	}
	p := &parser{src: src}
	p.next()
	if p.err != nil {
		return nil, p.err
	}
	if p.tok.kind == tEOF {
		return nil, newError(src, "formula.error.empty", 0)
	}
	root := p.parseExpr()
	if p.err == nil && p.tok.kind != tEOF {
		p.failTrailing()
	}
	if p.err != nil {
		return nil, p.err
	}
	e := &Expr{root: root, src: src, codes: p.codes}
	// A number's canonical form can be longer than it was written
	// ("123456e-300" is "1.23456e-295"); refusing here keeps the promise
	// that String always parses back.
	if nonSpaceLen(e.String()) > MaxLength {
		return nil, newError(src, "formula.error.too_long", min(len(src), MaxLength), "max", MaxLength)
	}
	return e, nil
}

// Codes returns the indicator codes the formula reads, each once, in the
// order they first appear. The caller must not modify the slice.
func (e *Expr) Codes() []string {
	if e == nil {
		return nil
	}
	return e.codes
}

// String returns the formula in canonical form: one space around binary
// operators and after commas, no parentheses that the precedence makes
// useless, function names in lower case, codes in upper case, numbers in
// their shortest exact form. Parse(e.String()) gives back the same tree.
func (e *Expr) String() string {
	if e == nil || e.root == nil {
		return ""
	}
	var b strings.Builder
	e.root.write(&b)
	return b.String()
}

// Equal reports whether e and f are the same tree.
func (e *Expr) Equal(f *Expr) bool {
	if e == nil || f == nil {
		return e == f
	}
	return e.root.equal(f.root)
}

// Eval computes the formula with the values lookup gives (ok false: no
// value for that code). It reports ok false when an input is missing or
// not a finite number, when a division by zero (or by a number within
// 1e-12 of zero) occurs, or when a result is not a finite number; it
// never panics.
func (e *Expr) Eval(lookup func(code string) (float64, bool)) (float64, bool) {
	if e == nil || e.root == nil {
		return 0, false
	}
	return e.root.eval(lookup)
}

// nonSpaceLen is the length of s in bytes without its white space.
func nonSpaceLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			n += size
		}
		i += size
	}
	return n
}

// newError makes an *Error at byte offset off of src with "at" set to the
// character position people count, from 1.
func newError(src, key string, off int, args ...any) *Error {
	at := utf8.RuneCountInString(src[:off]) + 1
	return &Error{Key: key, Args: append([]any{"at", at}, args...), Offset: off}
}

// tiny is how close to zero a divisor may come: a rate over a population
// of 1e-13 is an input error, not a figure worth showing.
const tiny = 1e-12

// finite reports whether v is neither NaN nor infinite (Inf-Inf and
// NaN-NaN are NaN, which differs from 0).
func finite(v float64) bool { return v-v == 0 }
