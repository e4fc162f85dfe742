package web

import (
	"context"

	"birlik"
	"birlik/documents"
)

// documentParents answers for package documents who may read and attach
// to each kind of parent, by asking the parent's own service under the
// actor in ctx: a parent is readable when its service finds it for the
// actor. A kind not answered here is readable by nobody: the safe
// default.
type documentParents struct{ s *Server }

// CanRead reports whether the actor may read the parent.
func (p documentParents) CanRead(ctx context.Context, kind string, id int64) (bool, error) {
	switch kind {
	case documents.Space:
		return found(p.s.spaces.ByID(ctx, id))
	case documents.Meeting:
		return found(p.s.meetings.Meeting(ctx, id))
	case documents.Need:
		return found(struct{}{}, p.s.needs.CanRead(ctx, id))
	case documents.Practice:
		return found(struct{}{}, p.s.practices.MayRead(ctx, id))
	case documents.Site:
		// The readers of the site read its photos: the public a
		// published site's, its municipality and staff a draft's.
		return found(struct{}{}, p.s.streets.MayRead(ctx, id))
	case documents.PlanReport:
		// A report's evidence is read by the report's readers.
		return found(struct{}{}, p.s.equality.MayReadReport(ctx, id))
	}
	return false, nil
}

// found turns a by-id read under the actor into whether the actor may
// read the record: the services answer ENOTFOUND for what one may not
// read.
func found[T any](_ T, err error) (bool, error) {
	if birlik.ErrorCode(err) == birlik.ENOTFOUND {
		return false, nil
	}
	return err == nil, err
}

// CanAttach reports whether the actor may attach files to the parent. A
// space's and a meeting's files are attached by union staff, who run
// them.
func (p documentParents) CanAttach(ctx context.Context, kind string, id int64) (bool, error) {
	a := birlik.ActorFrom(ctx)
	switch kind {
	case documents.Space, documents.Meeting:
		if !a.Staff() {
			return false, nil
		}
		return p.CanRead(ctx, kind, id)
	case documents.Need:
		// The raising municipality's focal point and staff; the rule is
		// the needs package's.
		return p.s.needs.CanAttach(ctx, id)
	case documents.Practice, documents.Site, documents.PlanReport:
		// Its municipality's focal point and staff: who may change it (a
		// site's photos are attached by who may change the site, a
		// report's evidence by who may change the report).
		mayChange := p.s.practices.MayChange
		switch kind {
		case documents.Site:
			mayChange = p.s.streets.MayChange
		case documents.PlanReport:
			mayChange = p.s.equality.MayChangeReport
		}
		err := mayChange(ctx, id)
		if code := birlik.ErrorCode(err); code == birlik.EFORBIDDEN || code == birlik.ENOTFOUND {
			return false, nil
		}
		return err == nil, err
	}
	return false, nil
}
