package network

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// RowError is one problem in one row of an import.
type RowError struct {
	// Line is the line of the file the row starts on (the header is line
	// 1), or for a slice passed to a Save method its 1-based position.
	Line    int
	Field   string // the column, "" when the problem is the whole row or file
	Message string // catalogue key
	Args    []any  // name, value pairs for the message's placeholders
}

// ImportError reports every bad row of a bulk save, of which nothing was
// written. It unwraps to an EINVALID *birlik.Error, so the web layer and
// birlik.ErrorCode treat it like any invalid input.
type ImportError struct {
	Rows []RowError // sorted by line; never empty
	err  *birlik.Error
}

func newImportError(rows []RowError) *ImportError {
	sortRowErrors(rows)
	lines := map[int]bool{}
	for _, r := range rows {
		lines[r.Line] = true
	}
	return &ImportError{Rows: rows, err: birlik.Errorf(birlik.EINVALID, "error.network.import.invalid", "n", len(lines))}
}

// Error lists the first problems, for logs and the command line.
func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "birlik: invalid: %d problem(s), nothing saved", len(e.Rows))
	for i, r := range e.Rows {
		if i == 10 {
			fmt.Fprintf(&b, "; …")
			break
		}
		fmt.Fprintf(&b, "; row %d %s: %s", r.Line, r.Field, r.Message)
	}
	return b.String()
}

// Unwrap returns the coded error.
func (e *ImportError) Unwrap() error { return e.err }

func sortRowErrors(rows []RowError) {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Line < rows[j].Line })
}

// What saving a row will do.
type rowAction int

const (
	actInvalid rowAction = iota
	actCreate
	actUpdate
	actSame
)

// orgPlan is the outcome of checking a batch of organisations against the
// database without writing: the normalised rows, the stored record each
// matches, what saving would do, and every problem found.
type orgPlan struct {
	rows   []Organisation // the caller's slice, normalised in place
	old    []*Organisation
	action []rowAction
	places placeIndex
	errs   []RowError
}

func (p *orgPlan) count(a rowAction) int {
	n := 0
	for _, x := range p.action {
		if x == a {
			n++
		}
	}
	return n
}

// chunk is how many values an IN list carries; well below both dialects'
// limits on bound parameters.
const chunk = 500

// inQuery runs q, which ends in "IN (", once per chunk of ids, closing the
// list itself, and passes each row to scan.
func inQuery[T any](ctx context.Context, db store.Querier, q string, ids []T, scan func(sc interface{ Scan(...any) error }) error) error {
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := db.QueryContext(ctx, q+strings.Repeat("?, ", len(part)-1)+"?)", args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func keys[K cmp.Ordered](m map[K]bool) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// matchOrgs gives rows without an id the id of the one stored organisation
// with the same name in the same province (the natural key), so that a
// file without ids can be imported twice without duplicating anything, and
// returns the stored records of every row that has an id, by id. Rows
// whose skip flag is set are left alone.
// With anyProvince, the province is not part of the key (the file has no
// place column), and a name must be unique across the network to match.
func matchOrgs(ctx context.Context, q store.Querier, rows []Organisation, skip []bool, places placeIndex, anyProvince bool) (map[string]*Organisation, error) {
	names := map[string]bool{}
	for i := range rows {
		if !skip[i] && rows[i].ID == "" && rows[i].Name != "" {
			names[rows[i].Name] = true
		}
	}
	byKey := map[string][]string{}
	err := inQuery(ctx, q, `SELECT id, name, COALESCE(province_id, '') FROM organisations WHERE name IN (`, keys(names),
		func(sc interface{ Scan(...any) error }) error {
			var id, name, prov string
			if err := sc.Scan(&id, &name, &prov); err != nil {
				return err
			}
			if anyProvince {
				prov = "*"
			}
			byKey[name+"\x00"+prov] = append(byKey[name+"\x00"+prov], id)
			return nil
		})
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for i := range rows {
		r := &rows[i]
		if skip[i] {
			continue
		}
		if r.ID == "" && r.Name != "" {
			prov := places[r.PlaceID].province
			if anyProvince {
				prov = "*"
			}
			if m := byKey[r.Name+"\x00"+prov]; len(m) == 1 {
				r.ID = m[0]
			}
		}
		if r.ID != "" {
			ids[r.ID] = true
		}
	}
	old := map[string]*Organisation{}
	err = inQuery(ctx, q, `SELECT `+orgColumns+orgFrom+` WHERE o.id IN (`, keys(ids), func(sc interface{ Scan(...any) error }) error {
		o, err := scanOrg(sc)
		if err == nil {
			old[o.ID] = o
		}
		return err
	})
	return old, err
}

// planOrgs checks a batch against the database: every field, duplicate
// ids, references to parents (which may be stored or anywhere in the
// batch) and cycles among parents, and decides for each row whether
// saving creates, updates or leaves it. lines gives each row's line for
// error reports; nil means its position from 1.
// pre holds problems the caller found already (one per row, or nil).
func planOrgs(ctx context.Context, q store.Querier, rows []Organisation, lines []int, pre []issues) (*orgPlan, error) {
	line := func(i int) int {
		if lines != nil {
			return lines[i]
		}
		return i + 1
	}
	places, err := loadPlaceIndex(ctx, q)
	if err != nil {
		return nil, err
	}
	p := &orgPlan{rows: rows, old: make([]*Organisation, len(rows)), action: make([]rowAction, len(rows)), places: places}
	rowIssues := make([]issues, len(rows))
	bad := make([]bool, len(rows))
	for i := range rows {
		if pre != nil {
			rowIssues[i] = pre[i]
		}
		for _, is := range validateOrg(&rows[i], places) {
			rowIssues[i].add(is.field, is.key)
		}
		// A row with a malformed id or name cannot be matched; text that
		// failed the checks must not reach the database either.
		bad[i] = rowIssues[i].has("id") || rowIssues[i].has("name") || rowIssues[i].has("place_id")
	}
	old, err := matchOrgs(ctx, q, rows, bad, places, false)
	if err != nil {
		return nil, err
	}

	// Duplicates within the batch, including two rows that matched the
	// same stored organisation by name.
	batch := map[string]int{} // id → first row
	for i := range rows {
		id := rows[i].ID
		if id == "" || bad[i] {
			continue
		}
		if _, dup := batch[id]; dup {
			rowIssues[i].add("id", "error.network.duplicate")
			continue
		}
		batch[id] = i
	}

	// Parents: stored, or anywhere in the batch. Load the stored ancestry
	// level by level, to check existence and look for cycles.
	parentOf := map[string]string{} // stored organisations not in the batch
	for id, o := range old {
		if _, in := batch[id]; !in {
			parentOf[id] = o.ParentID
		}
	}
	frontier := map[string]bool{}
	for i := range rows {
		if pid := rows[i].ParentID; pid != "" && !rowIssues[i].has("parent_id") {
			if _, in := batch[pid]; !in {
				if _, known := parentOf[pid]; !known {
					frontier[pid] = true
				}
			}
		}
	}
	for depth := 0; len(frontier) > 0 && depth < 64; depth++ {
		next := map[string]bool{}
		found := map[string]string{}
		err := inQuery(ctx, q, `SELECT id, COALESCE(parent_id, '') FROM organisations WHERE id IN (`, keys(frontier),
			func(sc interface{ Scan(...any) error }) error {
				var id, parent string
				err := sc.Scan(&id, &parent)
				found[id] = parent
				return err
			})
		if err != nil {
			return nil, err
		}
		for id, parent := range found {
			parentOf[id] = parent
			if _, in := batch[parent]; parent != "" && !in {
				if _, known := parentOf[parent]; !known {
					next[parent] = true
				}
			}
		}
		frontier = next
	}
	up := func(id string) (string, bool) {
		if i, in := batch[id]; in {
			return rows[i].ParentID, true
		}
		parent, ok := parentOf[id]
		return parent, ok
	}
	for i := range rows {
		r := &rows[i]
		if r.ParentID == "" || rowIssues[i].has("parent_id") {
			continue
		}
		if _, ok := up(r.ParentID); !ok {
			rowIssues[i].add("parent_id", "error.network.org.unknown")
			continue
		}
		if r.ID == "" {
			continue
		}
		cur := r.ParentID
		for steps := 0; cur != "" && steps < len(rows)+64; steps++ {
			if cur == r.ID {
				rowIssues[i].add("parent_id", "error.network.parent.cycle")
				break
			}
			cur, _ = up(cur)
		}
	}

	for i := range rows {
		if len(rowIssues[i]) > 0 {
			p.errs = append(p.errs, rowIssues[i].rows(line(i))...)
			continue
		}
		r := &rows[i]
		switch o := old[r.ID]; {
		case r.ID == "" || o == nil:
			p.action[i] = actCreate
		case orgSame(o, r):
			p.old[i], p.action[i] = o, actSame
		default:
			p.old[i], p.action[i] = o, actUpdate
		}
	}
	sortRowErrors(p.errs)
	return p, nil
}

// order returns the rows to write, parents that are written in the same
// batch before their children, so that no row points at one not yet
// stored.
func (p *orgPlan) order() []int {
	batch := map[string]int{}
	for i, r := range p.rows {
		if r.ID != "" && (p.action[i] == actCreate || p.action[i] == actUpdate) {
			batch[r.ID] = i
		}
	}
	done := make([]bool, len(p.rows))
	out := make([]int, 0, len(batch))
	var visit func(i, depth int)
	visit = func(i, depth int) {
		if done[i] || depth > len(p.rows) {
			return
		}
		done[i] = true
		if j, ok := batch[p.rows[i].ParentID]; ok {
			visit(j, depth+1)
		}
		out = append(out, i)
	}
	for i := range p.rows {
		if p.action[i] == actCreate || p.action[i] == actUpdate {
			visit(i, 0)
		}
	}
	return out
}

// SaveOrganisations creates or updates organisations in one transaction,
// for the seed and for CSV imports. A row is matched to a stored
// organisation by id, else by its name and province; unmatched rows are
// created (with an id made from the name when they have none). Every row
// is checked before anything is written: if one is bad, nothing is saved
// and the error is an *ImportError listing every problem by row. Unchanged
// rows are left alone, so saving the same rows twice changes nothing and
// writes no audit entry; each created or changed row gets one. Parents
// may come anywhere in the batch. Union staff and the system may save;
// anyone else gets EFORBIDDEN. progress, when not nil, hears how many rows
// are done. On success the rows hold their stored ids and versions.
func (s *Service) SaveOrganisations(ctx context.Context, orgs []Organisation, progress func(done, total int)) (created, updated int, err error) {
	if !birlik.ActorFrom(ctx).Staff() {
		return 0, 0, forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	p, err := planOrgs(ctx, tx, orgs, nil, nil)
	if err != nil {
		return 0, 0, err
	}
	if len(p.errs) > 0 {
		return 0, 0, newImportError(p.errs)
	}
	created, updated, err = s.writeOrgs(ctx, tx, p, progress)
	if err != nil {
		return 0, 0, err
	}
	return created, updated, tx.Commit()
}

func (s *Service) writeOrgs(ctx context.Context, tx *store.Tx, p *orgPlan, progress func(done, total int)) (created, updated int, err error) {
	order := p.order()
	total := len(order)
	if progress != nil {
		progress(0, total)
	}
	if total == 0 {
		return 0, 0, nil
	}
	// On PostgreSQL every statement is a round trip, so creates go a
	// hundred to an INSERT; SQLite runs in-process, where one row per
	// statement is faster (a multi-row statement needs a statement
	// journal). A batch is sent before any update, which may point at a
	// row in it, and at the end. Foreign keys are checked at the end of
	// each statement, so a batch may hold a parent and its child.
	batchSize := 1
	if tx.Dialect() == store.Postgres {
		batchSize = 100
	}
	full, err := tx.PrepareContext(ctx, insertOrgsSQL(batchSize))
	if err != nil {
		return 0, 0, err
	}
	defer full.Close()
	var batch []any
	pending := 0
	flush := func() error {
		if pending == 0 {
			return nil
		}
		var err error
		if pending == batchSize {
			_, err = full.ExecContext(ctx, batch...)
		} else {
			_, err = tx.ExecContext(ctx, insertOrgsSQL(pending), batch...)
		}
		batch, pending = batch[:0], 0
		if store.IsUniqueViolation(err) {
			return &birlik.Error{Code: birlik.ECONFLICT, Message: "error.network.id.taken", Fields: map[string]string{"id": "error.network.id.taken"}}
		}
		return err
	}
	upd, err := tx.PrepareContext(ctx, updateOrgSQL)
	if err != nil {
		return 0, 0, err
	}
	defer upd.Close()
	taken := map[string]bool{}
	for _, r := range p.rows {
		if r.ID != "" {
			taken[r.ID] = true
		}
	}
	now := s.now()
	for n, i := range order {
		r := &p.rows[i]
		r.PlaceName, r.ProvinceName = p.places[r.PlaceID].name, p.places[r.ProvinceID].name
		switch p.action[i] {
		case actCreate:
			if r.ID == "" {
				if r.ID, err = uniqueOrgID(ctx, tx, r.Name, taken); err != nil {
					return 0, 0, err
				}
				taken[r.ID] = true
			}
			r.Version, r.CreatedAt, r.UpdatedAt = 1, now, now
			batch = append(batch, insertOrgArgs(r, p.places)...)
			if pending++; pending == batchSize {
				if err := flush(); err != nil {
					return 0, 0, err
				}
			}
			if err := audit.Write(ctx, tx, now, audit.Create, "organisation", r.ID, r.ID, nil, orgAuditOf(r)); err != nil {
				return 0, 0, err
			}
			created++
		case actUpdate:
			if err := flush(); err != nil {
				return 0, 0, err
			}
			o := p.old[i]
			res, err := upd.ExecContext(ctx, updateOrgArgs(r, p.places, now, o.Version)...)
			if err != nil {
				return 0, 0, err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return 0, 0, conflict()
			}
			r.Version, r.CreatedAt, r.UpdatedAt = o.Version+1, o.CreatedAt, now
			if err := audit.Write(ctx, tx, now, audit.Update, "organisation", r.ID, r.ID, orgAuditOf(o), orgAuditOf(r)); err != nil {
				return 0, 0, err
			}
			updated++
		}
		if progress != nil && (n+1)%500 == 0 {
			progress(n+1, total)
		}
	}
	if err := flush(); err != nil {
		return 0, 0, err
	}
	for i, a := range p.action {
		if a == actSame {
			o := p.old[i]
			p.rows[i].Version, p.rows[i].CreatedAt, p.rows[i].UpdatedAt = o.Version, o.CreatedAt, o.UpdatedAt
		}
	}
	if progress != nil && total%500 != 0 {
		progress(total, total)
	}
	return created, updated, nil
}
