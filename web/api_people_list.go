package web

import (
	"net/http"

	"birlik"
	"birlik/network"
)

// apiPeopleReaders may call the people endpoints: the roles that may read
// people at all. Which people each sees is network's to decide, in its
// queries: a focal point's token reaches only their municipality.
var apiPeopleReaders = roles(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleCommittee, birlik.RoleFocalPoint)

// apiPeopleList lists the people within the caller's reach, with the
// filters of the people page (network.ParsePeopleFilter).
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
