package web

import (
	"net/http"
	"strconv"

	"birlik"
	"birlik/network"
)

// personUpdate saves a person's own details. Like organisationUpdate, a
// stale form answers 409 with everything typed kept, what someone else
// saved listed, and the new version taken.
func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathPersonID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	old, err := s.network.Person(ctx, id)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	pf := r.PostForm
	p := personFromForm(pf)
	p.ID = id
	err = s.network.UpdatePerson(ctx, &p)
	if err == nil {
		return s.redirect(w, r, personPath(id), "flash.network.person_saved")
	}
	if c := birlik.ErrorCode(err); c == birlik.EFORBIDDEN || c == birlik.ENOTFOUND {
		return err
	}
	kept := keep(pf, append(personFields, "version")...)
	f := newForm("network", kept)
	status, err := f.fail(err, personFields...)
	if err != nil {
		return err
	}
	current := old
	var diff []changed
	if status == http.StatusConflict {
		if current, err = s.network.Person(ctx, id); err != nil {
			return err
		}
		f.Values.Set("version", strconv.Itoa(current.Version))
		l := reqInfo(r).lang
		diff = differences(l, "network", kept, personValues(current), func(name, v string) string {
			switch name {
			case "gender":
				return l.T(network.Gender(v).Key())
			case "lang":
				return langNames[v]
			}
			return v
		}, personFields...)
	}
	return s.renderPersonForm(w, r, status, current, f, diff)
}
