package web

import "birlik"

// streetEditors may change street sites: union staff any municipality's,
// a focal point their own's (the streets service decides which, in its
// queries, and refuses the others with 403).
var streetEditors = roles(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint)

// streetRoutes are the routes of the Reclaiming Streets programme: its
// public pages and map, cycles, street sites and targets. Reading is
// public; a draft site answers 404 to whoever may not read it.
func (s *Server) streetRoutes() []route {
	return []route{
		{"GET /streets", public, s.streetProgramme},
		{"GET /streets/dashboard", public, s.streetDashboard},
		{"GET /streets/dashboard.csv", public, s.streetDashboardExport},
		{"GET /streets/map", public, s.streetMap},
		{"GET /streets/sites.geojson", public, s.streetSitesGeoJSON}, // the overview, for js/streets_map.js
		{"GET /streets/sites.csv", public, s.streetSitesExport},
		{"GET /streets/sites/export.geojson", public, s.streetSitesExportGeoJSON}, // full geometry

		{"GET /streets/cycles", public, s.cycleList},
		{"GET /streets/cycles/new", staff, s.cycleNew},
		{"POST /streets/cycles", staff, s.cycleCreate},
		{"GET /streets/cycles/{id}", public, s.cycleShow},
		{"GET /streets/cycles/{id}/edit", staff, s.cycleEdit},
		{"POST /streets/cycles/{id}", staff, s.cycleUpdate},
		{"POST /streets/cycles/{id}/apply", roles(birlik.RoleFocalPoint), s.cycleApply}, // for their own municipality
		{"POST /streets/cycles/{id}/participants/{org}", streetEditors, s.cycleParticipantSave},

		{"GET /streets/sites", public, s.siteList},
		{"GET /streets/sites/new", streetEditors, s.siteNew},
		{"POST /streets/sites", streetEditors, s.siteCreate},
		{"GET /streets/sites/{id}", public, s.siteShow},
		{"GET /streets/sites/{id}/edit", streetEditors, s.siteEdit},
		{"POST /streets/sites/{id}", streetEditors, s.siteUpdate},
		{"POST /streets/sites/{id}/photos", streetEditors, s.sitePhotoAdd},
		{"POST /streets/sites/{id}/photos/{doc}/remove", streetEditors, s.sitePhotoRemove},

		{"GET /streets/targets", public, s.streetTargets},
		{"GET /streets/targets/new", staff, s.streetTargetNew},
		{"POST /streets/targets", staff, s.streetTargetCreate},
		{"GET /streets/targets/{id}/edit", staff, s.streetTargetEdit},
		{"POST /streets/targets/{id}", staff, s.streetTargetUpdate},
	}
}
