package web

import (
	"net/http"
	"strconv"

	"birlik"
)

// tokensRevoke stops one of the signed-in person's tokens working. Someone
// else's token id is not found, by the accounts service's own query.
func (s *Server) tokensRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err := s.accounts.RevokeAPIToken(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/profile#tokens", "flash.profile.token_revoked")
}
