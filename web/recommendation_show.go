package web

import (
	"net/http"
	"time"

	"birlik"
	"birlik/needs"
	"birlik/notify"
	"birlik/topics"
)

type recShowPage struct {
	Rec          *needs.Recommendation
	Rights, SDGs []string // named
	Needs        []*needs.Need
	Versions     []needs.RecVersion
	Reach        *needs.Reach
	Endorsements []needs.Endorsement
	Adoptions    []needs.Adoption
	CanEdit      bool
	Publications []option
	// The reader's municipality's part: a focal point endorses and
	// reports for theirs, staff for any (Orgs).
	CanReport    bool
	Mine         *needs.OrgStatus
	Orgs         orgChoices
	Statuses     []option
	EndorseForm  *form
	AdoptionForm *form
	Follow       followButton
}

// recommendationShow shows a recommendation: what it proposes, the rights
// and SDGs it serves, the needs it answers, its versions, its reach
// (endorsements, adoptions), and the forms to endorse it and report
// adoption, and to publish it.
func (s *Server) recommendationShow(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.recOf(r)
	if err != nil {
		return err
	}
	return s.renderRecShow(w, r, http.StatusOK, rec, nil, nil)
}

func (s *Server) renderRecShow(w http.ResponseWriter, r *http.Request, status int, rec *needs.Recommendation, endorse, adoption *form) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	p := recShowPage{Rec: rec, Rights: topicNames(l, topics.Right, rec.Rights), SDGs: topicNames(l, topics.SDG, rec.SDGs),
		CanEdit: s.needs.MayEditRec(ctx, rec), EndorseForm: endorse, AdoptionForm: adoption,
		Publications: options(l, "", []needs.Publication{needs.Members, needs.Public}, publicationKey),
		Statuses:     options(l, "needs.choose", needs.AdoptionStatuses, adoptionKey)}
	var err error
	if a.Signed() {
		for _, id := range rec.NeedIDs {
			n, err := s.needs.Need(ctx, id)
			if err == nil {
				p.Needs = append(p.Needs, n)
			}
		}
	}
	if p.Versions, err = s.needs.Versions(ctx, rec.ID); err != nil {
		return err
	}
	if p.Reach, err = s.needs.Reach(ctx, rec.ID); err != nil {
		return err
	}
	if p.Endorsements, err = s.needs.Endorsements(ctx, rec.ID); err != nil {
		return err
	}
	if p.Adoptions, err = s.needs.Adoptions(ctx, rec.ID); err != nil {
		return err
	}
	if rec.Publication != needs.Draft {
		switch {
		case a.Staff():
			p.CanReport = true
			if p.Orgs, err = s.orgChoices(ctx); err != nil {
				return err
			}
		case a.Scoped():
			p.CanReport = true
			if p.Mine, err = s.needs.StatusOf(ctx, rec.ID, a.OrgID); err != nil {
				return err
			}
		}
	}
	if p.EndorseForm == nil {
		p.EndorseForm = newForm("recs.endorse", nil)
	}
	if p.AdoptionForm == nil {
		v := map[string][]string{"on": {time.Now().In(s.loc).Format(time.DateOnly)}}
		if p.Mine != nil && p.Mine.Adoption != nil {
			v = map[string][]string{"status": {string(p.Mine.Adoption.Status)}, "on": {p.Mine.Adoption.On}, "note": {p.Mine.Adoption.Note}}
		}
		p.AdoptionForm = newForm("recs.adoption", v)
	}
	p.Follow = s.followButton(r, notify.Recommendation, rec.ID)
	return s.render(w, r, status, "needs/rec_show", page{Title: rec.Title, Data: p})
}
