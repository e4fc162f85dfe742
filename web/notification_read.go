package web

import (
	"net/http"
	"strconv"

	"birlik"
)

// notificationRead marks one notification read and goes back to the list
// (or to next=, a path on this site, such as the notification's page).
func (s *Server) notificationRead(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.notify.MarkRead(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, backTo(r, "/notifications"), "")
}

// notificationReadAll marks every notification read.
func (s *Server) notificationReadAll(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.notify.MarkAllRead(r.Context()); err != nil {
		return err
	}
	return s.redirect(w, r, "/notifications", "flash.notify.all_read")
}

// backTo returns the form's next= when it is a path on this site, else
// fallback.
func backTo(r *http.Request, fallback string) string {
	if next := r.PostFormValue("next"); next != "" {
		if p := localPath(next); p != "/" || next == "/" {
			return p
		}
	}
	return fallback
}
