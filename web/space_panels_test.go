package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"birlik/documents"
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

// TestSpaceNeedsPanels: signed-in readers see the space's needs in
// figures, with a way to raise one for whoever may; everyone sees the
// latest published recommendations, never a draft.
func TestSpaceNeedsPanels(t *testing.T) {
	e := newEnv(t)
	anon := e.get(e.client(), "/spaces/"+needsPublicSpace)
	if !strings.Contains(anon.Body, `<a href="/recommendations/1">Ortak tercüman havuzu</a>`) || strings.Contains(anon.Body, "Taslak öneri") {
		t.Errorf("the public's recommendations panel is wrong\n%s", excerpt(anon.Body))
	}
	if strings.Contains(anon.Body, "Açık ihtiyaçlar") || strings.Contains(anon.Body, "/needs/new") {
		t.Error("the public see the needs panel")
	}
	focal := e.get(e.signedIn(focalEmail), "/spaces/"+needsPublicSpace)
	for _, want := range []string{"<dt>Açık ihtiyaçlar</dt><dd>2</dd>", "<dt>Yanıtlanan ihtiyaçlar</dt><dd>0</dd>",
		`href="/spaces/` + needsPublicSpace + `/needs/new"`, `href="/spaces/` + needsPublicSpace + `/needs/dashboard"`} {
		if !strings.Contains(focal.Body, want) {
			t.Errorf("the focal point's needs panel lacks %q", want)
		}
	}
	if v := e.get(e.signedIn(viewerEmail), "/spaces/"+needsPublicSpace); strings.Contains(v.Body, "/needs/new") {
		t.Error("a viewer is offered to raise a need")
	}
}

// TestNeedDocumentsAndFollows: a need's files are attached by its
// municipality's focal point or staff and read by whoever reads the need;
// a need of a private space is not found from outside, to follow either.
func TestNeedDocumentsAndFollows(t *testing.T) {
	e := newEnv(t)
	own := "/documents/of/need/" + strconv.Itoa(fixtureOwnNeed)
	if res := e.uploadDocument(e.signedIn(focalEmail), own, "rapor.pdf", testPDF); res.StatusCode != seeOther {
		t.Fatalf("the focal point attaching to their need: %d\n%s", res.StatusCode, excerpt(res.Body))
	}
	if res := e.uploadDocument(e.signedIn(otherFocalEmail), own, "x.pdf", testPDF); res.StatusCode != forbidden && res.StatusCode != notFound {
		t.Errorf("another municipality attaching to the need: %d", res.StatusCode)
	}
	docs, err := e.srv.documents.List(e.actorOf(adminEmail), documentParents{e.srv}, documents.Need, fixtureOwnNeed)
	if err != nil || len(docs) != 1 {
		t.Fatalf("the need's documents: %v, %v", docs, err)
	}
	if page := e.get(e.signedIn(otherFocalEmail), "/needs/"+strconv.Itoa(fixtureOwnNeed)); !strings.Contains(page.Body, documentHref(docs[0])) {
		t.Error("the need's page does not list its document for another municipality that reads it")
	}
	hidden := "/documents/of/need/" + strconv.Itoa(fixtureHiddenNeed)
	if res := e.get(e.signedIn(focalEmail), hidden); res.StatusCode != notFound {
		t.Errorf("an outsider listing a private space's need's documents: %d", res.StatusCode)
	}
	c := e.signedIn(focalEmail)
	if res := e.post(c, "/follow/need/"+strconv.Itoa(fixtureOwnNeed), nil); res.StatusCode != seeOther {
		t.Errorf("following a need: %d", res.StatusCode)
	}
	if res := e.post(c, "/follow/recommendation/"+strconv.Itoa(fixturePublicRec), nil); res.StatusCode != seeOther {
		t.Errorf("following a recommendation: %d", res.StatusCode)
	}
	if res := e.post(c, "/follow/need/"+strconv.Itoa(fixtureHiddenNeed), nil); res.StatusCode != notFound {
		t.Errorf("following a private space's need from outside: %d", res.StatusCode)
	}
	if res := e.post(c, "/follow/recommendation/"+strconv.Itoa(fixtureDraftRec), nil); res.StatusCode != notFound {
		t.Errorf("a focal point following a draft: %d", res.StatusCode)
	}
}

// TestSpacePracticesPanel: a space's page lists the practices shared in
// it, for those who may read the space.
func TestSpacePracticesPanel(t *testing.T) {
	e := newEnv(t)
	page := e.get(e.signedIn(focalEmail), "/spaces/"+practicesPrivateSpace)
	for _, want := range []string{`<a href="/practices/5" lang="fr">Accueil des réfugiés âgés</a>`, "1 paylaşılan uygulama",
		`href="/practices/new?space=` + practicesPrivateSpace + `"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the space's practices panel lacks %q\n%s", want, excerpt(page.Body))
		}
	}
}

// TestPracticeDocumentsAndFollows: a practice's files are attached by its
// municipality (or staff) and read by whoever reads the practice; a
// draft's and a private space's are not found from outside.
func TestPracticeDocumentsAndFollows(t *testing.T) {
	e := newEnv(t)
	own := "/documents/of/practice/" + strconv.Itoa(fixtureOwnPractice)
	if res := e.uploadDocument(e.signedIn(focalEmail), own, "fotoğraf.pdf", testPDF); res.StatusCode != seeOther {
		t.Fatalf("the focal point attaching to their practice: %d\n%s", res.StatusCode, excerpt(res.Body))
	}
	if res := e.uploadDocument(e.signedIn(otherFocalEmail), own, "x.pdf", testPDF); res.StatusCode != forbidden && res.StatusCode != notFound {
		t.Errorf("another municipality attaching to the practice: %d", res.StatusCode)
	}
	docs, err := e.srv.documents.List(e.actorOf(adminEmail), documentParents{e.srv}, documents.Practice, fixtureOwnPractice)
	if err != nil || len(docs) != 1 {
		t.Fatalf("the practice's documents: %v, %v", docs, err)
	}
	if page := e.get(e.client(), "/practices/"+strconv.Itoa(fixtureOwnPractice)); !strings.Contains(page.Body, documentHref(docs[0])) {
		t.Error("the practice's page does not list its document for the public")
	}
	for _, id := range []int{fixtureOwnDraft, fixturePrivatePractice} {
		if res := e.get(e.signedIn(otherFocalEmail), "/documents/of/practice/"+strconv.Itoa(id)); res.StatusCode != notFound {
			t.Errorf("another municipality listing practice %d's documents: %d", id, res.StatusCode)
		}
		if res := e.post(e.signedIn(otherFocalEmail), "/follow/practice/"+strconv.Itoa(id), nil); res.StatusCode != notFound {
			t.Errorf("another municipality following practice %d: %d", id, res.StatusCode)
		}
	}
	if res := e.post(e.signedIn(otherFocalEmail), "/follow/practice/"+strconv.Itoa(fixtureOwnPractice), nil); res.StatusCode != seeOther {
		t.Errorf("following a published practice: %d", res.StatusCode)
	}
}
