package streets

// The service's methods as the skeleton promises them to the web layer.
// Each moves to its own file when it is built; this file then goes.

import (
	"context"

	"birlik"
)

// Cycles returns every cycle, latest year first, with its figures.
func (s *Service) Cycles(ctx context.Context) ([]Cycle, error) { return nil, errTodo }

// Cycle returns one cycle with its figures. ENOTFOUND.
func (s *Service) Cycle(ctx context.Context, id int64) (*Cycle, error) { return nil, errTodo }

// SaveCycle creates (ID 0) or updates a cycle; union staff only.
// EINVALID (field errors), EFORBIDDEN, ECONFLICT (stale version, or the
// year taken), ENOTFOUND.
func (s *Service) SaveCycle(ctx context.Context, c *Cycle) error { return errTodo }

// Participants returns the cycle's applications, by province then name.
func (s *Service) Participants(ctx context.Context, cycleID int64) ([]Participant, error) {
	return nil, errTodo
}

// SaveParticipant records an application or its decision. A focal point
// applies for their own municipality and edits its team while applied;
// union staff add any municipality and decide. EINVALID, EFORBIDDEN,
// ECONFLICT, ENOTFOUND.
func (s *Service) SaveParticipant(ctx context.Context, p *Participant) error { return errTodo }

// Sites returns a page of sites the actor may read (published ones, and
// drafts to staff and to their municipality's focal point).
func (s *Service) Sites(ctx context.Context, f SiteFilter) (SitePage, error) { return SitePage{}, errTodo }

// Site returns one site with its geometry. ENOTFOUND, also for a draft
// the actor may not read.
func (s *Service) Site(ctx context.Context, id int64) (*Site, error) { return nil, errTodo }

// SaveSite creates or updates a site from in: the geometry is parsed,
// validated (geo.Validate, inside the Marmara region) and measured; its
// errors go to the "geometry" field with their arguments. EINVALID,
// EFORBIDDEN (another municipality's site), ECONFLICT, ENOTFOUND.
func (s *Service) SaveSite(ctx context.Context, in SiteInput) (*Site, error) { return nil, errTodo }

// MayEdit reports whether the actor may change sites of the organisation.
func MayEdit(a birlik.Actor, orgID string) bool {
	return a.System || a.Staff() || (a.Scoped() && a.OrgID != "" && a.OrgID == orgID)
}

// Photos returns the site's photos, before ones first.
func (s *Service) Photos(ctx context.Context, siteID int64) ([]Photo, error) { return nil, errTodo }

// AddPhoto attaches a stored document (an image) to the site as a photo.
// EINVALID (no alt text, not an image), EFORBIDDEN, ENOTFOUND.
func (s *Service) AddPhoto(ctx context.Context, p Photo) error { return errTodo }

// RemovePhoto detaches a photo. EFORBIDDEN, ENOTFOUND.
func (s *Service) RemovePhoto(ctx context.Context, siteID, documentID int64) error { return errTodo }

// Targets returns the programme's targets, by deadline.
func (s *Service) Targets(ctx context.Context) ([]Target, error) { return nil, errTodo }

// SaveTarget creates or updates a target; union staff only. EINVALID,
// EFORBIDDEN, ECONFLICT, ENOTFOUND.
func (s *Service) SaveTarget(ctx context.Context, t *Target) error { return errTodo }

// Dashboard computes the programme's figures from the stored sites and
// counts, for the actor (published sites only, but for staff).
func (s *Service) Dashboard(ctx context.Context, f DashboardFilter) (*Dashboard, error) {
	return nil, errTodo
}

// MapSites returns the published sites for the overview map, with their
// simplified outlines (kept with the site when it is saved).
func (s *Service) MapSites(ctx context.Context, f DashboardFilter) ([]MapSite, error) {
	return nil, errTodo
}

// ExportSites returns every site the actor may read, with its full
// geometry, for the GeoJSON and CSV exports.
func (s *Service) ExportSites(ctx context.Context, f DashboardFilter) ([]Site, error) {
	return nil, errTodo
}
