package web

// surveyRoutes are the routes of the public-life counts of the street
// sites: entering a survey on a phone, the before/after comparison, and
// the protocol's tables in and out. Reading follows the site: whoever may
// read it reads its surveys (a draft answers 404 to the others). Writing
// is for union staff and the focal point of the site's municipality: the
// rule lets focal points through, the publiclife service refuses another
// municipality's site with 403.
func (s *Server) surveyRoutes() []route {
	return []route{
		{"GET /streets/sites/{id}/surveys", public, s.surveyList},
		{"GET /streets/sites/{id}/surveys/new", streetEditors, s.surveyNew},
		{"POST /streets/sites/{id}/surveys", streetEditors, s.surveyCreate},
		{"GET /streets/sites/{id}/surveys/import", streetEditors, s.surveyImportForm},
		{"POST /streets/sites/{id}/surveys/import", streetEditors, s.surveyImport},
		// One protocol table of the site as CSV: {file} is "<table>.csv".
		{"GET /streets/sites/{id}/surveys/{file}", public, s.surveySiteExport},
		{"GET /streets/sites/{id}/compare", public, s.surveyCompare},
		// A survey's page, or ("<table>.csv") one protocol table of every
		// site the reader may read: the two share the pattern's shape.
		{"GET /streets/surveys/{id}", public, s.surveyShow},
		{"GET /streets/surveys/{id}/edit", streetEditors, s.surveyEdit},
		{"POST /streets/surveys/{id}", streetEditors, s.surveyUpdate},
	}
}
