package formula

import (
	"math"
	"strconv"
	"strings"
)

// op is what a node of the tree does.
type op uint8

const (
	opNum op = iota
	opRef
	opNeg
	opAdd
	opSub
	opMul
	opDiv
	opMin
	opMax
	opAbs
	opRound
)

// node is one node of a formula's tree. Parentheses leave no node: the
// tree's shape holds what they meant.
type node struct {
	op   op
	num  float64 // opNum: the number, never negative (a minus is opNeg)
	code string  // opRef: the upper-case code
	pos  int     // opRef and calls: byte offset in the source, for messages
	kids []*node // the operands: 1 for opNeg and opAbs, 2 for binary operators, 1 or 2 for opRound, 2 or more for opMin and opMax
}

// function describes a function the language offers.
type function struct {
	op               op
	minArgs, maxArgs int
	usage            string // shown in messages; function names are not translated
}

// functions are the language's functions, by lower-case name. Keep them
// few: each one is documented in the package comment and in the help of
// the indicator form.
var functions = map[string]function{
	"min":   {opMin, 2, MaxLength, "min(a, b, …)"},
	"max":   {opMax, 2, MaxLength, "max(a, b, …)"},
	"abs":   {opAbs, 1, 1, "abs(x)"},
	"round": {opRound, 1, 2, "round(x, digits)"},
}

// maxDigits bounds the digits of round, both ways: beyond 10 decimals a
// figure of ours means nothing, and beyond 10^10 nothing is left.
const maxDigits = 10

// pow10 holds 10^0 … 10^maxDigits, exact in float64.
var pow10 = func() (p [maxDigits + 1]float64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// eval computes the node; ok false means no value. The recursion is as
// deep as the tree, which Parse bounds through MaxLength.
func (n *node) eval(lookup func(string) (float64, bool)) (float64, bool) {
	switch n.op {
	case opNum:
		return n.num, true
	case opRef:
		v, ok := lookup(n.code)
		return v, ok && finite(v)
	case opNeg:
		v, ok := n.kids[0].eval(lookup)
		return -v, ok
	case opAbs:
		v, ok := n.kids[0].eval(lookup)
		return math.Abs(v), ok
	case opRound:
		v, ok := n.kids[0].eval(lookup)
		if !ok {
			return 0, false
		}
		digits := 0
		if len(n.kids) == 2 {
			d, _ := n.kids[1].constant() // checked by the parser
			digits = int(d)
		}
		return roundTo(v, digits), true
	case opMin, opMax:
		m, ok := n.kids[0].eval(lookup)
		if !ok {
			return 0, false
		}
		for _, k := range n.kids[1:] {
			v, ok := k.eval(lookup)
			if !ok {
				return 0, false
			}
			if n.op == opMin && v < m || n.op == opMax && v > m {
				m = v
			}
		}
		return m, true
	}
	a, ok := n.kids[0].eval(lookup)
	if !ok {
		return 0, false
	}
	b, ok := n.kids[1].eval(lookup)
	if !ok {
		return 0, false
	}
	var r float64
	switch n.op {
	case opAdd:
		r = a + b
	case opSub:
		r = a - b
	case opMul:
		r = a * b
	case opDiv:
		if math.Abs(b) < tiny {
			return 0, false
		}
		r = a / b
	default:
		return 0, false
	}
	// Inputs are finite, so only an overflow gets here with ±Inf; once
	// refused, no NaN can arise further up.
	return r, finite(r)
}

// roundTo rounds v to digits decimals (to tens, hundreds… when digits is
// negative), halves away from zero.
func roundTo(v float64, digits int) float64 {
	if digits < 0 {
		p := pow10[-digits]
		return math.Round(v/p) * p
	}
	p := pow10[digits]
	if math.Abs(v)*p >= 1<<52 {
		return v // no fraction left at that precision; v*p could overflow
	}
	return math.Round(v*p) / p
}

// constant returns the value of a number, or of a minus sign before one.
func (n *node) constant() (float64, bool) {
	switch n.op {
	case opNum:
		return n.num, true
	case opNeg:
		v, ok := n.kids[0].constant()
		return -v, ok
	}
	return 0, false
}

// precedence is how tightly the node binds, for String's parentheses.
func (n *node) precedence() int {
	switch n.op {
	case opAdd, opSub:
		return 1
	case opMul, opDiv:
		return 2
	case opNeg:
		return 3
	}
	return 4
}

var symbols = [...]string{opAdd: " + ", opSub: " - ", opMul: " * ", opDiv: " / "}

var names = [...]string{opMin: "min", opMax: "max", opAbs: "abs", opRound: "round"}

// write writes the canonical form of the node.
func (n *node) write(b *strings.Builder) {
	switch n.op {
	case opNum:
		b.WriteString(formatNumber(n.num))
	case opRef:
		b.WriteString("[" + n.code + "]")
	case opNeg:
		b.WriteByte('-')
		n.kids[0].writeWithin(b, n.kids[0].precedence() < 3)
	case opAdd, opSub, opMul, opDiv:
		p := n.precedence()
		// Operators group left to right, so a right operand of the
		// same precedence keeps its parentheses: a - (b - c).
		n.kids[0].writeWithin(b, n.kids[0].precedence() < p)
		b.WriteString(symbols[n.op])
		n.kids[1].writeWithin(b, n.kids[1].precedence() <= p)
	default:
		b.WriteString(names[n.op])
		b.WriteByte('(')
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(", ")
			}
			k.write(b)
		}
		b.WriteByte(')')
	}
}

// writeWithin writes the node, in parentheses when paren is true.
func (n *node) writeWithin(b *strings.Builder, paren bool) {
	if paren {
		b.WriteByte('(')
	}
	n.write(b)
	if paren {
		b.WriteByte(')')
	}
}

// formatNumber writes v (finite, not negative) with the fewest digits
// that read back as v, plainly when that takes at most 8 characters
// (0.5, 1200, 1000000, 0.00001), otherwise in the shorter of the plain and
// exponent forms (1e21, 2.5e-7, 123456789).
func formatNumber(v float64) string {
	plain := strconv.FormatFloat(v, 'f', -1, 64)
	exp := strconv.FormatFloat(v, 'e', -1, 64) // "2.5e-07", "1e+21"
	mant, e, _ := strings.Cut(exp, "e")
	sign := ""
	if e[0] == '-' {
		sign = "-"
	}
	e = strings.TrimLeft(e[1:], "0")
	if e == "" {
		e = "0"
	}
	exp = mant + "e" + sign + e
	if len(plain) > 8 && len(exp) < len(plain) {
		return exp
	}
	return plain
}

// equal reports whether n and m are the same tree.
func (n *node) equal(m *node) bool {
	if n == nil || m == nil {
		return n == m
	}
	if n.op != m.op || n.num != m.num || n.code != m.code || len(n.kids) != len(m.kids) {
		return false
	}
	for i := range n.kids {
		if !n.kids[i].equal(m.kids[i]) {
			return false
		}
	}
	return true
}
