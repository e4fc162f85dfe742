package indicators

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"birlik/store"
)

// rollKey is a row of indicator_rollups.
type rollKey struct {
	ind      int64
	approved int
	period   string
	province string
	tier     string
	combo    Combo
}

// cell is what a roll-up row adds up: n values, their total, Σ value ×
// population and Σ population.
type cell struct {
	n                   int
	total, wsum, weight float64
}

func (c *cell) add(o cell) {
	c.n += o.n
	c.total += o.total
	c.wsum += o.wsum
	c.weight += o.weight
}

// coverKey is a row of indicator_coverage.
type coverKey struct {
	ind      int64
	approved int
	period   string
	province string
	tier     string
}

// deltas collects the changes a transaction makes to the roll-ups and
// the coverage, each key once, so that a bulk write of 100,000 values
// updates a few thousand rows once each rather than a row per value.
type deltas struct {
	// exact holds the changes by the combinations written; rolls them
	// spread to the totals they count in (expand), so that the
	// marginals of 100,000 values are made once per distinct
	// combination and place, not 16 times per value.
	exact map[rollKey]cell
	inds  map[int64]*Indicator
	rolls map[rollKey]cell
	cover map[coverKey]int
}

func newDeltas() *deltas {
	return &deltas{exact: map[rollKey]cell{}, inds: map[int64]*Indicator{}, rolls: map[rollKey]cell{}, cover: map[coverKey]int{}}
}

// value adds (sign 1) or takes away (-1) a value of ind at municipality
// m to every roll-up row it counts in: its combination, and for a Sum
// indicator the totals over each subset of its dimensions.
func (d *deltas) value(ind *Indicator, m muni, approved int, period string, c Combo, v float64, sign int) {
	s := float64(sign)
	k := rollKey{ind.ID, approved, period, m.province, m.tier, c}
	x := d.exact[k]
	x.add(cell{sign, s * v, s * v * m.pop, s * m.pop})
	d.exact[k] = x
	d.inds[ind.ID] = ind
}

// expand moves the exact changes to every row they count in.
func (d *deltas) expand() {
	for k, c := range d.exact {
		for _, mc := range d.inds[k.ind].marginals(k.combo) {
			mk := k
			mk.combo = mc
			x := d.rolls[mk]
			x.add(c)
			d.rolls[mk] = x
		}
	}
	clear(d.exact)
}

// presence counts (sign 1) or uncounts (-1) a municipality reporting
// ind for period.
func (d *deltas) presence(ind int64, m muni, approved int, period string, sign int) {
	d.cover[coverKey{ind, approved, period, m.province, m.tier}] += sign
}

// batch is how many rows one INSERT writes: 200 × 14 parameters stays
// under both dialects' limits.
const batch = 200

// apply writes the deltas, keys in order (so two transactions take their
// row locks in the same order), skipping those that cancelled out, and
// deletes the rows left counting nothing.
func (d *deltas) apply(ctx context.Context, tx *store.Tx) error {
	d.expand()
	keys := make([]rollKey, 0, len(d.rolls))
	for k, c := range d.rolls {
		if c != (cell{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, compareRollKeys)
	var gone []rollKey
	for _, k := range keys {
		if d.rolls[k].n < 0 {
			gone = append(gone, k)
		}
	}
	if err := upsertRollups(ctx, tx, keys, d.rolls); err != nil {
		return err
	}
	if len(gone) > 0 {
		del, err := tx.Prepared(ctx, `DELETE FROM indicator_rollups WHERE indicator_id = ? AND approved = ? AND depth = ?
			AND period = ? AND province_id = ? AND tier = ? AND sex = ? AND age = ? AND disability = ? AND migration = ? AND n <= 0`)
		if err != nil {
			return err
		}
		for _, k := range gone {
			p := k.combo.parts()
			if _, err := del.ExecContext(ctx, k.ind, k.approved, k.combo.depth(), k.period, k.province, k.tier, p[0], p[1], p[2], p[3]); err != nil {
				return err
			}
		}
	}
	ckeys := make([]coverKey, 0, len(d.cover))
	for k, n := range d.cover {
		if n != 0 {
			ckeys = append(ckeys, k)
		}
	}
	slices.SortFunc(ckeys, func(a, b coverKey) int {
		return cmp.Or(cmp.Compare(a.ind, b.ind), cmp.Compare(a.approved, b.approved), strings.Compare(a.period, b.period),
			strings.Compare(a.province, b.province), strings.Compare(a.tier, b.tier))
	})
	for _, k := range ckeys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_coverage (indicator_id, approved, period, province_id, tier, reported)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (indicator_id, approved, period, province_id, tier) DO UPDATE SET
			reported = indicator_coverage.reported + excluded.reported`, k.ind, k.approved, k.period, k.province, k.tier, d.cover[k]); err != nil {
			return err
		}
		if d.cover[k] < 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_coverage WHERE indicator_id = ? AND approved = ? AND period = ?
				AND province_id = ? AND tier = ? AND reported <= 0`, k.ind, k.approved, k.period, k.province, k.tier); err != nil {
				return err
			}
		}
	}
	return nil
}

const rollupConflict = ` ON CONFLICT (indicator_id, approved, depth, period, province_id, tier, sex, age, disability, migration)
	DO UPDATE SET n = indicator_rollups.n + excluded.n, total = indicator_rollups.total + excluded.total,
	wsum = indicator_rollups.wsum + excluded.wsum, weight = indicator_rollups.weight + excluded.weight`

// upsertRollups adds the cells of keys to their rows: on PostgreSQL in
// one statement over arrays, on SQLite by multi-row VALUES.
func upsertRollups(ctx context.Context, tx *store.Tx, keys []rollKey, cells map[rollKey]cell) error {
	if len(keys) == 0 {
		return nil
	}
	if tx.Dialect() == store.Postgres {
		var ind, approved, depth, n []int64
		var period, prov, tier, sex, age, dis, mig []string
		var total, wsum, weight []float64
		for _, k := range keys {
			c, p := cells[k], k.combo.parts()
			ind, approved, depth, n = append(ind, k.ind), append(approved, int64(k.approved)), append(depth, int64(k.combo.depth())), append(n, int64(c.n))
			period, prov, tier = append(period, k.period), append(prov, k.province), append(tier, k.tier)
			sex, age, dis, mig = append(sex, p[0]), append(age, p[1]), append(dis, p[2]), append(mig, p[3])
			total, wsum, weight = append(total, c.total), append(wsum, c.wsum), append(weight, c.weight)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO indicator_rollups (indicator_id, approved, depth, period, province_id, tier,
			sex, age, disability, migration, n, total, wsum, weight)
			SELECT * FROM unnest(?::bigint[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
				?::int[], ?::double precision[], ?::double precision[], ?::double precision[])`+rollupConflict,
			ind, approved, depth, period, prov, tier, sex, age, dis, mig, n, total, wsum, weight)
		return err
	}
	for start := 0; start < len(keys); start += batch {
		part := keys[start:min(start+batch, len(keys))]
		args := make([]any, 0, len(part)*14)
		for _, k := range part {
			c, p := cells[k], k.combo.parts()
			args = append(args, k.ind, k.approved, k.combo.depth(), k.period, k.province, k.tier, p[0], p[1], p[2], p[3],
				c.n, c.total, c.wsum, c.weight)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_rollups (indicator_id, approved, depth, period, province_id, tier,
			sex, age, disability, migration, n, total, wsum, weight) VALUES `+placeholders(len(part), 14)+rollupConflict, args...); err != nil {
			return err
		}
	}
	return nil
}

func compareRollKeys(a, b rollKey) int {
	pa, pb := a.combo.parts(), b.combo.parts()
	return cmp.Or(cmp.Compare(a.ind, b.ind), cmp.Compare(a.approved, b.approved), strings.Compare(a.period, b.period),
		strings.Compare(a.province, b.province), strings.Compare(a.tier, b.tier), slices.Compare(pa[:], pb[:]))
}

// placeholders returns "(?, ?), (?, ?)" for rows rows of cols columns.
func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}
