package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/locale"
	"birlik/mail"
	"birlik/network"
)

// Shared by the account pages: the organisation and role choices, and the
// e-mails an admin sends (invitations, reset links).

// orgGroup is one <optgroup> of the organisation select: a province and
// its municipalities.
type orgGroup struct {
	Label   string
	Options []option
}

// orgChoices is what the organisation select offers. Without JavaScript a
// plain select is the one control that works for 200+ organisations by
// keyboard (typing a name's first letters jumps to it); grouping by
// province keeps it readable. Extra holds a current value that is not a
// municipality (set from the command line, say), so that saving the form
// never drops it silently.
type orgChoices struct {
	Groups []orgGroup
	Extra  []option
	names  map[string]string
}

// municipalities returns every municipality, ordered by province and
// name. The list is read page by page: there are more than one page holds.
func (s *Server) municipalities(ctx context.Context) ([]network.Organisation, error) {
	var out []network.Organisation
	for page := 1; ; page++ {
		orgs, total, err := s.network.Organisations(ctx, network.OrgFilter{Kind: network.Municipality, Sort: "province", Page: page, PerPage: network.MaxPerPage})
		if err != nil {
			return nil, err
		}
		out = append(out, orgs...)
		if len(orgs) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

// orgChoices builds the organisation select, making sure each of the
// current values is among the options.
func (s *Server) orgChoices(ctx context.Context, current ...string) (orgChoices, error) {
	orgs, err := s.municipalities(ctx)
	if err != nil {
		return orgChoices{}, err
	}
	c := orgChoices{names: map[string]string{}}
	seen := map[string]int{}
	for _, o := range orgs {
		seen[o.Name]++
	}
	for _, o := range orgs {
		// Some names recur (there is a Kadıköy in İstanbul and in Yalova):
		// outside the select's groups the province tells them apart.
		c.names[o.ID] = o.Name
		if seen[o.Name] > 1 && o.ProvinceName != "" {
			c.names[o.ID] = o.Name + " (" + o.ProvinceName + ")"
		}
		label := o.ProvinceName
		if n := len(c.Groups); n == 0 || c.Groups[n-1].Label != label {
			c.Groups = append(c.Groups, orgGroup{Label: label})
		}
		g := &c.Groups[len(c.Groups)-1]
		g.Options = append(g.Options, option{Value: o.ID, Label: o.Name})
	}
	for _, id := range current {
		if id == "" || c.names[id] != "" {
			continue
		}
		name := s.orgName(ctx, id)
		c.names[id] = name
		c.Extra = append(c.Extra, option{Value: id, Label: name})
	}
	return c, nil
}

// Name returns the name of a listed organisation, or its id.
func (c orgChoices) Name(id string) string {
	if n := c.names[id]; n != "" {
		return n
	}
	return id
}

// orgName returns an organisation's name, or its id when it cannot be
// read: a name is a courtesy on these pages, never worth failing them.
func (s *Server) orgName(ctx context.Context, id string) string {
	o, err := s.network.Organisation(ctx, id)
	if err != nil || o.Name == "" {
		return id
	}
	return o.Name
}

// roleOptions lists the roles with their names in the reader's language,
// after an optional first choice with an empty value.
func roleOptions(l *locale.Lang, first string) []option {
	var out []option
	if first != "" {
		out = append(out, option{Value: "", Label: l.T(first)})
	}
	for _, r := range birlik.Roles {
		out = append(out, option{Value: string(r), Label: l.T("account.role." + string(r))})
	}
	return out
}

// langOptions lists the offered languages by their own names.
func (s *Server) langOptions() []option {
	var out []option
	for _, l := range s.cat.Langs() {
		out = append(out, option{Value: l.Code, Label: l.Name})
	}
	return out
}

// pathID reads a numeric id from the path; anything else is not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return id, nil
}

// mailLang is the language to write to an account in: its own, or the
// default.
func (s *Server) mailLang(u *accounts.User) *locale.Lang {
	return s.cat.Match("", u.Lang, locale.Default)
}

// sendInvitation e-mails an invitation link, valid InviteTTL, in the
// invitee's language.
func (s *Server) sendInvitation(ctx context.Context, u *accounts.User, token string) error {
	l := s.mailLang(u)
	inviter := birlik.ActorFrom(ctx).Email
	until := s.accounts.Now().Add(s.accounts.InviteTTL)
	return s.mail.Send(ctx, mail.Message{
		To:      u.Email,
		Subject: l.T("mail.invite.subject"),
		Text: l.T("mail.invite.body", "link", s.cfg.BaseURL+"/password/set/"+token,
			"inviter", inviter, "email", u.Email, "until", l.Date(until.In(time.UTC))),
	})
}

// sendAdminReset e-mails a reset link an admin asked for, valid ResetTTL,
// in the account's language.
func (s *Server) sendAdminReset(ctx context.Context, u *accounts.User, token string) error {
	l := s.mailLang(u)
	return s.mail.Send(ctx, mail.Message{
		To:      u.Email,
		Subject: l.T("mail.admin_reset.subject"),
		Text: l.T("mail.admin_reset.body", "link", s.cfg.BaseURL+"/password/set/"+token,
			"minutes", int(s.accounts.ResetTTL.Minutes())),
	})
}
