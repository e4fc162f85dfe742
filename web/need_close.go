package web

import "net/http"

// needClose closes an open need with a reason from the list and a note
// (staff). A refused form comes back on the need's page.
func (s *Server) needClose(w http.ResponseWriter, r *http.Request) error {
	n, err := s.needOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	err = s.needs.Close(r.Context(), n.ID, formVersion(r.PostForm), r.PostForm.Get("reason"), r.PostForm.Get("note"))
	if err == nil {
		s.tellNeed(r, "need.closed", "notify.event.need_closed", n, "")
		return s.redirect(w, r, needLink(n.ID), "flash.needs.closed")
	}
	f := newForm("needs.close", r.PostForm)
	status, err := f.fail(err, "reason", "note")
	if err != nil {
		return err
	}
	return s.renderNeedShow(w, r, status, n, nil, f, nil)
}
