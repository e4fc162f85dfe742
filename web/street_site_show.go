package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/paulmach/orb"

	"birlik"
	"birlik/documents"
	"birlik/locale"
	"birlik/streets"
)

// siteShowPage is a site's public page.
type siteShowPage struct {
	S            *streets.Site
	CanEdit      bool
	Intervention string
	Phase        string
	Area         string
	Timeline     []phaseStep
	Before       []photoView
	After        []photoView
	Outline      *siteOutline // nil without geometry
	Stages       []option     // of the photo form
	PhotoError   bool         // the photo form was refused: open it
}

// phaseStep is one phase of a site's timeline.
type phaseStep struct {
	Label   string
	Date    string // YYYY-MM-DD, "" when not reached
	Current bool
}

// photoView is a photo as the page shows it.
type photoView struct {
	DocumentID int64
	Href       string
	Alt        string
}

// siteOutline is the site's outline drawn as SVG, fitted to its box.
type siteOutline struct {
	ViewBox string
	D       string
	Label   string
}

// siteShow shows a site: its figures, phases, photos before and after,
// outline, and links to its surveys. A draft shows to its municipality
// and to union staff only.
func (s *Server) siteShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	site, err := s.streets.Site(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderSiteShow(w, r, http.StatusOK, site, nil)
}

// renderSiteShow renders the site's page; f is the photo form, refused,
// or nil.
func (s *Server) renderSiteShow(w http.ResponseWriter, r *http.Request, status int, site *streets.Site, f *form) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	d := siteShowPage{S: site, CanEdit: streets.MayEdit(birlik.ActorFrom(ctx), site.OrgID), Intervention: interventionLabel(l, site.Intervention),
		Phase: phaseLabel(l, site.Phase), Area: areaText(l, site.AreaM2), Outline: newSiteOutline(l, site), PhotoError: f.Invalid()}
	for _, p := range streets.Phases {
		d.Timeline = append(d.Timeline, phaseStep{Label: phaseLabel(l, p), Date: site.PhaseDates[p], Current: p == site.Phase})
	}
	photos, err := s.streets.Photos(ctx, site.ID)
	if err != nil {
		return err
	}
	if len(photos) > 0 {
		docs, err := s.documents.List(ctx, documentParents{s}, documents.Site, site.ID)
		if err != nil {
			return err
		}
		byID := map[int64]*documents.Document{}
		for _, doc := range docs {
			byID[doc.ID] = doc
		}
		for _, p := range photos {
			doc := byID[p.DocumentID]
			if doc == nil {
				continue
			}
			v := photoView{DocumentID: p.DocumentID, Href: documentHref(doc), Alt: p.Alt}
			if p.Stage == streets.After {
				d.After = append(d.After, v)
			} else {
				d.Before = append(d.Before, v)
			}
		}
	}
	if f == nil {
		f = newForm("streets_web.photo", url.Values{"stage": {string(streets.Before)}})
	}
	d.Stages = []option{{Value: string(streets.Before), Label: l.T("streets_web.photo.before")}, {Value: string(streets.After), Label: l.T("streets_web.photo.after")}}
	return s.render(w, r, status, "streets/site", page{Title: site.Name, Form: f, Data: d})
}

// newSiteOutline draws the site's polygons fitted to their bounding box,
// with a margin; nil when there is nothing to draw.
func newSiteOutline(l *locale.Lang, site *streets.Site) *siteOutline {
	polys := make([][][][2]float64, 0, len(site.Geometry))
	for _, poly := range site.Geometry {
		var rings [][][2]float64
		for _, ring := range poly {
			if len(ring) >= 3 {
				rings = append(rings, ringPositions(ring))
			}
		}
		if len(rings) > 0 {
			polys = append(polys, rings)
		}
	}
	if len(polys) == 0 {
		return nil
	}
	pr, height, ok := newProjection([][][][][2]float64{polys})
	if !ok {
		return nil
	}
	// The projection fits mapWidth; the viewBox shows it with a margin of
	// a twentieth, so the outline's stroke is not cut at the edges.
	margin := mapWidth / 20
	return &siteOutline{
		ViewBox: strconv.FormatFloat(-margin, 'f', 0, 64) + " " + strconv.FormatFloat(-margin, 'f', 0, 64) + " " +
			strconv.FormatFloat(mapWidth+2*margin, 'f', 0, 64) + " " + strconv.FormatFloat(math.Ceil(height+2*margin), 'f', 0, 64),
		D:     pr.path(polys),
		Label: l.T("streets_web.site.outline", "name", site.Name, "area", areaText(l, site.AreaM2)),
	}
}

func ringPositions(r orb.Ring) [][2]float64 {
	out := make([][2]float64, len(r))
	for i, p := range r {
		out[i] = [2]float64(p)
	}
	return out
}
