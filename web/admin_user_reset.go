package web

import (
	"net/http"
	"strconv"

	"birlik"
)

// adminUserReset e-mails an account a link to choose a new password: a
// reset link, or for someone who never took up their invitation, a fresh
// invitation. Earlier links stop working. A deactivated account gets none,
// since the link could not be used.
func (s *Server) adminUserReset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u, err := s.accounts.Get(ctx, id)
	if err != nil {
		return err
	}
	if !u.Active {
		return birlik.Errorf(birlik.ECONFLICT, "admin.user.error.inactive_link")
	}
	u, token, err := s.accounts.NewResetLink(ctx, u.Email)
	if err != nil {
		return err
	}
	if u.HasPassword {
		err = s.sendAdminReset(ctx, u, token)
	} else {
		err = s.sendInvitation(ctx, u, token)
	}
	to := "/admin/users/" + strconv.FormatInt(id, 10)
	if err != nil {
		s.log.ErrorContext(ctx, "send link", "user", u.ID, "error", err)
		return s.redirect(w, r, to, "flash.admin.mail_failed")
	}
	if u.HasPassword {
		return s.redirect(w, r, to, "flash.admin.reset_sent")
	}
	return s.redirect(w, r, to, "flash.admin.invited")
}
