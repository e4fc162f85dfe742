package web

import (
	"net/http"

	"birlik/notify"
)

// unsubscribePage is what notifications/unsubscribe shows.
type unsubscribePage struct {
	Token string
	Sub   notify.Subscription
	Done  bool // e-mail was just turned off
}

// notificationUnsubscribeForm is where the unsubscribe link of a mail
// leads: it says whose e-mail it stops and asks to confirm with a button,
// since mail scanners follow links (a GET must change nothing). A forged
// token is not found.
func (s *Server) notificationUnsubscribeForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	sub, err := s.notify.Subscription(r.Context(), token)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the token stays here
	l := reqInfo(r).lang
	return s.render(w, r, http.StatusOK, "notifications/unsubscribe", page{Title: l.T("notify.unsubscribe.title"),
		Data: unsubscribePage{Token: token, Sub: sub}})
}

// notificationUnsubscribe turns the account's e-mail off, without signing
// in: the confirmation button of the page above, or a mail program's
// one-click POST (RFC 8058, body "List-Unsubscribe=One-Click", no
// Origin), which needs a 200 answer and no redirect.
func (s *Server) notificationUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.notify.Unsubscribe(r.Context(), token); err != nil {
		return err
	}
	sub, err := s.notify.Subscription(r.Context(), token)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	l := reqInfo(r).lang
	return s.render(w, r, http.StatusOK, "notifications/unsubscribe", page{Title: l.T("notify.unsubscribe.done_title"),
		Data: unsubscribePage{Token: token, Sub: sub, Done: true}})
}
