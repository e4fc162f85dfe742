package web

import (
	"strconv"
	"testing"

	"birlik/documents"
	"birlik/equality"
)

// TestPlanReportEvidence: a Gender Equality Plan's monitoring report
// takes evidence (documents of kind plan_report) from who may change the
// report — the plan's municipality's focal point, union staff — and a
// draft plan's evidence does not exist for anyone else.
func TestPlanReportEvidence(t *testing.T) {
	e := newEnv(t)
	ctx := e.actorOf(focalEmail)
	plan := &equality.Plan{OrgID: ownOrg, Title: "Kadıköy Eşitlik Planı", StartDate: "2025-01-01", EndDate: "2027-12-31"}
	if err := e.srv.equality.SavePlan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	report := &equality.Report{PlanID: plan.ID, Period: "2025", Narrative: "İlk yılın raporu."}
	if err := e.srv.equality.SaveReport(ctx, report); err != nil {
		t.Fatal(err)
	}
	path := "/documents/of/" + documents.PlanReport + "/" + strconv.FormatInt(report.ID, 10)
	for email, want := range map[string]int{focalEmail: seeOther, coordinatorEmail: seeOther, otherFocalEmail: notFound, viewerEmail: notFound} {
		if res := e.uploadDocument(e.signedIn(email), path, "kanıt.pdf", testPDF); res.StatusCode != want {
			t.Errorf("%s attaching evidence to a draft plan's report: %d, want %d", email, res.StatusCode, want)
		}
	}
	docs, err := e.srv.documents.List(e.actorOf(adminEmail), documentParents{e.srv}, documents.PlanReport, report.ID)
	if err != nil || len(docs) != 2 {
		t.Fatalf("the report's evidence: %v, %v", docs, err)
	}
	for email, want := range map[string]int{focalEmail: ok, otherFocalEmail: notFound, "": notFound} {
		if res := e.get(e.signedIn(email), documentHref(docs[0])); res.StatusCode != want {
			t.Errorf("%q downloading a draft plan's evidence: %d, want %d", email, res.StatusCode, want)
		}
	}
}
