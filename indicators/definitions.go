package indicators

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"birlik"
	"birlik/audit"
	"birlik/indicators/formula"
	"birlik/store"
	"birlik/topics"
)

const indicatorColumns = `i.id, i.code, i.name, i.definition, i.unit, i.type, i.rights, i.sdg_targets, i.direction,
	i.aggregation, i.scope, i.period_type, i.dimensions, i.source, i.formula, i.recorded, i.version, i.created_at, i.updated_at,
	EXISTS (SELECT 1 FROM indicator_presence p WHERE p.indicator_id = i.id)`

func scanIndicator(sc interface{ Scan(...any) error }) (*Indicator, error) {
	var ind Indicator
	var name, def, rights, sdgs, dims string
	if err := sc.Scan(&ind.ID, &ind.Code, &name, &def, &ind.Unit, &ind.Type, &rights, &sdgs, &ind.Direction,
		&ind.Aggregation, &ind.Scope, &ind.Period, &dims, &ind.Source, &ind.Formula, &ind.Recorded, &ind.Version,
		&ind.CreatedAt, &ind.UpdatedAt, &ind.HasValues); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(name), &ind.Name); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(def), &ind.Definition); err != nil {
		return nil, err
	}
	ind.Rights, ind.SDGTargets = split(rights), split(sdgs)
	for _, d := range split(dims) {
		ind.Dimensions = append(ind.Dimensions, Dimension(d))
	}
	return &ind, nil
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Indicators returns every definition, by code.
func (s *Service) Indicators(ctx context.Context) ([]Indicator, error) {
	return indicators(ctx, s.DB)
}

func indicators(ctx context.Context, q store.Querier) ([]Indicator, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+indicatorColumns+` FROM indicators i ORDER BY i.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Indicator
	for rows.Next() {
		ind, err := scanIndicator(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *ind)
	}
	return out, rows.Err()
}

// Indicator returns one definition. ENOTFOUND.
func (s *Service) Indicator(ctx context.Context, id int64) (*Indicator, error) {
	return indicatorWhere(ctx, s.DB, "i.id = ?", id)
}

// ByCode returns the definition with the code. ENOTFOUND.
func (s *Service) ByCode(ctx context.Context, code string) (*Indicator, error) {
	return indicatorWhere(ctx, s.DB, "i.code = ?", code)
}

func indicatorWhere(ctx context.Context, q store.Querier, cond string, arg any) (*Indicator, error) {
	ind, err := scanIndicator(q.QueryRowContext(ctx, `SELECT `+indicatorColumns+` FROM indicators i WHERE `+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return ind, err
}

var (
	codeForm = regexp.MustCompile(`^[A-Z0-9][A-Z0-9.-]{0,29}$`)
	sdgForm  = regexp.MustCompile(`^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-z])$`)
)

// Languages of an indicator's name and definition; Turkish is required.
var languages = []string{"tr", "en", "fr"}

// Text limits, in characters.
const (
	maxName       = 200
	maxDefinition = 5000
	maxNote       = 500
)

// validate cleans ind and adds every field error; the formula's inputs
// are checked against the stored definitions by checkFormula.
func (ind *Indicator) validate(v *birlik.Invalid) {
	ind.Code = strings.ToUpper(strings.TrimSpace(ind.Code))
	if !codeForm.MatchString(ind.Code) {
		v.Add("code", "error.indicators.code_invalid")
	}
	clean := func(field string, m map[string]string, max int, multiline bool) map[string]string {
		out := map[string]string{}
		for lang, s := range m {
			if !slices.Contains(languages, lang) {
				v.Add(field, "error.indicators.language_invalid")
				continue
			}
			t, ok := birlik.CleanText(s, multiline)
			switch {
			case !ok:
				v.Add(field+"_"+lang, "error.indicators.text_invalid")
			case utf8.RuneCountInString(t) > max:
				v.AddArgs(field+"_"+lang, "error.indicators.too_long", "max", max)
			case t != "":
				out[lang] = t
			}
		}
		return out
	}
	ind.Name = clean("name", ind.Name, maxName, false)
	if ind.Name["tr"] == "" {
		v.Add("name_tr", "error.indicators.required")
	}
	ind.Definition = clean("definition", ind.Definition, maxDefinition, true)
	enum := func(field string, ok bool) {
		if !ok {
			v.Add(field, "error.indicators."+field+"_choice")
		}
	}
	enum("unit", slices.Contains([]Unit{Count, Percentage, Ratio, Currency, SquareM, YesNo}, ind.Unit))
	enum("type", slices.Contains([]Type{Structural, Process, Outcome}, ind.Type))
	enum("direction", ind.Direction == HigherBetter || ind.Direction == LowerBetter)
	enum("aggregation", slices.Contains([]Aggregation{Sum, Average, Weighted, Latest, NoneAgg}, ind.Aggregation))
	enum("scope", ind.Scope == Institution || ind.Scope == Territory)
	_, known := periodForms[ind.Period]
	enum("period", known)
	enum("source", slices.Contains([]Source{Entered, Formula, Recorded}, ind.Source))
	for _, r := range ind.Rights {
		if !topics.Valid(topics.Right, r) {
			v.AddArgs("rights", "error.indicators.right_invalid", "code", r)
		}
	}
	ind.Rights = sortedUnique(ind.Rights)
	for i, t := range ind.SDGTargets {
		ind.SDGTargets[i] = strings.TrimSpace(t)
		if !sdgForm.MatchString(ind.SDGTargets[i]) {
			v.AddArgs("sdg_targets", "error.indicators.sdg_invalid", "code", t)
		}
	}
	ind.SDGTargets = sortedUnique(ind.SDGTargets)
	var dims []Dimension
	for _, d := range Dimensions { // Dimensions order, each once
		if slices.Contains(ind.Dimensions, d) {
			dims = append(dims, d)
		}
	}
	for i, d := range ind.Dimensions {
		if !slices.Contains(Dimensions, d) || slices.Contains(ind.Dimensions[:i], d) {
			v.Add("dimensions", "error.indicators.dimension_invalid")
		}
	}
	ind.Dimensions = dims
	ind.Formula = strings.TrimSpace(ind.Formula)
	ind.Recorded = strings.TrimSpace(ind.Recorded)
	switch ind.Source {
	case Formula:
		if ind.Formula == "" {
			v.Add("formula", "error.indicators.required")
		}
		ind.Recorded = ""
	case Recorded:
		if ind.Recorded == "" {
			v.Add("recorded", "error.indicators.required")
		}
		ind.Formula = ""
	default:
		ind.Formula, ind.Recorded = "", ""
	}
}

func sortedUnique(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// checkFormula parses the formula of ind and checks its inputs against
// the stored definitions: each code exists, and no input leads back to
// ind through other formulas. Problems are field errors on "formula"
// with the formula package's key and arguments ("at": the character).
func checkFormula(v *birlik.Invalid, ind *Indicator, stored []Indicator) {
	e, err := formula.Parse(ind.Formula)
	if err == nil {
		ind.Formula = e.String()
		err = formula.Check(e, func(code string) bool {
			return code == ind.Code || slices.ContainsFunc(stored, func(d Indicator) bool { return d.Code == code })
		})
	}
	if err == nil {
		refs := func(code string) []string {
			if code == ind.Code {
				return e.Codes()
			}
			for _, d := range stored {
				if d.Code == code && d.Source == Formula {
					if f, err := formula.Parse(d.Formula); err == nil {
						return f.Codes()
					}
				}
			}
			return nil
		}
		if path := formula.Cycle(ind.Code, refs); path != nil {
			v.AddArgs("formula", "formula.error.cycle", "path", strings.Join(path, " → "))
			return
		}
	}
	var fe *formula.Error
	switch {
	case errors.As(err, &fe):
		v.AddArgs("formula", fe.Key, fe.Args...)
	case err != nil:
		v.Add("formula", "error.indicators.formula_invalid")
	}
}

// indicatorAudit is what the audit log keeps of a definition.
type indicatorAudit struct {
	Code        string            `json:"code"`
	Name        map[string]string `json:"name"`
	Unit        Unit              `json:"unit"`
	Aggregation Aggregation       `json:"aggregation"`
	Scope       Scope             `json:"scope"`
	Period      PeriodType        `json:"period"`
	Dimensions  []Dimension       `json:"dimensions"`
	Source      Source            `json:"source"`
	Formula     string            `json:"formula,omitempty"`
	Recorded    string            `json:"recorded,omitempty"`
}

func (ind *Indicator) audit() indicatorAudit {
	return indicatorAudit{ind.Code, ind.Name, ind.Unit, ind.Aggregation, ind.Scope, ind.Period, ind.Dimensions,
		ind.Source, ind.Formula, ind.Recorded}
}

func joinDims(ds []Dimension) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = string(d)
	}
	return strings.Join(s, ",")
}

// SaveIndicator creates (ID 0) or updates a definition; union staff
// only. A formula is parsed and checked (known codes, no cycle) at save.
// Changing the dimensions, the aggregation, the period type or the
// source of an indicator that has values is refused with a field error saying how
// many values there are: the stored values and roll-ups were made under
// them. EINVALID, EFORBIDDEN, ECONFLICT (a taken code, a stale version),
// ENOTFOUND.
func (s *Service) SaveIndicator(ctx context.Context, ind *Indicator) error {
	a := birlik.ActorFrom(ctx)
	if !MayDecide(a) {
		return forbidden()
	}
	var v birlik.Invalid
	ind.validate(&v)
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		stored, err := indicators(ctx, tx)
		if err != nil {
			return err
		}
		var old *Indicator
		for i := range stored {
			switch {
			case stored[i].ID == ind.ID && ind.ID != 0:
				old = &stored[i]
			case stored[i].Code == ind.Code:
				v.Add("code", "error.indicators.code_taken")
			}
		}
		if ind.ID != 0 && old == nil {
			return notFound()
		}
		if ind.Source == Formula && !v.Has("formula") {
			checkFormula(&v, ind, stored)
		}
		if old != nil && old.HasValues {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_values WHERE indicator_id = ?`, ind.ID).Scan(&n); err != nil {
				return err
			}
			if !slices.Equal(old.Dimensions, ind.Dimensions) {
				v.AddArgs("dimensions", "error.indicators.dimensions_locked", "n", n)
			}
			if old.Aggregation != ind.Aggregation {
				v.AddArgs("aggregation", "error.indicators.dimensions_locked", "n", n)
			}
			if old.Period != ind.Period {
				v.AddArgs("period", "error.indicators.dimensions_locked", "n", n)
			}
			if old.Source != ind.Source {
				v.AddArgs("source", "error.indicators.dimensions_locked", "n", n)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		name, _ := json.Marshal(ind.Name)
		def, _ := json.Marshal(ind.Definition)
		now := s.Now().UTC()
		args := []any{ind.Code, string(name), string(def), string(ind.Unit), string(ind.Type), strings.Join(ind.Rights, ","),
			strings.Join(ind.SDGTargets, ","), string(ind.Direction), string(ind.Aggregation), string(ind.Scope),
			string(ind.Period), joinDims(ind.Dimensions), string(ind.Source), ind.Formula, ind.Recorded}
		if old == nil {
			err := tx.QueryRowContext(ctx, `INSERT INTO indicators (code, name, definition, unit, type, rights, sdg_targets,
				direction, aggregation, scope, period_type, dimensions, source, formula, recorded, version, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`, append(args, now, now)...).Scan(&ind.ID)
			if err != nil {
				return err
			}
			ind.Version, ind.CreatedAt, ind.UpdatedAt = 1, now, now
			return audit.Write(ctx, tx, now, "indicator.create", "indicator", strconv.FormatInt(ind.ID, 10), "", nil, ind.audit())
		}
		if err := checkUpdated(tx.ExecContext(ctx, `UPDATE indicators SET code = ?, name = ?, definition = ?, unit = ?, type = ?, rights = ?,
			sdg_targets = ?, direction = ?, aggregation = ?, scope = ?, period_type = ?, dimensions = ?, source = ?, formula = ?,
			recorded = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			append(args, now, ind.ID, ind.Version)...)); err != nil {
			return err
		}
		ind.Version++
		ind.CreatedAt, ind.UpdatedAt, ind.HasValues = old.CreatedAt, now, old.HasValues
		return audit.Write(ctx, tx, now, "indicator.update", "indicator", strconv.FormatInt(ind.ID, 10), "", old.audit(), ind.audit())
	})
}
