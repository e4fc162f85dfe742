package web

import (
	"net/http"

	"birlik/network"
)

type homePage struct {
	Stats network.Stats
}

// home is the dashboard: the network's key figures, computed from the
// records, for everyone; signed-in people also see their own shortcuts.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	l := reqInfo(r).lang
	st, err := s.network.Stats(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "home", page{Title: l.T("home.title"), Data: homePage{Stats: st}})
}
