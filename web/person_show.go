package web

import "net/http"

// personShow is a person's page. The network service answers not found
// for a person outside the reader's reach, so a focal point cannot learn
// who works elsewhere.
func (s *Server) personShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathPersonID(r)
	if err != nil {
		return err
	}
	p, err := s.network.Person(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderPerson(w, r, http.StatusOK, p, nil, nil)
}
