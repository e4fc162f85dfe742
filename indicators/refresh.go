package indicators

import (
	"context"
	"fmt"
	"math"
	"slices"

	"birlik"
	"birlik/store"
)

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
// stores those that changed, entered by the system (entered_by NULL),
// with the roll-ups; a stored value the recorder no longer gives is
// cleared. Recorded values are ordinary values of their municipality's
// period: draft until the period is submitted and approved with the
// rest, and then left alone (a locked period is not recomputed until it
// is reopened). Staff and the system only. It returns how many values
// changed.
func (s *Service) Refresh(ctx context.Context, rec Recorder) (int, error) {
	a := birlik.ActorFrom(ctx)
	if !staff(a) {
		return 0, forbidden()
	}
	sys := birlik.SystemActor
	n := 0
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		inds, munis, err := lookups(ctx, tx)
		if err != nil {
			return err
		}
		sts, err := statuses(ctx, tx, nil)
		if err != nil {
			return err
		}
		now := s.Now()
		var vs []Value
		for _, ind := range inds {
			if ind.Source != Recorded || !slices.Contains(rec.Names(), ind.Recorded) {
				continue
			}
			figs, err := rec.Figures(ctx, ind.Recorded, ind.Period)
			if err != nil {
				return err
			}
			given := map[valueKey]bool{}
			for _, v := range figs {
				v.IndicatorID = ind.ID
				if sts[[2]string{v.OrgID, v.Period}] == Approved {
					continue
				}
				if ps := check(&v, ind, munis, now, true); len(ps) > 0 {
					return fmt.Errorf("indicators: recorded figure %s %s %s %s: %s %s", ind.Code, v.OrgID, v.Period, v.Combo, ps[0].column, ps[0].key)
				}
				given[valueKey{v.IndicatorID, v.OrgID, v.Period, v.Combo}] = true
				vs = append(vs, v)
			}
			stale, err := staleValues(ctx, tx, ind.ID, given, sts)
			if err != nil {
				return err
			}
			vs = append(vs, stale...)
		}
		n, err = write(ctx, tx, sys, now.UTC(), vs, inds, munis)
		return err
	})
	return n, err
}

// staleValues returns, as values that clear them, the stored values of
// ind that the recorder no longer gives, but in approved periods.
func staleValues(ctx context.Context, tx *store.Tx, ind int64, given map[valueKey]bool, sts map[[2]string]Status) ([]Value, error) {
	rows, err := tx.QueryContext(ctx, `SELECT org_id, period, sex, age, disability, migration FROM indicator_values WHERE indicator_id = ?`, ind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Value
	for rows.Next() {
		v := Value{IndicatorID: ind, Value: math.NaN()}
		if err := rows.Scan(&v.OrgID, &v.Period, &v.Combo.Sex, &v.Combo.Age, &v.Combo.Disability, &v.Combo.Migration); err != nil {
			return nil, err
		}
		if !given[valueKey{ind, v.OrgID, v.Period, v.Combo}] && sts[[2]string{v.OrgID, v.Period}] != Approved {
			out = append(out, v)
		}
	}
	return out, rows.Err()
}
