package indicators

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// Import bounds.
const (
	MaxImportBytes = 20 << 20
	MaxImportRows  = 500_000
	// MaxRowErrors caps the problems an ImportError lists.
	MaxRowErrors = 500
)

// ImportError lists every bad row of an import (or bad value of
// SaveValues), at most MaxRowErrors; its code is EINVALID.
type ImportError struct {
	Rows      []RowError
	Truncated bool // more problems than MaxRowErrors
}

func (e *ImportError) Error() string { return "indicators: the import has errors" }

// Unwrap gives the coded error the web layer maps to a status.
func (e *ImportError) Unwrap() error {
	return birlik.Errorf(birlik.EINVALID, "error.indicators.import_invalid", "n", len(e.Rows))
}

func (e *ImportError) add(line int, p problem) {
	if len(e.Rows) >= MaxRowErrors {
		e.Truncated = true
		return
	}
	e.Rows = append(e.Rows, RowError{Line: line, Column: p.column, Key: p.key, Args: p.args})
}

// RowError is one problem of an import: line (1 is the header), column,
// and a catalogue key with its arguments.
type RowError struct {
	Line   int
	Column string
	Key    string
	Args   []any
}

// importColumns are the columns of an import; the header names them, in
// any order; the dimensions and the note may be left out.
var importColumns = []string{"indicator", "org_id", "period", "sex", "age", "disability", "migration", "value", "note"}

// ImportCSV reads values from CSV (header: indicator, org_id, period,
// sex, age, disability, migration, value, note; the last five may be
// missing), validates the whole file, reports every bad row with its
// line (*ImportError), and saves all or nothing in one transaction. A
// focal point imports their municipality's values only. It returns how
// many values changed.
func (s *Service) ImportCSV(ctx context.Context, r io.Reader) (int, error) {
	a := birlik.ActorFrom(ctx)
	if !staff(a) && !(a.Scoped() && a.OrgID != "") {
		return 0, forbidden()
	}
	lr := &io.LimitedReader{R: r, N: MaxImportBytes + 1}
	cr := csv.NewReader(lr)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return 0, birlik.Errorf(birlik.EINVALID, "error.indicators.csv_unreadable")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	bad := &ImportError{}
	for _, c := range []string{"indicator", "org_id", "period", "value"} {
		if _, ok := col[c]; !ok {
			bad.add(1, problem{c, "error.indicators.column_missing", []any{"column", c}})
		}
	}
	if len(bad.Rows) > 0 {
		return 0, bad
	}
	var n int
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		inds, munis, err := lookups(ctx, tx)
		if err != nil {
			return err
		}
		byCode := map[string]*Indicator{}
		for _, ind := range inds {
			byCode[ind.Code] = ind
		}
		sts, err := statuses(ctx, tx, scopeOrgs(a))
		if err != nil {
			return err
		}
		now := s.Now()
		var vs []Value
		seen := map[valueKey]int{}
		line := 1
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			line++
			if lr.N <= 0 || line > MaxImportRows+1 {
				return birlik.Errorf(birlik.EINVALID, "error.indicators.csv_too_big", "rows", MaxImportRows, "mb", MaxImportBytes>>20)
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					line = pe.Line
				}
				bad.add(line, problem{"", "error.indicators.csv_unreadable", nil})
				continue
			}
			cell := func(name string) string {
				if i, ok := col[name]; ok && i < len(rec) {
					return strings.TrimSpace(birlik.CSVValue(rec[i]))
				}
				return ""
			}
			ind := byCode[strings.ToUpper(cell("indicator"))]
			v := Value{OrgID: cell("org_id"), Period: cell("period"), Note: cell("note"),
				Combo: Combo{cell("sex"), cell("age"), cell("disability"), cell("migration")}}
			var ps []problem
			if ind != nil {
				v.IndicatorID = ind.ID
			}
			x, perr := strconv.ParseFloat(strings.Replace(cell("value"), ",", ".", 1), 64)
			if perr != nil || math.IsNaN(x) {
				ps = append(ps, problem{"value", "error.indicators.value_invalid", nil})
				x = 0
			}
			v.Value = x
			ps = append(ps, check(&v, ind, munis, now, false)...)
			if !MayEnter(a, v.OrgID) {
				ps = append(ps, problem{"org_id", "error.indicators.org_forbidden", nil})
			} else if key := lockKey(a, sts[[2]string{v.OrgID, v.Period}]); key != "" {
				ps = append(ps, problem{"period", key, []any{"period", v.Period}})
			}
			k := valueKey{v.IndicatorID, v.OrgID, v.Period, v.Combo}
			if first, ok := seen[k]; ok && ind != nil {
				ps = append(ps, problem{"value", "error.indicators.duplicate_row", []any{"line", first}})
			}
			seen[k] = line
			for _, p := range ps {
				bad.add(line, p)
			}
			if len(ps) == 0 && len(bad.Rows) == 0 {
				vs = append(vs, v)
			}
		}
		if len(bad.Rows) > 0 {
			return bad
		}
		if n, err = write(ctx, tx, a, now.UTC(), vs, inds, munis); err != nil {
			return err
		}
		return audit.Write(ctx, tx, now.UTC(), "indicator_value.import", "indicator_value", "import", a.OrgID, nil,
			map[string]any{"rows": len(vs), "changed": n})
	})
	return n, err
}
