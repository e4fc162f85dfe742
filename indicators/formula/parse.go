package formula

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is the kind of a token.
type kind uint8

const (
	tNone kind = iota // before the first token
	tEOF
	tNum
	tRef
	tIdent
	tPlus
	tMinus
	tStar
	tSlash
	tLParen
	tRParen
	tComma
)

// token is one token of the source: src[pos:end], with the value of a
// number and the upper-cased code of a reference.
type token struct {
	kind     kind
	pos, end int
	num      float64
	code     string
}

// parser is a recursive-descent parser with one token of look-ahead. The
// first error stops it: every method returns at once when err is set, and
// the current token is then tEOF so that no loop goes on.
type parser struct {
	src       string
	pos       int // where the lexer reads next
	tok, prev token
	depth     int
	codes     []string
	err       *Error
}

// text is the source text of t.
func (p *parser) text(t token) string { return p.src[t.pos:t.end] }

// fail records the first error and stops the parser.
func (p *parser) fail(key string, off int, args ...any) {
	if p.err == nil {
		p.err = newError(p.src, key, off, args...)
	}
	p.tok = token{kind: tEOF, pos: len(p.src), end: len(p.src)}
}

// enter counts one more level of nesting at byte offset off.
func (p *parser) enter(off int) bool {
	p.depth++
	if p.depth > MaxDepth {
		p.fail("formula.error.too_deep", off, "max", MaxDepth)
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

// parseExpr reads a whole formula, or one in parentheses or in a
// function's arguments.
func (p *parser) parseExpr() *node { return p.parseBinary(sums) }

// Levels of binary operators, loosest first.
const (
	sums     = 1 // + and -
	products = 2 // * and /
)

// parseBinary reads operands joined by the operators of level, left to
// right: 10 - 4 - 3 is (10 - 4) - 3.
func (p *parser) parseBinary(level int) *node {
	operand := func() *node {
		if level == sums {
			return p.parseBinary(products)
		}
		return p.parseUnary()
	}
	left := operand()
	for p.err == nil {
		op, l := binary(p.tok.kind)
		if l != level {
			break
		}
		p.next()
		left = &node{op: op, kids: []*node{left, operand()}}
	}
	return left
}

// binary returns the operator of a token and its level, 0 for a token
// that is no binary operator.
func binary(k kind) (op, int) {
	switch k {
	case tPlus:
		return opAdd, sums
	case tMinus:
		return opSub, sums
	case tStar:
		return opMul, products
	case tSlash:
		return opDiv, products
	}
	return 0, 0
}

// parseUnary reads a factor with any number of minus signs before it;
// they bind tighter than * and /, so "-[A] * 2" is (-[A]) * 2.
func (p *parser) parseUnary() *node {
	if p.tok.kind != tMinus {
		return p.parsePrimary()
	}
	if !p.enter(p.tok.pos) {
		return nil
	}
	defer p.leave()
	p.next()
	x := p.parseUnary()
	return &node{op: opNeg, kids: []*node{x}}
}

// parsePrimary reads a number, a code, a function call or a formula in
// parentheses.
func (p *parser) parsePrimary() *node {
	t := p.tok
	switch t.kind {
	case tNum:
		p.next()
		return &node{op: opNum, num: t.num}
	case tRef:
		p.next()
		if !slices.Contains(p.codes, t.code) {
			p.codes = append(p.codes, t.code)
		}
		return &node{op: opRef, code: t.code, pos: t.pos}
	case tIdent:
		return p.parseCall()
	case tLParen:
		if !p.enter(t.pos) {
			return nil
		}
		defer p.leave()
		p.next()
		if p.tok.kind == tRParen {
			p.fail("formula.error.empty_parens", t.pos)
			return nil
		}
		x := p.parseExpr()
		p.close(t)
		return x
	case tEOF:
		p.fail("formula.error.nothing_after", p.prev.pos, "token", p.text(p.prev))
	default:
		p.fail("formula.error.unexpected", t.pos, "token", p.text(t))
	}
	return nil
}

// parseCall reads a function call; the current token is its name.
func (p *parser) parseCall() *node {
	name := p.tok
	lower := strings.ToLower(p.text(name))
	fn, known := functions[lower]
	p.next()
	switch {
	case !known && p.tok.kind == tLParen:
		p.fail("formula.error.unknown_function", name.pos, "name", p.text(name))
		return nil
	case !known:
		p.fail("formula.error.bare_word", name.pos, "token", p.text(name))
		return nil
	case p.tok.kind != tLParen:
		p.fail("formula.error.arguments", name.pos, "name", lower, "usage", fn.usage)
		return nil
	}
	open := p.tok
	if !p.enter(open.pos) {
		return nil
	}
	defer p.leave()
	p.next()
	n := &node{op: fn.op, pos: name.pos}
	for p.err == nil && p.tok.kind != tRParen {
		n.kids = append(n.kids, p.parseExpr())
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	p.close(open)
	if p.err != nil {
		return nil
	}
	if len(n.kids) < fn.minArgs || len(n.kids) > fn.maxArgs {
		p.fail("formula.error.arguments", name.pos, "name", lower, "usage", fn.usage)
		return nil
	}
	if n.op == opRound && len(n.kids) == 2 {
		d, ok := n.kids[1].constant()
		if !ok || d != float64(int(d)) || d < -maxDigits || d > maxDigits {
			p.fail("formula.error.round_digits", name.pos, "max", maxDigits)
			return nil
		}
	}
	return n
}

// close expects the ')' that closes the '(' of open.
func (p *parser) close(open token) {
	switch {
	case p.err != nil:
	case p.tok.kind == tRParen:
		p.next()
	case p.tok.kind == tEOF:
		p.fail("formula.error.unclosed_paren", open.pos)
	default:
		p.failTrailing()
	}
}

// failTrailing reports the current token where an operator, a closing
// parenthesis or the end was expected.
func (p *parser) failTrailing() {
	t := p.tok
	switch t.kind {
	case tComma:
		// "1,5": a decimal comma, as Turkish and French write numbers.
		if p.prev.kind == tNum && t.end < len(p.src) && isDigit(p.src[t.end]) {
			end := t.end
			for end < len(p.src) && isDigit(p.src[end]) {
				end++
			}
			written := p.src[p.prev.pos:end]
			p.fail("formula.error.decimal_comma", p.prev.pos, "token", written, "fixed", strings.Replace(written, ",", ".", 1))
			return
		}
	case tNum, tRef, tIdent, tLParen:
		p.fail("formula.error.missing_operator", t.pos, "token", p.text(t))
		return
	}
	p.fail("formula.error.unexpected", t.pos, "token", p.text(t))
}

// next reads the next token into p.tok.
func (p *parser) next() {
	if p.err != nil {
		return
	}
	p.prev = p.tok
	for p.pos < len(p.src) {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		if !isSpace(r) {
			break
		}
		p.pos += size
	}
	start := p.pos
	if start == len(p.src) {
		p.tok = token{kind: tEOF, pos: start, end: start}
		return
	}
	c := p.src[start]
	if k := punctuation(c); k != tNone {
		p.pos++
		p.tok = token{kind: k, pos: start, end: p.pos}
		return
	}
	switch r, size := utf8.DecodeRuneInString(p.src[start:]); {
	case isDigit(c) || c == '.':
		p.lexNumber()
	case c == '[':
		p.lexRef()
	case unicode.IsLetter(r) || c == '_':
		end := start + size
		for end < len(p.src) {
			r, size := utf8.DecodeRuneInString(p.src[end:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
				break
			}
			end += size
		}
		p.pos = end
		p.tok = token{kind: tIdent, pos: start, end: end}
	default:
		p.fail("formula.error.character", start, "token", p.src[start:start+size])
	}
}

// lexNumber reads digits [. digits] [e [sign] digits]. Anything else
// glued to a number ("1.2.3", "12abc", ".5", "1e") is not a number.
func (p *parser) lexNumber() {
	s, start := p.src, p.pos
	i := start
	digits := func() int {
		j := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		return i - j
	}
	ok := digits() > 0
	if i < len(s) && s[i] == '.' {
		i++
		ok = digits() > 0 && ok
	}
	if ok && i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		ok = digits() > 0
	}
	for i < len(s) && (isDigit(s[i]) || isASCIILetter(s[i]) || s[i] == '.' || s[i] == '_') {
		i, ok = i+1, false
	}
	if !ok {
		p.fail("formula.error.number_bad", start, "token", s[start:i])
		return
	}
	v, err := strconv.ParseFloat(s[start:i], 64)
	if err != nil && !finite(v) {
		p.fail("formula.error.number_too_large", start, "token", s[start:i])
		return
	}
	// An underflow ("1e-400") reads as zero, which is what it means.
	if err != nil && v != 0 {
		p.fail("formula.error.number_bad", start, "token", s[start:i])
		return
	}
	p.pos = i
	p.tok = token{kind: tNum, pos: start, end: i, num: v}
}

// lexRef reads [CODE], spaces allowed inside the brackets around the code.
func (p *parser) lexRef() {
	s, start := p.src, p.pos
	i := start + 1
	for i < len(s) && s[i] == ' ' {
		i++
	}
	from := i
	for i < len(s) && isCodeByte(s[i]) {
		i++
	}
	to := i
	for i < len(s) && s[i] == ' ' {
		i++
	}
	switch {
	case i < len(s) && s[i] == ']':
	case i == len(s) || !strings.Contains(s[i:], "]"):
		p.fail("formula.error.ref_unclosed", start)
		return
	case to > from && i > to && isCodeByte(s[i]):
		p.fail("formula.error.ref_space", to)
		return
	default:
		_, size := utf8.DecodeRuneInString(s[i:])
		p.fail("formula.error.ref_character", i, "token", s[i:i+size])
		return
	}
	switch {
	case to == from:
		p.fail("formula.error.ref_empty", start)
		return
	case to-from > MaxCodeLength:
		p.fail("formula.error.ref_too_long", start, "max", MaxCodeLength)
		return
	}
	p.pos = i + 1
	p.tok = token{kind: tRef, pos: start, end: p.pos, code: strings.ToUpper(s[from:to])}
}

func isDigit(c byte) bool       { return '0' <= c && c <= '9' }
func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isCodeByte reports whether c may appear in an indicator code, lower
// case included (it is read as upper case).
func isCodeByte(c byte) bool { return isDigit(c) || isASCIILetter(c) || c == '-' || c == '.' }

// isSpace reports white space, the no-break space that word processors
// put in pasted text included.
func isSpace(r rune) bool { return unicode.IsSpace(r) }

// punctuation is the kind of a one-byte token, tNone for any other byte.
func punctuation(c byte) kind {
	switch c {
	case '+':
		return tPlus
	case '-':
		return tMinus
	case '*':
		return tStar
	case '/':
		return tSlash
	case '(':
		return tLParen
	case ')':
		return tRParen
	case ',':
		return tComma
	}
	return tNone
}
