package web

import (
	"net/http"
	"strconv"
)

// organisationUpdate saves the organisation form. The form carries the
// version it was made from: when someone saved the record meanwhile, the
// page answers 409, keeps everything typed, lists what the other person
// saved, and takes the new version, so that saving again is deliberate.
// A focal point's form holds the contact fields only; the network service
// keeps the others as stored whatever is posted.
func (s *Server) organisationUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	old, err := s.loadEditableOrg(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	o, kept := orgFromForm(r.PostForm)
	o.ID = old.ID
	kept.Set("id", old.ID)
	err = s.network.UpdateOrganisation(ctx, &o)
	if err == nil {
		return s.redirect(w, r, "/organisations/"+o.ID, "flash.network.org_saved")
	}
	f := newForm("network", kept)
	status, err := f.fail(err, orgFields...)
	if err != nil {
		return err
	}
	current := old
	var diff []changed
	if status == http.StatusConflict {
		if current, err = s.network.Organisation(ctx, old.ID); err != nil {
			return err
		}
		f.Values.Set("version", strconv.Itoa(current.Version))
		l := reqInfo(r).lang
		diff = differences(l, "network", kept, orgValues(current), func(name, v string) string {
			switch {
			case v == "":
				return ""
			case name == "kind":
				return l.T(current.Kind.Key())
			case name == "municipality_kind":
				return l.T(current.MunicipalityKind.Key())
			case name == "member_status":
				return l.T(current.MemberStatus.Key())
			case name == "parent_id":
				return current.ParentName
			case name == "place_id":
				return current.PlaceName
			case name == "population":
				return l.Number(*current.Population)
			case name == "member_since" || name == "member_until":
				return l.ISODate(v)
			}
			return v
		}, orgFields...)
	}
	return s.renderOrgForm(w, r, status, current, f, diff)
}
