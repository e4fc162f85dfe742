package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestSpacePanels: a space's page lists its upcoming meetings and the open
// follow-up actions of its meetings, each panel linking to its whole list,
// and shows nothing of another space's meetings.
func TestSpacePanels(t *testing.T) {
	e := newEnv(t)
	for _, who := range []string{"", viewerEmail, adminEmail} {
		c := e.client()
		if who != "" {
			c = e.signedIn(who)
		}
		res := e.get(c, "/spaces/"+meetingPublicSpace)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%q: status %d", who, res.StatusCode)
		}
		for _, want := range []string{
			`<a href="/meetings/1">Göç Platformu aylık toplantısı</a>`,
			`href="/spaces/` + meetingPublicSpace + `/meetings"`,
			"Rehber taslağını paylaş",
			`href="/spaces/` + meetingPublicSpace + `/actions"`,
		} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("%q: the space page lacks %q", who, want)
			}
		}
		for _, not := range []string{"Geçen ayın toplantısı", "Kapalı çalışma grubu toplantısı"} {
			if strings.Contains(res.Body, not) {
				t.Errorf("%q: the space page shows %q, a past meeting or another space's", who, not)
			}
		}
	}
}
