package web

import (
	"net/http"
	"time"
)

// languageSet switches the interface language: it keeps the choice in a
// cookie and, for a signed-in person, in their account, then goes back to
// the page the switch was made from. A POST, since it changes state.
func (s *Server) languageSet(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	code := r.PostForm.Get("lang")
	next := localPath(r.PostForm.Get("next"))
	if !s.cat.Has(code) {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	s.setCookie(w, langCookie, code, 365*24*time.Hour)
	if reqInfo(r).user != nil {
		if err := s.accounts.SetLanguage(r.Context(), code); err != nil {
			return err
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
