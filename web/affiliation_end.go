package web

import (
	"net/http"
	"strconv"

	"birlik"
)

// affiliationEnd ends a current position on the date given (today when
// none), for when someone leaves. A focal point may end only positions
// at their own organisation.
func (s *Server) affiliationEnd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathPersonID(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil || aid <= 0 {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	ended := r.PostForm.Get("ended")
	err = s.network.EndAffiliation(ctx, id, aid, ended)
	if err == nil {
		return s.redirect(w, r, personPath(id), "flash.network.affiliation_ended")
	}
	if c := birlik.ErrorCode(err); c != birlik.EINVALID {
		return err
	}
	p, err2 := s.network.Person(ctx, id)
	if err2 != nil {
		return err2
	}
	l := reqInfo(r).lang
	msg := birlik.ErrorMessage(err)
	if key := birlik.FieldErrors(err)["ended"]; key != "" {
		msg = key
	}
	return s.renderPerson(w, r, statusOf(err), p, nil, &personShowPage{EndFailed: aid, EndError: l.T(msg), EndValue: ended})
}
