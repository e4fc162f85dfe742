package network

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"birlik"
)

// Import limits. A file over either is refused whole, with a clear error,
// before any row is checked: imports run in one transaction, and a file
// that size is a mistake or an attack rather than a member list.
const (
	MaxImportBytes = 50 << 20
	MaxImportRows  = 200_000
)

// csvTable is a CSV file read into memory: the recognised columns, and
// each data row with the line it starts on.
type csvTable struct {
	col   map[string]int // column name → index
	names []string       // header, normalised; "" for an unnamed column
	rows  [][]string
	lines []int
	errs  []RowError // problems with the file, the header or single rows' shape
}

// has reports whether the file has the column.
func (t *csvTable) has(name string) bool { _, ok := t.col[name]; return ok }

// cell returns row i's value in the named column, "" when the column is
// absent. A leading apostrophe that the export put before a formula-like
// value (birlik.CSVCell) is taken off again.
func (t *csvTable) cell(i int, name string) string {
	c, ok := t.col[name]
	if !ok || c >= len(t.rows[i]) {
		return ""
	}
	return birlik.CSVValue(t.rows[i][c])
}

// tooLarge and tooManyRows are the errors for files over the limits.
func tooLarge() error {
	return birlik.Errorf(birlik.EINVALID, "error.network.csv.too_large", "max", MaxImportBytes>>20)
}

func tooManyRows() error {
	return birlik.Errorf(birlik.EINVALID, "error.network.csv.too_many_rows", "max", MaxImportRows)
}

// readCSV reads a whole CSV file as spreadsheets write it: UTF-8 with or
// without a byte-order mark (or, failing UTF-8, the Windows-1254 code page
// a Turkish Excel saves in), separated by commas, semicolons (a Turkish
// Excel's choice) or tabs, lines ending in LF or CRLF. The header names
// are matched case-insensitively against known; unknown, repeated and
// missing required columns are reported on line 1 and stop the reading.
// Rows that are empty are skipped; rows with the wrong number of cells or
// broken quoting are reported with their line. It returns an error only
// for a file over the limits or one it cannot read.
func readCSV(r io.Reader, known, required []string, progress func(lines int)) (*csvTable, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, tooLarge()
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1254.NewDecoder().Bytes(data); err != nil {
			return nil, err
		}
	}
	t := &csvTable{col: map[string]int{}}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) || (err == nil && len(header) == 1 && strings.TrimSpace(header[0]) == "") {
		t.errs = append(t.errs, RowError{Line: 1, Message: "error.network.csv.empty"})
		return t, nil
	}
	if err != nil {
		t.errs = append(t.errs, RowError{Line: 1, Message: "error.network.csv.malformed"})
		return t, nil
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		name = strings.NewReplacer(" ", "_", "-", "_").Replace(name)
		t.names = append(t.names, name)
		switch {
		case name == "":
		case !contains(known, name):
			t.errs = append(t.errs, RowError{Line: 1, Field: h, Message: "error.network.csv.unknown_column", Args: []any{"column", h}})
		case t.has(name):
			t.errs = append(t.errs, RowError{Line: 1, Field: name, Message: "error.network.csv.duplicate_column", Args: []any{"column", name}})
		default:
			t.col[name] = i
		}
	}
	for _, name := range required {
		if !t.has(name) {
			t.errs = append(t.errs, RowError{Line: 1, Field: name, Message: "error.network.csv.missing_column", Args: []any{"column", name}})
		}
	}
	if len(t.errs) > 0 {
		return t, nil
	}
	lastOffset := cr.InputOffset()
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if progress != nil && n%1000 == 0 && n > 0 {
			progress(n)
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.errs = append(t.errs, RowError{Line: pe.StartLine, Message: "error.network.csv.malformed"})
			if off := cr.InputOffset(); off == lastOffset {
				break // no progress: stop rather than report the same line forever
			} else {
				lastOffset = off
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		lastOffset = cr.InputOffset()
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(t.rows) >= MaxImportRows {
			return nil, tooManyRows()
		}
		if len(rec) != len(header) {
			// Spreadsheets may add empty cells at the end of a row.
			if len(rec) < len(header) || !blank(rec[len(header):]) {
				t.errs = append(t.errs, RowError{Line: line, Message: "error.network.csv.field_count", Args: []any{"want", len(header), "got", len(rec)}})
				continue
			}
			rec = rec[:len(header)]
		}
		bad := false
		for i, v := range rec {
			if t.names[i] == "" && strings.TrimSpace(v) != "" {
				t.errs = append(t.errs, RowError{Line: line, Message: "error.network.csv.unnamed_column"})
				bad = true
				break
			}
		}
		if bad {
			continue
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	if progress != nil {
		progress(len(t.rows))
	}
	return t, nil
}

// separator guesses the separator from the header line: whichever of
// comma, semicolon and tab it holds most of, outside quotes.
func separator(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(data[:min(len(data), 64<<10)]) {
		if c == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		counts[c]++
	}
	sep := ','
	if counts[';'] > counts[sep] {
		sep = ';'
	}
	if counts['\t'] > counts[sep] {
		sep = '\t'
	}
	return sep
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// writeCSV writes a header and rows, every cell defused by birlik.CSVCell.
func writeCSV(w io.Writer, header []string, n int, row func(i int) []string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		rec := row(i)
		for k := range rec {
			rec[k] = birlik.CSVCell(rec[k])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeJSONArray writes n values as a JSON array, one per line, without
// holding the whole document in memory.
func writeJSONArray(w io.Writer, n int, value func(i int) any) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		sep := ",\n"
		if i == 0 {
			sep = "\n"
		}
		data, err := json.Marshal(value(i))
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}
