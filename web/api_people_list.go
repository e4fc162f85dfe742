package web

import (
	"net/http"

	"birlik/network"
)

// apiPeopleList lists the people within the caller's reach, with the
// filters of the people page (network.ParsePeopleFilter). Its route has
// the people pages' rule (peopleReaders); which people each caller sees
// is network's to decide, in its queries: a focal point's token reaches
// only their municipality.
func (s *Server) apiPeopleList(w http.ResponseWriter, r *http.Request) error {
	q, ok, err := s.apiQuery(w, r)
	if !ok {
		return err
	}
	people, total, err := s.network.People(r.Context(), network.ParsePeopleFilter(q))
	if err != nil {
		return err
	}
	data := make([]apiPerson, 0, len(people))
	for i := range people {
		data = append(data, newAPIPerson(&people[i]))
	}
	page, perPage := apiPaging(q)
	return s.apiWrite(w, r, newAPIList(r, q, data, total, page, perPage), false)
}
