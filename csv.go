package birlik

import "strings"

// formulaStart holds the first characters with which a spreadsheet takes a
// cell for a formula.
const formulaStart = "=+-@\t\r"

// CSVCell defuses a value a spreadsheet would run as a formula (CSV
// injection) by putting an apostrophe before it. Every CSV export writes
// typed text through it. Phone numbers such as "+90 224 …" and negative
// numbers are left as they are: a spreadsheet reads them as numbers, not
// formulas. CSVValue takes the apostrophe off again, so exports
// round-trip through the importers.
func CSVCell(s string) string {
	switch {
	case quotedFormula(s):
		return "'" + s // a real leading apostrophe survives the round trip
	case s == "" || !strings.ContainsRune(formulaStart, rune(s[0])):
		return s
	case (s[0] == '+' || s[0] == '-') && len(s) > 1 && strings.Trim(s[1:], "0123456789 ()-./") == "":
		return s
	}
	return "'" + s
}

// CSVValue reads back a cell CSVCell wrote: the apostrophe it put before
// a formula-like value is taken off.
func CSVValue(s string) string {
	if quotedFormula(s) {
		return s[1:]
	}
	return s
}

// quotedFormula reports whether s is apostrophes followed by what a
// spreadsheet takes for a formula: the form CSVCell gives such values.
func quotedFormula(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return len(rest) < len(s) && rest != "" && strings.ContainsRune(formulaStart, rune(rest[0]))
}
