package web

import (
	"net/http"

	"birlik/needs"
)

// needCosign records "we have this need too" for the reader's
// municipality (staff choose one), with the people it counts.
func (s *Server) needCosign(w http.ResponseWriter, r *http.Request) error {
	n, err := s.needOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, ok := needs.ParsePeople(r.PostForm.Get("people_affected"))
	var bad map[string]string
	if !ok {
		bad = map[string]string{"people_affected": "error.needs.people_invalid"}
	} else {
		err = s.needs.Cosign(r.Context(), n.ID, r.PostForm.Get("org_id"), p)
		if err == nil {
			s.tellNeed(r, "need.shared", "notify.event.need_shared", n, s.orgName(r.Context(), cosigner(r)))
			return s.redirect(w, r, needLink(n.ID), "flash.needs.cosigned")
		}
	}
	f := newForm("needs.cosign", r.PostForm)
	status, err := f.fail(needFailWith(err, bad), "org_id", "people_affected")
	if err != nil {
		return err
	}
	return s.renderNeedShow(w, r, status, n, f, nil, nil)
}

// cosigner is the organisation a co-signature is for: the focal point's
// own, or the one staff chose.
func cosigner(r *http.Request) string {
	if org := needActorOrg(r.Context()); org != "" {
		return org
	}
	return r.PostForm.Get("org_id")
}
