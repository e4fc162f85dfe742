package web

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes the JSON API in OpenAPI 3.1. It is written by
// hand, beside the handlers it describes; TestOpenAPIMatchesResponses
// checks it against their real answers, and TestOpenAPIRoutes against
// routes() and the parameters each route accepts.
//
//go:embed openapi.json
var openAPIDocument []byte

// apiOpenAPI serves the API's description.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	if _, ok, err := s.apiQuery(w, r); !ok {
		return err
	}
	return s.apiWriteBody(w, r, openAPIDocument, true)
}
