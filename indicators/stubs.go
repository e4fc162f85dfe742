package indicators

// The service's methods as the skeleton promises them to the web layer
// and the demo. Each moves to its own file when it is built; this file
// then goes.

import (
	"context"
	"io"
)

// Indicators returns every definition, by code.
func (s *Service) Indicators(ctx context.Context) ([]Indicator, error) { return nil, errTodo }

// Indicator returns one definition. ENOTFOUND.
func (s *Service) Indicator(ctx context.Context, id int64) (*Indicator, error) { return nil, errTodo }

// ByCode returns the definition with the code. ENOTFOUND.
func (s *Service) ByCode(ctx context.Context, code string) (*Indicator, error) { return nil, errTodo }

// SaveIndicator creates or updates a definition; union staff only. A
// formula is parsed and checked (known codes, no cycle) at save. Changing
// the dimensions of an indicator that has values is refused with a field
// error on "dimensions" saying why. EINVALID, EFORBIDDEN, ECONFLICT,
// ENOTFOUND.
func (s *Service) SaveIndicator(ctx context.Context, ind *Indicator) error { return errTodo }

// Values returns the values of an organisation for the indicators and
// period (the entry grid). A focal point reads their own municipality's;
// staff any; others the approved ones only.
func (s *Service) Values(ctx context.Context, orgID, period string, indicatorIDs []int64) ([]Value, error) {
	return nil, errTodo
}

// SaveValues stores values (new or corrected) in one transaction, with
// the roll-ups and an audit record of every correction. A focal point
// saves only their municipality's values; nobody changes an approved
// value (ECONFLICT, saying it is locked) or a submitted one but staff.
// Values are validated whole: EINVALID with an *ImportError-like list of
// every bad value. A value of NaN clears the stored one.
func (s *Service) SaveValues(ctx context.Context, vs []Value) error { return errTodo }

// Submit puts an organisation's period forward for approval.
func (s *Service) Submit(ctx context.Context, orgID, period string) error { return errTodo }

// Decide approves (locking the values) or returns (with a required
// comment) a submitted period; union staff only.
func (s *Service) Decide(ctx context.Context, orgID, period string, approve bool, comment string) error {
	return errTodo
}

// Submissions lists the submissions waiting for a decision (staff), or an
// organisation's.
func (s *Service) Submissions(ctx context.Context, orgID string) ([]Submission, error) {
	return nil, errTodo
}

// ImportCSV reads values from CSV (columns: indicator, org_id, period,
// sex, age, disability, migration, value[, note]), validates the whole
// file, reports every bad row with its line (ImportError), and saves all
// or nothing. It returns how many values it saved.
func (s *Service) ImportCSV(ctx context.Context, r io.Reader) (int, error) { return 0, errTodo }

// ImportError lists every bad row of an import.
type ImportError struct {
	Rows []RowError
}

func (e *ImportError) Error() string { return "indicators: the import has errors" }

// RowError is one problem of an import: line (1 is the header), column,
// and a catalogue key with its arguments.
type RowError struct {
	Line   int
	Column string
	Key    string
	Args   []any
}

// Dashboard returns the series of the indicators over the area, from the
// roll-ups (formulas evaluated on the aggregates of their inputs).
func (s *Service) Dashboard(ctx context.Context, q DashboardQuery) ([]Series, error) {
	return nil, errTodo
}

// Targets returns the targets of an indicator (0: all).
func (s *Service) Targets(ctx context.Context, indicatorID int64) ([]Target, error) {
	return nil, errTodo
}

// SaveTarget creates or updates a target; union staff, or a focal point
// for their municipality's. EINVALID, EFORBIDDEN, ECONFLICT.
func (s *Service) SaveTarget(ctx context.Context, t *Target) error { return errTodo }

// Recorder computes the figures Birlik records itself, per municipality
// and period: meeting attendance by sex, needs raised and answered,
// street m² reclaimed, people counted in streets by age band. The names
// of the figures it knows are its Names. Package indicators/recorded
// implements it over the other parts' records.
type Recorder interface {
	Names() []string
	Figures(ctx context.Context, name string, period PeriodType) ([]Value, error)
}

// Refresh recomputes every Recorded indicator's values from rec and
// stores those that changed (entered by the system, audited), with the
// roll-ups. It returns how many values changed.
func (s *Service) Refresh(ctx context.Context, rec Recorder) (int, error) { return 0, errTodo }
