package publiclife

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// Set is a batch of studies, locations and surveys saved together: an
// import of the protocol's tables, the demo data. Within a set, a
// survey's StudyID and LocationID are the positions, from 1, of its
// study and location in the set's lists, and each record names its site.
type Set struct {
	Studies   []Study
	Locations []Location
	Surveys   []Survey // with their counts
}

// SaveSet validates a set as SaveStudy, SaveLocation and SaveSurvey would
// and stores it in one transaction with the reach of its sites and one
// audit entry, setting the records' ids (and the surveys' StudyID and
// LocationID to the stored ones). The actor in ctx must be allowed to
// write every site of the set (ENOTFOUND, EFORBIDDEN); the first invalid
// record fails the whole set with an EINVALID error naming it.
func (s *Service) SaveSet(ctx context.Context, set *Set) (ImportResult, error) {
	if err := checkSet(set); err != nil {
		return ImportResult{}, err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	defer tx.Rollback()
	res, err := s.saveSet(ctx, tx, set)
	if err != nil {
		return ImportResult{}, err
	}
	return res, tx.Commit()
}

// checkSet validates every record of a set and the references between
// them, returning the first problem.
func checkSet(set *Set) error {
	fail := func(what string, i int, err error) error {
		return fmt.Errorf("%s %d: %w", what, i+1, err)
	}
	for i := range set.Studies {
		if err := checkStudy(&set.Studies[i]).Err(); err != nil {
			return fail("study", i, err)
		}
	}
	for i := range set.Locations {
		if err := checkLocation(&set.Locations[i]).Err(); err != nil {
			return fail("location", i, err)
		}
	}
	for i := range set.Surveys {
		sv := &set.Surveys[i]
		v := checkSurvey(sv)
		if sv.StudyID < 1 || int(sv.StudyID) > len(set.Studies) || set.Studies[sv.StudyID-1].SiteID != sv.SiteID {
			v.Add("study_id", "error.publiclife.study_invalid")
		}
		if sv.LocationID < 1 || int(sv.LocationID) > len(set.Locations) || set.Locations[sv.LocationID-1].SiteID != sv.SiteID {
			v.Add("location_id", "error.publiclife.location_invalid")
		}
		if err := v.Err(); err != nil {
			return fail("survey", i, err)
		}
	}
	return nil
}

// saveSet stores a checked set in tx.
func (s *Service) saveSet(ctx context.Context, tx *store.Tx, set *Set) (ImportResult, error) {
	sites := map[int64]string{} // site → its municipality, once its access is checked
	var order []int64
	site := func(id int64) error {
		if _, ok := sites[id]; ok {
			return nil
		}
		org, err := mayWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		sites[id] = org
		order = append(order, id)
		return nil
	}
	now := s.now()
	userID := birlik.ActorFrom(ctx).UserID
	studySQL, err := tx.Prepared(ctx, `INSERT INTO publiclife_studies (site_id, title, stage, start_date, end_date, manager_name,
		organisation, protocol_version, notes, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return ImportResult{}, err
	}
	for i := range set.Studies {
		st := &set.Studies[i]
		if err := site(st.SiteID); err != nil {
			return ImportResult{}, err
		}
		if err := studySQL.QueryRowContext(ctx, st.SiteID, st.Title, string(st.Stage), st.StartDate, st.EndDate, st.ManagerName,
			st.Organisation, st.ProtocolVersion, st.Notes, store.Null(userID), now, now).Scan(&st.ID); err != nil {
			return ImportResult{}, err
		}
		st.Version = 1
	}
	locationSQL, err := tx.Prepared(ctx, `INSERT INTO publiclife_locations (site_id, name, kind, geometry, measure, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return ImportResult{}, err
	}
	for i := range set.Locations {
		l := &set.Locations[i]
		if err := site(l.SiteID); err != nil {
			return ImportResult{}, err
		}
		if err := locationSQL.QueryRowContext(ctx, l.SiteID, l.Name, string(l.Kind), string(l.Geometry), l.Measure, now, now).Scan(&l.ID); err != nil {
			return ImportResult{}, err
		}
		l.Version = 1
	}
	svs := make([]*Survey, len(set.Surveys))
	counts := 0
	for i := range set.Surveys {
		sv := &set.Surveys[i]
		st, l := &set.Studies[sv.StudyID-1], &set.Locations[sv.LocationID-1]
		sv.StudyID, sv.LocationID, sv.Stage, sv.CreatedBy = st.ID, l.ID, st.Stage, userID
		sv.Start, sv.Stop = sv.Start.UTC().Truncate(time.Second), sv.Stop.UTC().Truncate(time.Second)
		sv.Totals = totalsOf(sv.Counts, l.Kind, sv.Stop.Sub(sv.Start).Hours())
		if err := insertSurvey(ctx, tx, sv, now); err != nil {
			return ImportResult{}, err
		}
		sv.Version, sv.CreatedAt = 1, now
		svs[i] = sv
		counts += len(sv.Counts)
	}
	if err := insertCounts(ctx, tx, svs); err != nil {
		return ImportResult{}, err
	}
	for _, id := range order {
		if err := updateReach(ctx, tx, id); err != nil {
			return ImportResult{}, err
		}
	}
	res := ImportResult{Studies: len(set.Studies), Locations: len(set.Locations), Surveys: len(set.Surveys), Counts: counts}
	if len(order) > 0 {
		// One entry for the batch: the records carry their creation
		// time, and the entry says which sites it wrote to.
		entity, org := "", ""
		if len(order) == 1 {
			entity, org = strconv.FormatInt(order[0], 10), sites[order[0]]
		}
		if err := audit.Write(ctx, tx, now, audit.Import, "publiclife_site", entity, org, nil,
			map[string]any{"sites": order, "studies": res.Studies, "locations": res.Locations, "surveys": res.Surveys, "counts": res.Counts}); err != nil {
			return ImportResult{}, err
		}
	}
	return res, nil
}
