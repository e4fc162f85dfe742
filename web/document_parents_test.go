package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"birlik/documents"
)

// TestMeetingDocumentsAndFollows: a meeting's files and follows go by
// the meeting's space. Staff attach to a meeting of a public space and
// anyone may download; a meeting of a private space is not found, to
// attach, list, download or follow, for whoever may not read it.
func TestMeetingDocumentsAndFollows(t *testing.T) {
	e := newEnv(t)
	coord := e.signedIn(coordinatorEmail)
	pub := "/documents/of/meeting/" + strconv.Itoa(fixtureMeeting)
	priv := "/documents/of/meeting/" + strconv.Itoa(fixturePrivateMeet)
	for _, p := range []string{pub, priv} {
		if res := e.uploadDocument(coord, p, "gündem.pdf", testPDF); res.StatusCode != seeOther {
			t.Fatalf("staff attaching to %s: %d\n%s", p, res.StatusCode, excerpt(res.Body))
		}
	}
	if res := e.uploadDocument(e.signedIn(focalEmail), pub, "x.pdf", testPDF); res.StatusCode != forbidden && res.StatusCode != notFound {
		t.Errorf("a focal point attaching to a meeting: %d", res.StatusCode)
	}
	ctx := e.actorOf(adminEmail)
	pubDocs, err := e.srv.documents.List(ctx, documentParents{e.srv}, documents.Meeting, fixtureMeeting)
	if err != nil || len(pubDocs) != 1 {
		t.Fatalf("the public meeting's documents: %v, %v", pubDocs, err)
	}
	privDocs, err := e.srv.documents.List(ctx, documentParents{e.srv}, documents.Meeting, fixturePrivateMeet)
	if err != nil || len(privDocs) != 1 {
		t.Fatalf("the private meeting's documents: %v, %v", privDocs, err)
	}
	page := e.get(e.client(), "/meetings/"+strconv.Itoa(fixtureMeeting))
	if !strings.Contains(page.Body, documentHref(pubDocs[0])) {
		t.Errorf("the meeting's page does not list %s:\n%s", documentHref(pubDocs[0]), page.Body[max(0, strings.Index(page.Body, "documents")-200):])
	}
	if res := e.get(e.client(), documentHref(pubDocs[0])); res.StatusCode != http.StatusOK || res.Body != string(testPDF) {
		t.Errorf("the public downloading the public meeting's file: %d", res.StatusCode)
	}
	for email, want := range map[string]int{adminEmail: ok, otherFocalEmail: notFound, viewerEmail: notFound, "": notFound} {
		if res := e.get(e.signedIn(email), documentHref(privDocs[0])); res.StatusCode != want {
			t.Errorf("%q downloading the private meeting's file: %d, want %d", email, res.StatusCode, want)
		}
	}

	// Following: a reader of the meeting may; an outsider of the private
	// space is told it does not exist.
	viewer := e.signedIn(viewerEmail)
	if res := e.post(viewer, "/follow/meeting/"+strconv.Itoa(fixtureMeeting), nil); res.StatusCode != seeOther {
		t.Errorf("following a public meeting: %d", res.StatusCode)
	}
	if ok, err := e.srv.notify.Following(e.actorOf(viewerEmail), "meeting", fixtureMeeting); err != nil || !ok {
		t.Errorf("the viewer does not follow the meeting: %v", err)
	}
	if res := e.post(viewer, "/follow/meeting/"+strconv.Itoa(fixturePrivateMeet), nil); res.StatusCode != notFound {
		t.Errorf("following a private meeting from outside: %d", res.StatusCode)
	}
}
