package web

import "net/http"

// route is one entry of the HTTP surface: a ServeMux pattern, the rule
// deciding who may call it, and the handler. Every route is listed in
// routes(), so the whole surface reads at a glance and the authorization
// test can walk it all.
type route struct {
	pattern string
	rule    rule
	handler handler
}

// routes returns every route Birlik serves (except /metrics, which is
// public and served by the Prometheus handler).
func (s *Server) routes() []route {
	rs := []route{
		// Operations and assets.
		{"GET /healthz", public, s.healthz},
		{"GET /static/", public, s.static},
		{"GET /robots.txt", public, s.robots},
		// Any other address: our own translated "not found" page.
		{"/", public, s.notFound},

		// JSON API, read-only. Its query strings are checked strictly
		// (apiParams); its description is openapi.json.
		{"GET /api/v1/openapi.json", public, s.apiOpenAPI},
		{"GET /api/v1/places", public, s.apiPlacesList},
		{"GET /api/v1/places/{id}", public, s.apiPlaceShow},
		{"GET /api/v1/organisations", public, s.apiOrganisationsList},
		{"GET /api/v1/organisations/{id}", public, s.apiOrganisationShow},
		{"GET /api/v1/people", peopleReaders, s.apiPeopleList},
		{"GET /api/v1/people/{id}", peopleReaders, s.apiPersonShow},

		// Home and language.
		{"GET /{$}", public, s.home},
		{"POST /language", public, s.languageSet},

		// Signing in and out, passwords.
		{"GET /signin", public, s.signinForm},
		{"POST /signin", public, s.signin},
		{"POST /signout", signedIn, s.signout},
		{"GET /password/forgot", public, s.passwordForgotForm},
		{"POST /password/forgot", public, s.passwordForgot},
		{"GET /password/set/{token}", public, s.passwordSetForm},
		{"POST /password/set/{token}", public, s.passwordSet},

		// Accounts: profile and administration.
		{"GET /profile", signedIn, s.profileShow},
		{"POST /profile/password", signedIn, s.profilePassword},
		{"POST /profile/tokens", signedIn, s.tokensCreate},
		{"POST /profile/tokens/{id}/revoke", signedIn, s.tokensRevoke},
		{"POST /profile/sessions/end", signedIn, s.profileSessionsEnd},
		{"GET /admin/users", admins, s.adminUsersList},
		{"GET /admin/users/new", admins, s.adminUserNew},
		{"POST /admin/users/new", admins, s.adminUserInvite},
		{"GET /admin/users/{id}", admins, s.adminUserShow},
		{"POST /admin/users/{id}", admins, s.adminUserUpdate},
		{"POST /admin/users/{id}/sessions/end", admins, s.adminUserSessionsEnd},
		{"POST /admin/users/{id}/reset", admins, s.adminUserReset},
		{"GET /admin/audit", admins, s.adminAuditList}, // read-only: no route changes the log

		// Network: places, organisations, people, import and export.
		// Places and organisations are public facts; people are personal
		// data, scoped per record by the network service's queries.
		{"GET /places", public, s.placesList},
		{"GET /places.geojson", public, s.placesGeoJSON}, // boundaries with their ODbL notice
		{"GET /places/{id}", public, s.placeShow},
		{"GET /organisations", public, s.organisationsList},
		{"GET /organisations.csv", public, s.organisationsExport},
		{"GET /organisations.json", public, s.organisationsExport},
		{"GET /organisations/new", staff, s.organisationNew},
		{"POST /organisations", staff, s.organisationCreate},
		{"GET /organisations/{id}", public, s.organisationShow},
		{"GET /organisations/{id}/edit", networkEditors, s.organisationEdit}, // a focal point: their own, contact details only
		{"POST /organisations/{id}", networkEditors, s.organisationUpdate},
		{"GET /people", peopleReaders, s.peopleList},
		{"GET /people.csv", peopleReaders, s.peopleExport},
		{"GET /people.json", peopleReaders, s.peopleExport},
		{"GET /people/new", networkEditors, s.personNew},
		{"POST /people", networkEditors, s.personCreate},
		{"GET /people/{id}", peopleReaders, s.personShow},
		{"GET /people/{id}/edit", networkEditors, s.personEdit},
		{"POST /people/{id}", networkEditors, s.personUpdate},
		{"POST /people/{id}/affiliations", networkEditors, s.affiliationAdd},
		{"POST /people/{id}/affiliations/{aid}/end", networkEditors, s.affiliationEnd},
		{"GET /import", staff, s.importShow},
		{"GET /import/{kind}/template.csv", staff, s.importTemplate},
		{"POST /import/{kind}", staff, s.importCheckUpload},
		{"POST /import/{kind}/confirm", staff, s.importConfirm},
		// A large file's check and save run in the background; these follow
		// them. Only the session that started a job sees it.
		{"GET /import/{kind}/jobs/{id}", staff, s.importJobShow},
		{"GET /import/{kind}/jobs/{id}/progress.json", staff, s.importJobProgress},
	}
	// The spaces and what lives in them; each part lists its routes beside
	// its handlers.
	for _, part := range [][]route{s.spaceRoutes(), s.meetingRoutes(), s.needRoutes(), s.practiceRoutes(), s.notifyRoutes(), s.documentRoutes(),
		s.streetRoutes(), s.surveyRoutes()} {
		rs = append(rs, part...)
	}
	return rs
}

// handler is an HTTP handler that returns its error instead of writing
// it, so that every failure is mapped to a status and a translated page in
// one place (Server.fail).
type handler func(w http.ResponseWriter, r *http.Request) error
