package web

import (
	"net/http"

	"birlik"
	"birlik/streets"
)

// cycleListPage lists the programme's cycles with their figures.
type cycleListPage struct {
	Cycles []cycleRow
	CanAdd bool
}

type cycleRow struct {
	streets.Cycle
	Area string
}

// cycleList lists the cycles, latest first.
func (s *Server) cycleList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	cycles, err := s.streets.Cycles(ctx)
	if err != nil {
		return err
	}
	p := cycleListPage{CanAdd: birlik.ActorFrom(ctx).Staff()}
	for _, c := range cycles {
		p.Cycles = append(p.Cycles, cycleRow{Cycle: c, Area: areaText(l, c.AreaM2)})
	}
	return s.render(w, r, http.StatusOK, "streets/cycles", page{Title: l.T("streets_web.cycles.title"), Data: p})
}
