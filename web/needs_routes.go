package web

// needRoutes are the routes of needs and requests, and the recommendations that answer them.
// Needs are read by signed-in accounts (in the spaces they may read);
// recommendations published publicly by anyone. Who may change which
// record is decided again by the needs service's queries.
func (s *Server) needRoutes() []route {
	return []route{
		{"GET /needs", signedIn, s.needListAll},
		{"GET /needs.csv", signedIn, s.needExport},
		{"GET /needs/dashboard", signedIn, s.needDashboardAll},
		{"GET /needs/{id}", signedIn, s.needShow},
		{"GET /needs/{id}/edit", needEditors, s.needEdit}, // staff, or the focal point of the raising municipality
		{"POST /needs/{id}", needEditors, s.needUpdate},
		{"POST /needs/{id}/cosign", needEditors, s.needCosign}, // "we have this need too"
		{"POST /needs/{id}/uncosign", needEditors, s.needUncosign},
		{"POST /needs/{id}/review", staff, s.needReview},
		{"POST /needs/{id}/close", staff, s.needClose},
		{"POST /needs/{id}/merge", staff, s.needMerge},
		{"GET /spaces/{slug}/needs", signedIn, s.needList},
		{"GET /spaces/{slug}/needs.csv", signedIn, s.needExport},
		{"GET /spaces/{slug}/needs/new", needEditors, s.needNew},
		{"POST /spaces/{slug}/needs", needEditors, s.needCreate},
		{"GET /spaces/{slug}/needs/dashboard", signedIn, s.needDashboard},

		{"GET /recommendations", public, s.recommendationListAll},
		{"GET /recommendations/{id}", public, s.recommendationShow},
		{"GET /recommendations/{id}/versions/{rev}", public, s.recommendationVersion},
		{"GET /recommendations/{id}/edit", signedIn, s.recommendationEdit}, // staff and the space's experts
		{"POST /recommendations/{id}", signedIn, s.recommendationUpdate},
		{"POST /recommendations/{id}/publish", signedIn, s.recommendationPublish},
		{"POST /recommendations/{id}/endorse", needEditors, s.recommendationEndorse},
		{"POST /recommendations/{id}/adoption", needEditors, s.recommendationAdoption},
		{"GET /spaces/{slug}/recommendations", public, s.recommendationList},
		{"GET /spaces/{slug}/recommendations/new", signedIn, s.recommendationNew},
		{"POST /spaces/{slug}/recommendations", signedIn, s.recommendationCreate},
	}
}
