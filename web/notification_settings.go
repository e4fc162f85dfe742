package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/documents"
	"birlik/locale"
	"birlik/notify"
)

// notifySettingsPage is what notifications/settings shows.
type notifySettingsPage struct {
	Digests []digestChoice
	Follows []followedItem
	Hour    int // the digests' local hour
}

// digestChoice is one radio button of the e-mail setting.
type digestChoice struct {
	Value, Label, Hint string
}

// followedItem is one thing the account follows, named for people.
type followedItem struct {
	Kind  string
	ID    int64
	Label string
	Href  string // "" when the thing has no page (yet)
}

// notificationSettings shows the e-mail setting and what the account
// follows, with a button to stop following each.
func (s *Server) notificationSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.notify.Settings(r.Context())
	if err != nil {
		return err
	}
	f := newForm("notify.settings", url.Values{"digest": {string(st.Digest)}, "version": {strconv.Itoa(st.Version)}})
	return s.renderNotifySettings(w, r, http.StatusOK, f)
}

// notificationSettingsSave changes the e-mail setting.
func (s *Server) notificationSettingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	d := notify.Digest(r.PostFormValue("digest"))
	err := s.notify.SetDigest(r.Context(), d, version)
	if err == nil {
		return s.redirect(w, r, "/notifications/settings", "flash.notify.settings_saved")
	}
	f := newForm("notify.settings", url.Values{"digest": {string(d)}, "version": {strconv.Itoa(version)}})
	if birlik.ErrorCode(err) == birlik.ECONFLICT {
		// Show what is stored now, with the form's new version.
		st, serr := s.notify.Settings(r.Context())
		if serr != nil {
			return serr
		}
		f.Values.Set("digest", string(st.Digest))
		f.Values.Set("version", strconv.Itoa(st.Version))
	}
	status, err := f.fail(err, "digest")
	if err != nil {
		return err
	}
	return s.renderNotifySettings(w, r, status, f)
}

func (s *Server) renderNotifySettings(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	d := notifySettingsPage{Hour: s.notify.DigestHour}
	for _, dg := range notify.Digests {
		d.Digests = append(d.Digests, digestChoice{Value: string(dg),
			Label: l.T("notify.digest." + string(dg)), Hint: l.T("notify.digest_hint."+string(dg), "hour", strconv.Itoa(s.notify.DigestHour))})
	}
	follows, err := s.notify.Follows(ctx)
	if err != nil {
		return err
	}
	for _, fl := range follows {
		label, href, err := s.followLabel(ctx, l, fl.TargetKind, fl.TargetID)
		if err != nil {
			return err
		}
		d.Follows = append(d.Follows, followedItem{Kind: fl.TargetKind, ID: fl.TargetID, Label: label, Href: href})
	}
	return s.render(w, r, status, "notifications/settings", page{Title: l.T("notify.settings.title"), Form: f, Data: d})
}

// followLabel names a followed thing for the settings page, with a link
// to it. A space is named; other kinds show their kind and number until
// their parts name them here. It also names the parents of documents,
// street sites among them, which one cannot follow.
func (s *Server) followLabel(ctx context.Context, l *locale.Lang, kind string, id int64) (string, string, error) {
	if kind == notify.Space {
		sp, err := s.spaces.ByID(ctx, id)
		switch {
		case err == nil:
			return sp.NameIn(l.Code), "/spaces/" + sp.Slug, nil
		case birlik.ErrorCode(err) != birlik.ENOTFOUND:
			return "", "", err
		}
	}
	if kind == documents.Site {
		site, err := s.streets.Site(ctx, id)
		switch {
		case err == nil:
			return site.Name, "/streets/sites/" + strconv.FormatInt(id, 10), nil
		case birlik.ErrorCode(err) != birlik.ENOTFOUND:
			return "", "", err
		}
	}
	return l.T("notify.follow.item", "kind", l.T("notify.kind."+kind), "id", strconv.FormatInt(id, 10)), "", nil
}
