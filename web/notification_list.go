package web

import (
	"net/http"
	"strconv"

	"birlik/notify"
)

// notificationsPage is what notifications/list shows.
type notificationsPage struct {
	Items      []notificationItem
	Unread     int
	OnlyUnread bool
	Older      string // link to the next page, "" on the last
}

// notificationItem is one notification, translated.
type notificationItem struct {
	notify.Notification
	Text string
}

// notificationList shows the account's notifications, newest first, the
// unread ones marked, with buttons to mark them read. ?unread=1 keeps to
// the unread; ?before= pages back.
func (s *Server) notificationList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := notify.ListFilter{Unread: q.Get("unread") == "1", Limit: 30}
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && b > 0 {
		f.Before = b
	}
	list, more, err := s.notify.List(ctx, f)
	if err != nil {
		return err
	}
	unread, err := s.notify.UnreadCount(ctx)
	if err != nil {
		return err
	}
	l := reqInfo(r).lang
	d := notificationsPage{Unread: unread, OnlyUnread: f.Unread}
	for _, n := range list {
		d.Items = append(d.Items, notificationItem{Notification: n, Text: n.Text(l)})
	}
	if more {
		d.Older = setQuery(q, "before", list[len(list)-1].ID)
	}
	return s.render(w, r, http.StatusOK, "notifications/list", page{Title: l.T("notify.list.title"), Data: d})
}

// unreadCount is how many notifications the signed-in account has not
// read, for the header; 0 for the public or when it cannot be counted
// (the page must not fail for a badge).
func (s *Server) unreadCount(r *http.Request) int {
	n, err := s.notify.UnreadCount(r.Context())
	if err != nil {
		s.log.WarnContext(r.Context(), "unread notifications", "error", err)
		return 0
	}
	return n
}
