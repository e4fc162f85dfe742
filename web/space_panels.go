package web

import (
	"context"

	"birlik"
	"birlik/locale"
	"birlik/meetings"
	"birlik/needs"
	"birlik/practices"
	"birlik/spaces"
)

// spacePanels are the sections of a space's page that other parts of the
// product fill: its upcoming meetings, the open follow-up actions of its
// meetings' decisions, the needs raised in it, and the recommendations
// that answer them. Each is nil until its part is wired in here; the page
// then shows the section with a line saying there is nothing yet.
//
// To fill one, set the field in loadSpacePanels to whatever that part's
// service returns for the space (already filtered for the reader), and
// replace the matching {{define "space-panel-…"}} at the end of
// templates/pages/spaces/show.html, which receives
// (dict "Space" the space "Data" the field's value "L" the language).
type spacePanels struct {
	Meetings        any // upcoming meetings: template "space-panel-meetings"
	Actions         any // open follow-up actions: "space-panel-actions"
	Needs           any // needs and requests: "space-panel-needs"
	Recommendations any // solution recommendations: "space-panel-recommendations"
	Practices       any // practices shared in the space: "space-panel-practices"
}

// loadSpacePanels fills the panels of sp's page for the reader in ctx,
// who may read sp (spaceShow has checked). It is the one place the other
// parts of the spaces plug into the page; a panel left nil shows as empty.
func (s *Server) loadSpacePanels(ctx context.Context, l *locale.Lang, sp *spaces.Space) (spacePanels, error) {
	var p spacePanels
	ms, err := s.meetings.UpcomingMeetings(ctx, sp.ID, spacePanelRows)
	if err != nil {
		return p, err
	}
	p.Meetings = ms
	var ap openActionsPanel
	if ap.Open, ap.First, err = s.meetings.FirstOpenActions(ctx, sp.ID, spacePanelRows); err != nil {
		return p, err
	}
	p.Actions = ap
	sum, err := s.needs.SpaceSummary(ctx, sp.ID)
	if err != nil {
		return p, err
	}
	a := birlik.ActorFrom(ctx)
	if a.Signed() {
		// The public read no needs: their panel is left empty.
		p.Needs = needsPanel{Open: sum.Open, Answered: sum.Answered, Median: needDuration(l, sum.AnswerMedian),
			CanRaise: a.Staff() || a.Scoped()}
	}
	p.Recommendations = recsPanel{Latest: sum.Latest, CanDraft: s.needs.MayDraft(ctx, sp.ID)}
	pp := practicesPanel{CanShare: a.Staff() || a.Scoped()}
	if pp.Recent, err = s.practices.RecentInSpace(ctx, sp.ID, spacePanelRows); err != nil {
		return p, err
	}
	if pp.Count, err = s.practices.CountInSpace(ctx, sp.ID); err != nil {
		return p, err
	}
	p.Practices = pp
	return p, nil
}

// practicesPanel is the practices panel: how many the space's members
// shared, and the latest of them.
type practicesPanel struct {
	Count    int
	Recent   []practices.Summary
	CanShare bool // focal points share their municipality's, staff any
}

// needsPanel is the needs panel: how many of the space's needs are open
// and answered, and the median time to answer, in words.
type needsPanel struct {
	Open, Answered int64
	Median         string
	CanRaise       bool // focal points raise for their municipality, staff for any
}

// recsPanel is the recommendations panel: the latest published ones the
// reader may read.
type recsPanel struct {
	Latest   []needs.Recommendation
	CanDraft bool
}

// spacePanelRows is how many rows a panel lists; each links to its whole
// list.
const spacePanelRows = 5

// openActionsPanel is the actions panel: how many actions are open, and
// the first of them by due date.
type openActionsPanel struct {
	Open  int
	First []*meetings.Action
}
