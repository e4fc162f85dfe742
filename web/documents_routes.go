package web

// documentRoutes are the routes of files attached to spaces, meetings,
// needs and practices. Who may read or attach is the parent's rule
// (documentParents), checked by package documents on every request: the
// public read what belongs to public parents.
func (s *Server) documentRoutes() []route {
	return []route{
		{"GET /documents/of/{kind}/{id}", public, s.documentList},
		{"POST /documents/of/{kind}/{id}", signedIn, s.documentCreate},
		{"GET /documents/{id}/{name}", public, s.documentDownload},
		{"POST /documents/{id}/delete", signedIn, s.documentDelete},
	}
}
