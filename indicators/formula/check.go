package formula

// Check returns an *Error (key formula.error.unknown_indicator, with the
// code and where it first appears) for the first code of e that known
// says does not exist; nil when every code is known. Saving a formula
// indicator calls it, so that a typo is refused at save rather than
// giving no value for ever.
func Check(e *Expr, known func(code string) bool) error {
	for _, code := range e.Codes() {
		if !known(code) {
			return newError(e.src, "formula.error.unknown_indicator", e.root.find(code), "code", code)
		}
	}
	return nil
}

// find returns the byte offset of the first reference to code.
func (n *node) find(code string) int {
	if n.op == opRef && n.code == code {
		return n.pos
	}
	for _, k := range n.kids {
		if off := k.find(code); off >= 0 {
			return off
		}
	}
	return -1
}

// Cycle looks for a formula that depends on itself, following refs (the
// codes a code's formula reads; none for an indicator entered by hand)
// from start. It returns the first cycle found as a path that ends where
// it begins ("A", "B", "A"), or nil. When saving indicator X with a new
// formula, refs(X) gives the new formula's codes and refs of the others
// their stored ones; a cycle through X is then reported starting at X.
// Each code is followed once, so the cost is the size of the graph
// reachable from start, and the walk keeps its own stack: no graph, however
// deep, can exhaust Go's.
func Cycle(start string, refs func(code string) []string) []string {
	const onPath, done = 1, 2
	state := map[string]uint8{start: onPath}
	type frame struct {
		code string
		next []string // codes still to follow
	}
	stack := []frame{{start, refs(start)}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.next) == 0 {
			state[top.code] = done
			stack = stack[:len(stack)-1]
			continue
		}
		code := top.next[0]
		top.next = top.next[1:]
		switch state[code] {
		case done:
			continue
		case onPath:
			var path []string
			for i := range stack {
				if stack[i].code == code || path != nil {
					path = append(path, stack[i].code)
				}
			}
			return append(path, code)
		}
		state[code] = onPath
		stack = append(stack, frame{code, refs(code)})
	}
	return nil
}
