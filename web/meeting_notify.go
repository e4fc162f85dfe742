package web

import (
	"net/http"

	"birlik/meetings"
	"birlik/notify"
	"birlik/spaces"
)

// tellMeeting tells the followers of a meeting and of its space what
// happened to it (key is a notify.event.meeting_* message). The space's
// name and the meeting's date are given in every language, since each
// follower reads the notice in their own. It runs after the change is
// stored: a failure is logged and the change stands.
func (s *Server) tellMeeting(r *http.Request, kind, key string, sp *spaces.Space, m *meetings.Meeting) {
	ctx := r.Context()
	space, date := map[string]string{}, map[string]string{}
	for _, l := range s.cat.Langs() {
		space[l.Code] = sp.NameIn(l.Code)
		date[l.Code] = l.DateTime(m.StartsAt.In(s.loc))
	}
	_, err := s.notify.Publish(ctx, nil, notify.Event{Kind: kind, TargetKind: notify.Meeting, TargetID: m.ID, SpaceID: sp.ID,
		Key: key, Args: map[string]any{"space": space, "title": m.Title, "date": date}, URL: meetingPath(m.ID)})
	if err != nil {
		s.log.WarnContext(ctx, "notify meeting", "meeting", m.ID, "kind", kind, "error", err)
	}
}
