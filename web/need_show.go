package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/documents"
	"birlik/needs"
	"birlik/notify"
)

type needShowPage struct {
	Need       *needs.Need
	Cosigns    []needs.Cosign
	History    []eventView
	Recs       []needs.Recommendation // published ones answering it, and drafts the reader may see
	CanEdit    bool
	CanCosign  bool // the reader's municipality may say it has this too
	Cosigned   bool // it did already
	Staff      bool
	CanAnswer  bool // may draft a recommendation answering it
	Orgs       orgChoices
	Reasons    []option
	Response   string // time to first response, in words
	Answer     string // time to answer, in words
	AnswerLink string // drafting a recommendation that answers it
	CosignForm *form
	CloseForm  *form
	MergeForm  *form
	Follow     followButton
	Documents  documentsBlock
}

// eventView is one step of a need's history, said in words.
type eventView struct {
	needs.Event
	Label string // what happened, translated
	Ref   string // a link to the recommendation or need it names; "" for none
}

// needShow shows a need: what was asked, by whom and how widely (the
// co-signers), its history as a timeline, the recommendations answering
// it, and the buttons the reader may use: "we have this need too", the
// staff's workflow (review, close with a reason, merge into another).
func (s *Server) needShow(w http.ResponseWriter, r *http.Request) error {
	n, err := s.needOf(r)
	if err != nil {
		return err
	}
	return s.renderNeedShow(w, r, http.StatusOK, n, nil, nil, nil)
}

func (s *Server) renderNeedShow(w http.ResponseWriter, r *http.Request, status int, n *needs.Need, cosign, closeF, merge *form) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	cos, err := s.needs.Cosigns(ctx, n.ID)
	if err != nil {
		return err
	}
	hist, err := s.needs.History(ctx, n.ID)
	if err != nil {
		return err
	}
	recs, _, err := s.needs.Recommendations(ctx, needs.RecFilter{NeedID: n.ID, PerPage: needs.MaxPerPage})
	if err != nil {
		return err
	}
	p := needShowPage{Need: n, Cosigns: cos, Recs: recs, CanEdit: s.needs.CanEdit(ctx, n) && n.Status.Open(), Staff: a.Staff(),
		CanAnswer: n.Status.Open() && s.needs.MayDraft(ctx, n.SpaceID),
		Response:  needDuration(l, n.ResponseHours), Answer: needDuration(l, n.AnswerHours),
		Reasons:    options(l, "needs.choose", needs.CloseReasons, reasonKey),
		AnswerLink: needAnswerLink(n), CosignForm: cosign, CloseForm: closeF, MergeForm: merge}
	for _, e := range hist {
		v := eventView{Event: e, Label: l.T("needs.event."+e.Action, "org", e.Note)}
		switch e.Action {
		case needs.ActAnswer:
			v.Ref = recLink(e.RefID)
		case needs.ActMerge, needs.ActAbsorb:
			v.Ref = needLink(e.RefID)
		case needs.ActClose:
			v.Label = l.T("needs.event.close", "reason", l.T(reasonKey(e.Reason)))
		case needs.ActCosign, needs.ActUncosign:
			v.Label = l.T("needs.event."+e.Action, "org", s.orgName(ctx, e.Note))
		}
		p.History = append(p.History, v)
	}
	if n.MergedInto == 0 && n.Status != needs.Closed {
		switch {
		case a.Staff():
			p.CanCosign = true
			if p.Orgs, err = s.orgChoices(ctx); err != nil {
				return err
			}
		case a.Scoped() && a.OrgID != n.OrgID:
			p.CanCosign = true
			for _, c := range cos {
				if c.OrgID == a.OrgID {
					p.Cosigned, p.CanCosign = true, false
				}
			}
		}
	}
	if p.CosignForm == nil {
		p.CosignForm = newForm("needs.cosign", nil)
	}
	if p.CloseForm == nil {
		p.CloseForm = newForm("needs.close", nil)
	}
	if p.MergeForm == nil {
		p.MergeForm = newForm("needs.merge", nil)
	}
	p.Follow = s.followButton(r, notify.Need, n.ID)
	if p.Documents, err = s.documentsBlock(r, documents.Need, n.ID); err != nil {
		return err
	}
	return s.render(w, r, status, "needs/show", page{Title: n.Title, Data: p})
}

// needAnswerLink is the address of a new recommendation answering n.
func needAnswerLink(n *needs.Need) string {
	return "/spaces/" + n.SpaceSlug + "/recommendations/new?" + url.Values{"needs": {strconv.FormatInt(n.ID, 10)}}.Encode()
}
