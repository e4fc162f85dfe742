package web

import (
	"context"
	"net/http"
	"strconv"

	"birlik"
	"birlik/notify"
)

// followCreate makes the account follow the thing named in the path and
// goes back to the page the button was on (next=).
func (s *Server) followCreate(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := s.followTarget(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.notify.Follow(r.Context(), kind, id); err != nil {
		return err
	}
	return s.redirect(w, r, backTo(r, "/notifications/settings"), "flash.notify.followed")
}

// followTarget reads the kind and id of the path and checks the account
// may read that thing: one cannot follow what one cannot see.
func (s *Server) followTarget(r *http.Request) (string, int64, error) {
	kind := r.PathValue("kind")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || !notify.ValidKind(kind) {
		return "", 0, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	ok, err := s.mayFollow(r.Context(), kind, id)
	if err != nil {
		return "", 0, err
	}
	if !ok {
		return "", 0, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return kind, id, nil
}

// mayFollow reports whether the actor may read the thing to follow,
// asking the part it belongs to. Kinds whose part is not asked here yet
// cannot be followed: the safe answer until they are added (needs,
// recommendations, meetings, practices: their service's by-id read under
// the actor, as for spaces).
func (s *Server) mayFollow(ctx context.Context, kind string, id int64) (bool, error) {
	switch kind {
	case notify.Space:
		return found(s.spaces.ByID(ctx, id))
	case notify.Meeting:
		return found(s.meetings.Meeting(ctx, id))
	case notify.Need:
		return found(struct{}{}, s.needs.CanRead(ctx, id))
	case notify.Recommendation:
		return found(s.needs.Recommendation(ctx, id))
	case notify.Practice:
		return found(struct{}{}, s.practices.MayRead(ctx, id))
	}
	return false, nil
}
