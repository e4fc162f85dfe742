package web

import (
	"net/http"
	"strconv"

	"birlik"
	"birlik/documents"
	"birlik/notify"
	"birlik/practices"
)

type practiceShowPage struct {
	P       *practices.Practice
	Similar []practices.Summary
	CanEdit bool
	// SpaceName is the name of the space the practice was shared in, ""
	// for the public library.
	SpaceName string
	Follow    followButton
	Documents documentsBlock
}

// practiceID reads the {id} of the path; a malformed one is not found.
func practiceID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return id, nil
}

// practiceShow shows a practice in full, with similar practices. A draft
// shows to its municipality and to union staff only.
func (s *Server) practiceShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	id, err := practiceID(r)
	if err != nil {
		return err
	}
	p, err := s.practices.Practice(ctx, id)
	if err != nil {
		return err
	}
	sim, err := s.practices.Similar(ctx, p, 5)
	if err != nil {
		return err
	}
	d := practiceShowPage{P: p, Similar: sim, CanEdit: practices.MayEdit(birlik.ActorFrom(ctx), p)}
	if p.SpaceID != 0 {
		if sp, err := s.spaces.ByID(ctx, p.SpaceID); err == nil {
			d.SpaceName = sp.NameIn(l.Code)
		}
	}
	d.Follow = s.followButton(r, notify.Practice, p.ID)
	if d.Documents, err = s.documentsBlock(r, documents.Practice, p.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "practices/show", page{Title: p.Title, Data: d})
}

// practicePublish publishes a draft, from the version shown on its page.
func (s *Server) practicePublish(w http.ResponseWriter, r *http.Request) error {
	id, err := practiceID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.practices.Publish(r.Context(), id, formVersion(r.PostForm)); err != nil {
		return err
	}
	return s.redirect(w, r, "/practices/"+strconv.FormatInt(id, 10), "flash.practices.published")
}
