package needs

import (
	"context"
	"fmt"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/locale"
	"birlik/store"
)

// Bulk is a batch of needs and recommendations with their whole history,
// for loading demo data and benchmark databases in a few transactions.
type Bulk struct {
	Needs []BulkNeed
	Recs  []BulkRec
}

// BulkNeed is a need as it stands after its history. The loader writes
// its events from its times: submitted at Need.CreatedAt, taken under
// review at Need.FirstResponseAt when Reviewed, answered at
// Need.AnsweredAt by Recs[AnsweredBy-1], closed at Need.ClosedAt with
// Need.CloseReason (merged into Needs[MergedInto-1], an earlier one, when
// MergedInto is set). The need's ID is set once stored.
type BulkNeed struct {
	Need       Need
	Reviewed   bool // went through under_review
	AnsweredBy int  // 1 + index in Bulk.Recs of the answering recommendation; 0 for none
	MergedInto int  // 1 + index in Bulk.Needs of an earlier need it was merged into; 0 for none
	Cosigns    []Cosign
}

// BulkRec is a recommendation with its reach. Needs are indexes in
// Bulk.Needs; Rec.ID is set once stored.
type BulkRec struct {
	Rec          Recommendation
	Needs        []int
	Endorsements []Endorsement
	Adoptions    []Adoption
}

// bulkBatch is how many needs one transaction writes.
const bulkBatch = 20000

// LoadBulk writes b (the system and admins only): recommendations first,
// then needs in transactions of bulkBatch, then the links, and last the
// dashboard's rollups, computed afresh (RebuildStats). Records are
// written as given, without validation: the callers generate them. The
// audit log gets one entry per transaction. progress, when not nil, is
// told how many records were written.
func (s *Service) LoadBulk(ctx context.Context, b *Bulk, progress func(done int)) error {
	a := birlik.ActorFrom(ctx)
	if !a.System && !a.Is(birlik.RoleAdmin) {
		return forbidden()
	}
	done := 0
	tell := func(k int) {
		done += k
		if progress != nil {
			progress(done)
		}
	}
	if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return s.bulkRecs(ctx, tx, b) }); err != nil {
		return fmt.Errorf("recommendations: %w", err)
	}
	tell(len(b.Recs))
	for start := 0; start < len(b.Needs); start += bulkBatch {
		part := b.Needs[start:min(start+bulkBatch, len(b.Needs))]
		if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return bulkNeeds(ctx, tx, b, part) }); err != nil {
			return fmt.Errorf("needs: %w", err)
		}
		tell(len(part))
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.bulkReach(ctx, tx, b); err != nil {
			return err
		}
		return rebuildStats(ctx, tx)
	})
}

func (s *Service) bulkRecs(ctx context.Context, tx *store.Tx, b *Bulk) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO recommendations (space_id, title, summary, proposal, level, refs, publication, revision,
		published_at, search_text, created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	ver, err := tx.PrepareContext(ctx, `INSERT INTO recommendation_versions (recommendation_id, revision, title, summary, proposal, level, refs,
		rights, sdgs, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'system', ?)`)
	if err != nil {
		return err
	}
	top, err := tx.PrepareContext(ctx, `INSERT INTO recommendation_topics (recommendation_id, kind, code) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	for i := range b.Recs {
		r := &b.Recs[i].Rec
		r.Revision = max(r.Revision, 1)
		if err := ins.QueryRowContext(ctx, r.SpaceID, r.Title, r.Summary, r.Proposal, string(r.Level), r.Refs, string(r.Publication), r.Revision,
			nullTime(r.PublishedAt), locale.Fold(r.Title), r.CreatedAt, r.UpdatedAt).Scan(&r.ID); err != nil {
			return err
		}
		for rev := 1; rev <= r.Revision; rev++ {
			at := r.CreatedAt
			if rev == r.Revision {
				at = r.UpdatedAt
			}
			if _, err := ver.ExecContext(ctx, r.ID, rev, r.Title, r.Summary, r.Proposal, string(r.Level), r.Refs, joinCodes(r.Rights), joinCodes(r.SDGs), at); err != nil {
				return err
			}
		}
		for _, c := range r.Rights {
			if _, err := top.ExecContext(ctx, r.ID, "right", c); err != nil {
				return err
			}
		}
		for _, c := range r.SDGs {
			if _, err := top.ExecContext(ctx, r.ID, "sdg", c); err != nil {
				return err
			}
		}
	}
	return audit.Write(ctx, tx, s.now(), audit.Import, "recommendation", "", "", nil, map[string]int{"count": len(b.Recs)})
}

func bulkNeeds(ctx context.Context, tx *store.Tx, b *Bulk, part []BulkNeed) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO needs (space_id, org_id, title, description, people_affected, urgency, status, close_reason,
		close_note, search_text, month, cosign_orgs, cosign_people, first_response_at, answered_at, closed_at, response_hours, answer_hours,
		merged_into, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	top, err := tx.PrepareContext(ctx, `INSERT INTO need_topics (need_id, kind, code) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	ev, err := tx.PrepareContext(ctx, `INSERT INTO need_events (need_id, at, action, from_status, to_status, reason, note, ref_id, actor)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'system')`)
	if err != nil {
		return err
	}
	cos, err := tx.PrepareContext(ctx, `INSERT INTO need_cosigns (need_id, org_id, people_affected, created_at) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	event := func(id int64, at time.Time, action string, from, to Status, reason string, ref int64) error {
		var r any
		if ref != 0 {
			r = ref
		}
		_, err := ev.ExecContext(ctx, id, at, action, string(from), string(to), reason, "", r)
		return err
	}
	var first time.Time
	for i := range part {
		bn := &part[i]
		n := &bn.Need
		if !bn.Reviewed {
			// Without a review, the first move out of submitted is the
			// answer or the closing; a need still under review was
			// reviewed.
			switch {
			case n.Status == Answered && n.AnsweredAt != nil:
				n.FirstResponseAt = n.AnsweredAt
			case n.Status == Closed && n.ClosedAt != nil:
				n.FirstResponseAt = n.ClosedAt
			case n.Status == UnderReview:
				bn.Reviewed = true
			}
		}
		if n.FirstResponseAt != nil {
			h := hoursBetween(n.CreatedAt, *n.FirstResponseAt)
			n.ResponseHours = &h
		}
		if n.AnsweredAt != nil {
			h := hoursBetween(n.CreatedAt, *n.AnsweredAt)
			n.AnswerHours = &h
		}
		n.CosignOrgs, n.CosignPeople = len(bn.Cosigns), 0
		for _, c := range bn.Cosigns {
			if c.PeopleAffected != nil {
				n.CosignPeople += *c.PeopleAffected
			}
		}
		updated := n.CreatedAt
		for _, t := range []*time.Time{n.FirstResponseAt, n.AnsweredAt, n.ClosedAt} {
			if t != nil && t.After(updated) {
				updated = *t
			}
		}
		var merged any
		if bn.MergedInto > 0 {
			n.MergedInto = b.Needs[bn.MergedInto-1].Need.ID
			merged, n.CloseReason = n.MergedInto, ReasonMerged
		}
		if err := ins.QueryRowContext(ctx, n.SpaceID, n.OrgID, n.Title, n.Description, nullInt(n.PeopleAffected), string(n.Urgency), string(n.Status),
			n.CloseReason, n.CloseNote, locale.Fold(n.Title), month(n.CreatedAt), n.CosignOrgs, n.CosignPeople, nullTime(n.FirstResponseAt),
			nullTime(n.AnsweredAt), nullTime(n.ClosedAt), nullInt(n.ResponseHours), nullInt(n.AnswerHours), merged, n.CreatedAt, updated).Scan(&n.ID); err != nil {
			return err
		}
		if first.IsZero() {
			first = n.CreatedAt
		}
		for _, c := range n.Themes {
			if _, err := top.ExecContext(ctx, n.ID, "theme", c); err != nil {
				return err
			}
		}
		for _, c := range n.Groups {
			if _, err := top.ExecContext(ctx, n.ID, "group", c); err != nil {
				return err
			}
		}
		if err := event(n.ID, n.CreatedAt, ActSubmit, "", Submitted, "", 0); err != nil {
			return err
		}
		at := Submitted
		if bn.Reviewed && n.FirstResponseAt != nil {
			if err := event(n.ID, *n.FirstResponseAt, ActReview, at, UnderReview, "", 0); err != nil {
				return err
			}
			at = UnderReview
		}
		switch {
		case n.Status == Answered && n.AnsweredAt != nil:
			var ref int64
			if bn.AnsweredBy > 0 {
				ref = b.Recs[bn.AnsweredBy-1].Rec.ID
			}
			if err := event(n.ID, *n.AnsweredAt, ActAnswer, at, Answered, "", ref); err != nil {
				return err
			}
		case n.Status == Closed && n.ClosedAt != nil && n.MergedInto != 0:
			if err := event(n.ID, *n.ClosedAt, ActMerge, at, Closed, ReasonMerged, n.MergedInto); err != nil {
				return err
			}
			if err := event(n.MergedInto, *n.ClosedAt, ActAbsorb, "", "", "", n.ID); err != nil {
				return err
			}
		case n.Status == Closed && n.ClosedAt != nil:
			if err := event(n.ID, *n.ClosedAt, ActClose, at, Closed, n.CloseReason, 0); err != nil {
				return err
			}
		}
		for _, c := range bn.Cosigns {
			if _, err := cos.ExecContext(ctx, n.ID, c.OrgID, nullInt(c.PeopleAffected), c.CreatedAt); err != nil {
				return err
			}
		}
	}
	return audit.Write(ctx, tx, first, audit.Import, "need", "", "", nil, map[string]int{"count": len(part)})
}

func (s *Service) bulkReach(ctx context.Context, tx *store.Tx, b *Bulk) error {
	link, err := tx.PrepareContext(ctx, `INSERT INTO recommendation_needs (recommendation_id, need_id) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	end, err := tx.PrepareContext(ctx, `INSERT INTO recommendation_endorsements (recommendation_id, org_id, note, created_at) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	adopt, err := tx.PrepareContext(ctx, `INSERT INTO recommendation_adoptions (recommendation_id, org_id, status, on_date, note, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for i := range b.Recs {
		br := &b.Recs[i]
		for _, ni := range br.Needs {
			if _, err := link.ExecContext(ctx, br.Rec.ID, b.Needs[ni].Need.ID); err != nil {
				return err
			}
		}
		for _, e := range br.Endorsements {
			if _, err := end.ExecContext(ctx, br.Rec.ID, e.OrgID, e.Note, e.CreatedAt); err != nil {
				return err
			}
		}
		for _, x := range br.Adoptions {
			if _, err := adopt.ExecContext(ctx, br.Rec.ID, x.OrgID, string(x.Status), x.On, x.Note, x.UpdatedAt); err != nil {
				return err
			}
		}
	}
	return nil
}
