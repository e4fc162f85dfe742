package needs

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"birlik"
	"birlik/store"
	"birlik/store/storetest"
)

func TestRaiseScoping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		tests := []struct {
			name  string
			ctx   context.Context
			space int64
			org   string
			want  string
		}{
			{"focal point for their own municipality", f.focal, f.public, "", ""},
			{"focal point naming their own municipality", f.focal, f.public, ownOrg, ""},
			{"focal point for another municipality", f.focal, f.public, otherOrg, birlik.EFORBIDDEN},
			{"focal point in a private space they are not in", f.focal, f.private, "", birlik.ENOTFOUND},
			{"member focal point in their private space", f.other, f.private, "", ""},
			{"staff for any municipality", f.coord, f.private, otherOrg, ""},
			{"staff without a municipality", f.admin, f.public, "", birlik.EINVALID},
			{"staff for an organisation that is not a municipality", f.admin, f.public, "marmara", birlik.EINVALID},
			{"viewer", f.viewer, f.public, "", birlik.EFORBIDDEN},
			{"public", f.anon, f.public, "", birlik.EFORBIDDEN},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				n := &Need{SpaceID: tc.space, OrgID: tc.org, Title: "Mülteci çocuklar için Türkçe dersi", Urgency: Medium, Themes: []string{"education"}}
				err := f.svc.Create(tc.ctx, n)
				if code(err) != tc.want {
					t.Fatalf("got %v, want code %q", err, tc.want)
				}
				if err == nil && (n.ID == 0 || n.Status != Submitted || n.OrgID == "") {
					t.Errorf("stored need %+v", n)
				}
			})
		}
		// Validation lists every problem.
		err := f.svc.Create(f.focal, &Need{SpaceID: f.public, Urgency: "soon", Themes: []string{"nothing"}})
		fields := birlik.FieldErrors(err)
		for _, name := range []string{"title", "urgency", "themes"} {
			if fields[name] == "" {
				t.Errorf("no error for %s in %v", name, err)
			}
		}
	})
}

func TestReadScoping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		pub := f.raise(f.focal, f.public, "Göçmen kadınlar için danışma hattı", "migration")
		priv := f.raise(f.other, f.private, "Evsizler için kış barınağı", "housing")
		// Kadıköy's focal point reads the public space's needs, not the
		// private one's; Nilüfer's, a member there, reads both.
		if _, err := f.svc.Need(f.focal, priv.ID); code(err) != birlik.ENOTFOUND {
			t.Errorf("focal point read a private space's need: %v", err)
		}
		if _, err := f.svc.Need(f.other, priv.ID); err != nil {
			t.Errorf("member read: %v", err)
		}
		if _, err := f.svc.Need(f.anon, pub.ID); code(err) != birlik.EFORBIDDEN {
			t.Errorf("public read a need: %v", err)
		}
		list, total, err := f.svc.Needs(f.focal, NeedFilter{})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != pub.ID {
			t.Errorf("focal point's list: %d needs (total %d), %v", len(list), total, err)
		}
		if _, total, _ := f.svc.Needs(f.coord, NeedFilter{}); total != 2 {
			t.Errorf("staff list total %d, want 2", total)
		}
		// Counting in the dashboard follows the same rule.
		d, err := f.svc.Dashboard(f.focal, 0)
		if err != nil {
			t.Fatal(err)
		}
		if d.All.Total() != 1 {
			t.Errorf("focal point's dashboard counts %d needs", d.All.Total())
		}
		// Editing: their own municipality's only, in the query.
		other := f.raise(f.other, f.public, "Engelli erişimi için rampa", "health")
		other.Title = "Kadıköy'den değiştirildi"
		if err := f.svc.Update(f.focal, other); code(err) != birlik.ENOTFOUND {
			t.Errorf("focal point edited another municipality's need: %v", err)
		}
		pub.Title = "Göçmen kadınlar için çok dilli danışma hattı"
		if err := f.svc.Update(f.focal, pub); err != nil || pub.Version != 2 {
			t.Errorf("own edit: %v (version %d)", err, pub.Version)
		}
		stale := *pub
		stale.Version = 1
		if err := f.svc.Update(f.focal, &stale); code(err) != birlik.ECONFLICT {
			t.Errorf("stale edit: %v", err)
		}
		// Co-signing a need of a private space one cannot read: not found.
		if err := f.svc.Cosign(f.focal, priv.ID, "", nil); code(err) != birlik.ENOTFOUND {
			t.Errorf("co-signed a hidden need: %v", err)
		}
		// Search on the title, the Turkish way.
		list, _, _ = f.svc.Needs(f.coord, NeedFilter{Query: "GÖÇMEN KADINLAR"})
		if len(list) != 1 || list[0].ID != pub.ID {
			t.Errorf("Turkish search found %d", len(list))
		}
		list, _, _ = f.svc.Needs(f.coord, NeedFilter{Theme: "housing"})
		if len(list) != 1 || list[0].ID != priv.ID {
			t.Errorf("theme filter found %d", len(list))
		}
	})
}

func TestWorkflowTimings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		n := f.raise(f.focal, f.public, "Yaşlılar için evde bakım", "care")
		if err := f.svc.Review(f.focal, n.ID, 0); code(err) != birlik.EFORBIDDEN {
			t.Errorf("focal point reviewed: %v", err)
		}
		f.clock.add(26*time.Hour + 30*time.Minute)
		if err := f.svc.Review(f.coord, n.ID, n.Version); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Review(f.coord, n.ID, 0); code(err) != birlik.ECONFLICT {
			t.Errorf("reviewed twice: %v", err)
		}
		got, _ := f.svc.Need(f.coord, n.ID)
		if got.Status != UnderReview || got.ResponseHours == nil || *got.ResponseHours != 26 || got.FirstResponseAt == nil {
			t.Fatalf("after review: %+v", got)
		}
		// Answered by publishing a recommendation, 10 days after raising.
		f.clock.add(10*24*time.Hour - 26*time.Hour - 30*time.Minute)
		r := &Recommendation{SpaceID: f.public, Title: "Evde bakım hizmeti modeli", Summary: "Özet", Level: LevelMunicipality,
			Rights: []string{"public_services"}, SDGs: []string{"3", "10"}, NeedIDs: []int64{n.ID}}
		if err := f.svc.CreateRecommendation(f.coord, r); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.svc.Need(f.coord, n.ID); got.Status != UnderReview {
			t.Errorf("a draft answered the need: %s", got.Status)
		}
		if err := f.svc.Publish(f.coord, r.ID, Members, r.Version); err != nil {
			t.Fatal(err)
		}
		got, _ = f.svc.Need(f.coord, n.ID)
		if got.Status != Answered || got.AnswerHours == nil || *got.AnswerHours != 240 || *got.ResponseHours != 26 {
			t.Fatalf("after publishing: status %s, answer %v", got.Status, got.AnswerHours)
		}
		hist, err := f.svc.History(f.focal, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range hist {
			actions = append(actions, e.Action)
		}
		if len(hist) != 3 || hist[0].Action != ActSubmit || hist[1].Action != ActReview || hist[2].Action != ActAnswer ||
			hist[2].RefID != r.ID || hist[2].FromStatus != UnderReview || !hist[2].At.Equal(*got.AnsweredAt) {
			t.Errorf("history %v", actions)
		}
		// Closing: from submitted, with a reason; "other" needs a note.
		c := f.raise(f.focal, f.public, "Bağımlılık danışmanlığı", "addiction")
		f.clock.add(5 * time.Hour)
		if err := f.svc.Close(f.coord, c.ID, 0, "other", ""); birlik.FieldErrors(err)["note"] == "" {
			t.Errorf("closed as other without a note: %v", err)
		}
		if err := f.svc.Close(f.coord, c.ID, 0, "bored", "x"); birlik.FieldErrors(err)["reason"] == "" {
			t.Errorf("closed with an unknown reason: %v", err)
		}
		if err := f.svc.Close(f.coord, c.ID, 0, "resolved_locally", "İlçe kendi kaynağıyla çözdü"); err != nil {
			t.Fatal(err)
		}
		got, _ = f.svc.Need(f.coord, c.ID)
		if got.Status != Closed || got.CloseReason != "resolved_locally" || *got.ResponseHours != 5 || got.AnswerHours != nil || got.ClosedAt == nil {
			t.Errorf("closed need %+v", got)
		}
		if err := f.svc.Update(f.focal, got); code(err) != birlik.ECONFLICT {
			t.Errorf("edited a closed need: %v", err)
		}
	})
}

func TestMergeCountsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		kept := f.raise(f.focal, f.public, "Mülteciler için psikososyal destek", "psychosocial_support") // Kadıköy, 100 people
		dup := f.raise(f.other, f.public, "Mültecilere psikososyal destek", "psychosocial_support")      // Nilüfer, 100 people
		// Üsküdar has both needs; Nilüfer co-signs the kept one too.
		if err := f.svc.Cosign(f.coord, kept.ID, thirdOrg, ptr(40)); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Cosign(f.coord, dup.ID, thirdOrg, ptr(40)); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Cosign(f.other, kept.ID, "", ptr(100)); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Cosign(f.other, kept.ID, "", nil); code(err) != birlik.ECONFLICT {
			t.Errorf("co-signed twice: %v", err)
		}
		if err := f.svc.Cosign(f.focal, kept.ID, "", nil); code(err) != birlik.ECONFLICT {
			t.Errorf("co-signed its own need: %v", err)
		}
		if err := f.svc.Cosign(f.focal, dup.ID, otherOrg, nil); code(err) != birlik.EFORBIDDEN {
			t.Errorf("co-signed for another municipality: %v", err)
		}
		if err := f.svc.Merge(f.focal, dup.ID, kept.ID); code(err) != birlik.EFORBIDDEN {
			t.Errorf("focal point merged: %v", err)
		}
		if err := f.svc.Merge(f.coord, dup.ID, dup.ID); code(err) != birlik.EINVALID {
			t.Errorf("merged into itself: %v", err)
		}
		if err := f.svc.Merge(f.coord, dup.ID, kept.ID); err != nil {
			t.Fatal(err)
		}
		k, _ := f.svc.Need(f.coord, kept.ID)
		d, _ := f.svc.Need(f.coord, dup.ID)
		// Kadıköy raised it; Üsküdar and Nilüfer co-sign, once each.
		if k.Organisations() != 3 || k.CosignOrgs != 2 || k.People() != 100+40+100 {
			t.Errorf("kept: %d organisations, %d people", k.Organisations(), k.People())
		}
		cos, _ := f.svc.Cosigns(f.coord, kept.ID)
		if len(cos) != 2 {
			t.Errorf("kept has %d co-signers", len(cos))
		}
		if d.Status != Closed || d.CloseReason != ReasonMerged || d.MergedInto != kept.ID || d.CosignOrgs != 0 {
			t.Errorf("duplicate: %+v", d)
		}
		if err := f.svc.Cosign(f.coord, dup.ID, "istanbul-besiktas", nil); code(err) != birlik.ECONFLICT {
			t.Errorf("co-signed a merged need: %v", err)
		}
		// A municipality that raised the duplicate and not the kept one
		// moves over with its people.
		a := f.raise(f.focal, f.public, "Göçmen çocuklar için okul uyumu", "education")
		b := f.raise(f.other, f.public, "Göçmen çocukların okula uyumu", "education")
		if err := f.svc.Merge(f.admin, b.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		a2, _ := f.svc.Need(f.coord, a.ID)
		if a2.Organisations() != 2 || a2.People() != 200 {
			t.Errorf("after merge: %d organisations, %d people", a2.Organisations(), a2.People())
		}
		hist, _ := f.svc.History(f.coord, a.ID)
		if last := hist[len(hist)-1]; last.Action != ActAbsorb || last.RefID != b.ID {
			t.Errorf("kept need's last event %+v", last)
		}
	})
}

func TestRecommendationVersionsAndReach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		n := f.raise(f.focal, f.public, "Kreş kapasitesi", "care")
		r := &Recommendation{SpaceID: f.public, Title: "Mahalle kreşleri", Summary: "İlk metin", Level: LevelUnion, NeedIDs: []int64{n.ID}}
		if err := f.svc.CreateRecommendation(f.focal, r); code(err) != birlik.EFORBIDDEN {
			t.Errorf("focal point drafted: %v", err)
		}
		// An expert of the space drafts; a draft is theirs and staff's.
		if err := f.svc.CreateRecommendation(f.expertCtx, r); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Recommendation(f.focal, r.ID); code(err) != birlik.ENOTFOUND {
			t.Errorf("focal point read a draft: %v", err)
		}
		r.Summary = "Taslakta düzeltildi"
		if err := f.svc.UpdateRecommendation(f.expertCtx, r); err != nil || r.Revision != 1 {
			t.Fatalf("draft edit: %v, revision %d", err, r.Revision)
		}
		if err := f.svc.Endorse(f.focal, r.ID, "", ""); code(err) != birlik.ENOTFOUND {
			t.Errorf("endorsed an unreadable draft: %v", err)
		}
		if err := f.svc.Publish(f.expertCtx, r.ID, Public, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Recommendation(f.anon, r.ID); err != nil {
			t.Errorf("public cannot read a public recommendation: %v", err)
		}
		r, _ = f.svc.Recommendation(f.coord, r.ID)
		r.Summary = "Yayından sonra genişletildi"
		if err := f.svc.UpdateRecommendation(f.coord, r); err != nil || r.Revision != 2 {
			t.Fatalf("published edit: %v, revision %d", err, r.Revision)
		}
		vs, err := f.svc.Versions(f.focal, r.ID)
		if err != nil || len(vs) != 2 || vs[1].Summary != "Taslakta düzeltildi" || vs[0].Summary != "Yayından sonra genişletildi" {
			t.Fatalf("versions %+v, %v", vs, err)
		}
		// Reach: Kadıköy endorses and adopts, Nilüfer reports not
		// applicable then in progress (replacing), Üsküdar (by staff)
		// endorses.
		if err := f.svc.Endorse(f.focal, r.ID, "", "Destekliyoruz"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Endorse(f.focal, r.ID, "", ""); code(err) != birlik.ECONFLICT {
			t.Errorf("endorsed twice: %v", err)
		}
		if err := f.svc.Endorse(f.focal, r.ID, otherOrg, ""); code(err) != birlik.EFORBIDDEN {
			t.Errorf("endorsed for another municipality: %v", err)
		}
		if err := f.svc.Endorse(f.coord, r.ID, thirdOrg, ""); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			ctx    context.Context
			status AdoptionStatus
			on     string
		}{{f.focal, Adopted, "2026-02-01"}, {f.other, NotApplicable, "2026-02-10"}, {f.other, InProgress, "2026-03-01"}}
		for _, s := range steps {
			if err := f.svc.ReportAdoption(s.ctx, r.ID, "", s.status, s.on, ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.svc.ReportAdoption(f.focal, r.ID, "", Adopted, "2027-01-01", ""); birlik.FieldErrors(err)["on"] == "" {
			t.Errorf("adoption in the future: %v", err)
		}
		reach, err := f.svc.Reach(f.viewer, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := Reach{Endorsements: 2, Adopted: 1, InProgress: 1, NotApplicable: 0, Organisations: 3}
		if *reach != want {
			t.Errorf("reach %+v, want %+v", *reach, want)
		}
	})
}

func TestDashboardFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// Five needs in March: response after 1, 2, 3, 4 and 50 hours;
		// two answered after 10 and 100 hours.
		var ids []int64
		for i, th := range []string{"care", "care", "care", "migration", "migration"} {
			n := f.raise(f.focal, f.public, "İhtiyaç", th)
			ids = append(ids, n.ID)
			_ = i
		}
		base := f.clock.now()
		at := func(h int) { f.clock.t = base.Add(time.Duration(h) * time.Hour) }
		for i, h := range []int{1, 2, 3, 4, 50} {
			at(h)
			if err := f.svc.Review(f.coord, ids[i], 0); err != nil {
				t.Fatal(err)
			}
		}
		for i, h := range []int{10, 100} {
			at(h)
			r := &Recommendation{SpaceID: f.public, Title: "Öneri", Summary: "Özet", Level: LevelUnion, NeedIDs: []int64{ids[i]}}
			if err := f.svc.CreateRecommendation(f.coord, r); err != nil {
				t.Fatal(err)
			}
			if err := f.svc.Publish(f.coord, r.ID, Members, 0); err != nil {
				t.Fatal(err)
			}
		}
		// One in the private space, in April, still submitted.
		f.clock.t = time.Date(2026, 4, 5, 0, 0, 0, 0, time.UTC)
		f.raise(f.other, f.private, "Gizli alan ihtiyacı", "care")

		check := func(d *Dashboard) {
			t.Helper()
			if d.All.Total() != 6 || d.All.Answered != 2 || d.All.UnderReview != 3 || d.All.Submitted != 1 {
				t.Errorf("all: %+v", d.All)
			}
			if m := *d.All.ResponseMedian; m != 3 {
				t.Errorf("response median %d, want 3", m)
			}
			if p := *d.All.ResponseP90; p != 50 {
				t.Errorf("response p90 %d, want 50", p)
			}
			if d.All.AnswerMedian == nil || *d.All.AnswerMedian != 10 || *d.All.AnswerP90 != 96 {
				t.Errorf("answer median %v p90 %v", d.All.AnswerMedian, d.All.AnswerP90)
			}
			if len(d.ByMonth) != 2 || d.ByMonth[0].Key != "2026-03" || d.ByMonth[0].Total() != 5 || d.ByMonth[1].Total() != 1 {
				t.Errorf("by month %+v", d.ByMonth)
			}
			if len(d.ByTheme) != 2 || d.ByTheme[0].Key != "migration" || d.ByTheme[1].Key != "care" {
				t.Fatalf("by theme %+v", d.ByTheme)
			}
			care := d.ByTheme[1]
			if care.Total() != 4 || care.Answered != 2 || *care.ResponseMedian != 2 || *care.AnswerP90 != 96 {
				t.Errorf("care %+v", care)
			}
			if len(d.BySpace) != 2 {
				t.Errorf("by space %+v", d.BySpace)
			}
		}
		d, err := f.svc.Dashboard(f.coord, 0)
		if err != nil {
			t.Fatal(err)
		}
		check(d)
		// Nilüfer's focal point reads the private space too: from the
		// public group's rows and the private space's own, histograms
		// summed, the same figures as staff read from every space's.
		if d, err = f.svc.Dashboard(f.other, 0); err != nil {
			t.Fatal(err)
		}
		check(d)
		// Kadıköy's reads the public group's alone, without the private
		// space's need.
		d, _ = f.svc.Dashboard(f.focal, 0)
		if d.All.Total() != 5 || d.All.Submitted != 0 || len(d.BySpace) != 1 || len(d.ByMonth) != 1 || *d.All.ResponseMedian != 3 ||
			*d.All.ResponseP90 != 50 || len(d.ByTheme) != 2 || d.ByTheme[1].Total() != 3 || *d.ByTheme[1].AnswerMedian != 10 {
			t.Errorf("focal point: %s", dump(d))
		}
		// The rollups rebuilt from the records say the same, to every
		// reader.
		before := dashboards(t, f)
		if err := f.svc.RebuildStats(f.admin); err != nil {
			t.Fatal(err)
		}
		compareDashboards(t, before, dashboards(t, f))
		d, _ = f.svc.Dashboard(f.coord, 0)
		check(d)
		// One space; and a focal point outside the private space.
		d, _ = f.svc.Dashboard(f.coord, f.private)
		if d.All.Total() != 1 || len(d.ByTheme) != 1 || len(d.BySpace) != 1 || d.BySpace[0].Key != "test-private" {
			t.Errorf("private space: %+v", d.All)
		}
		d, _ = f.svc.Dashboard(f.focal, f.private)
		if d.All.Total() != 0 || len(d.BySpace) != 0 || len(d.ByTheme) != 0 || len(d.ByMonth) != 0 {
			t.Errorf("focal point sees %d needs of a private space", d.All.Total())
		}
		sum, err := f.svc.SpaceSummary(f.focal, f.public)
		if err != nil || sum.Open != 3 || sum.Answered != 2 || *sum.AnswerMedian != 10 || len(sum.Latest) != 2 {
			t.Errorf("summary %+v, %v", sum, err)
		}
		if sum, err := f.svc.SpaceSummary(f.focal, f.private); err != nil || sum.Open != 0 || sum.AnswerMedian != nil {
			t.Errorf("summary of a private space to a non-member %+v, %v", sum, err)
		}
		// A space made private after its needs were counted stays in the
		// public group until the next rebuild: a focal point who is no
		// member of it then reads no group whole, nor any of its needs.
		if _, err := db.ExecContext(context.Background(), `UPDATE spaces SET visibility = 'private' WHERE id = ?`, f.public); err != nil {
			t.Fatal(err)
		}
		d, _ = f.svc.Dashboard(f.focal, 0)
		if d.All.Total() != 0 || len(d.BySpace) != 0 || len(d.ByTheme) != 0 || len(d.ByMonth) != 0 || d.All.ResponseMedian != nil {
			t.Errorf("focal point reads a space made private: %s", dump(d))
		}
		d, _ = f.svc.Dashboard(f.other, 0)
		if d.All.Total() != 1 || len(d.BySpace) != 1 || d.BySpace[0].Key != "test-private" || d.All.ResponseMedian != nil {
			t.Errorf("a member of the other private space: %s", dump(d))
		}
		d, _ = f.svc.Dashboard(f.coord, 0)
		check(d)
	})
}

// TestStatsMatchRebuild moves needs through every change that touches the
// rollups (raise, review, edit of themes, close, answer, merge) in two
// spaces, and compares what every reader sees with the rollups rebuilt
// from the records, halfway (the second half then builds on rebuilt
// rollups) and at the end.
func TestStatsMatchRebuild(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		themes := [][]string{{"care"}, {"migration", "care"}, {"housing"}, {"care", "housing"}, {"migration"}}
		var ids []int64
		for i := range 10 {
			f.clock.add(time.Duration(17*i) * time.Hour)
			ctx, space := f.focal, f.public
			if i%3 == 2 {
				ctx, space = f.other, f.private
			}
			ids = append(ids, f.raise(ctx, space, "İhtiyaç", themes[i%len(themes)]...).ID)
		}
		for i, id := range ids[:8] {
			f.clock.add(time.Duration(5+i*i*7) * time.Hour)
			if err := f.svc.Review(f.coord, id, 0); err != nil {
				t.Fatal(err)
			}
		}
		// A need's themes change: one loses its only response time in
		// housing, another gains a theme.
		for i, next := range map[int][]string{2: {"care"}, 4: {"migration", "housing"}} {
			n, err := f.svc.Need(f.coord, ids[i])
			if err != nil {
				t.Fatal(err)
			}
			n.Themes = next
			if err := f.svc.Update(f.coord, n); err != nil {
				t.Fatal(err)
			}
		}
		before := dashboards(t, f)
		if err := f.svc.RebuildStats(f.admin); err != nil {
			t.Fatal(err)
		}
		compareDashboards(t, before, dashboards(t, f))

		f.clock.add(30 * 24 * time.Hour)
		if err := f.svc.Close(f.coord, ids[1], 0, "out_of_scope", ""); err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{0, 5, 9} {
			f.clock.add(41 * time.Hour)
			sp := f.public
			if i%3 == 2 {
				sp = f.private
			}
			r := &Recommendation{SpaceID: sp, Title: "Öneri", Summary: "Özet", Level: LevelUnion, NeedIDs: []int64{ids[i]}}
			if err := f.svc.CreateRecommendation(f.coord, r); err != nil {
				t.Fatal(err)
			}
			if err := f.svc.Publish(f.coord, r.ID, Members, 0); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.svc.Merge(f.coord, ids[6], ids[3]); err != nil {
			t.Fatal(err)
		}
		before = dashboards(t, f)
		d := before["coord/0"]
		if d.All.Total() != 10 || d.All.Answered != 3 || d.All.Closed != 2 || d.All.AnsweredCount != 3 || d.All.Responded != 9 || d.All.Submitted != 1 {
			t.Errorf("staff: %s", dump(d))
		}
		if d := before["focal/0"]; d.All.Total() != 7 || len(d.BySpace) != 1 {
			t.Errorf("focal point: %s", dump(d))
		}
		if err := f.svc.RebuildStats(f.admin); err != nil {
			t.Fatal(err)
		}
		compareDashboards(t, before, dashboards(t, f))
	})
}

// TestStatsConcurrent changes needs from several goroutines at once, some
// moving their themes one way and some the other (on PostgreSQL, rows
// written in different orders would deadlock), and checks the rollups
// against a rebuild.
func TestStatsConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				from, to := []string{"care"}, []string{"housing"}
				if g%2 == 1 {
					from, to = to, from
				}
				for range 3 {
					n := &Need{SpaceID: f.public, OrgID: thirdOrg, Title: "Eşzamanlı", Urgency: Low, Themes: from}
					if err := f.svc.Create(f.coord, n); err != nil {
						errs <- err
						return
					}
					n.Themes = to
					if err := f.svc.Update(f.coord, n); err != nil {
						errs <- err
						return
					}
					if err := f.svc.Review(f.coord, n.ID, 0); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		before := dashboards(t, f)
		if d := before["coord/0"]; d.All.UnderReview != 24 || len(d.ByTheme) != 2 || d.ByTheme[0].Total() != 12 {
			t.Errorf("staff: %s", dump(d))
		}
		if err := f.svc.RebuildStats(f.admin); err != nil {
			t.Fatal(err)
		}
		compareDashboards(t, before, dashboards(t, f))
	})
}

// dashboards returns what each reader sees, union-wide and of each space.
func dashboards(t *testing.T, f *fixture) map[string]*Dashboard {
	t.Helper()
	out := map[string]*Dashboard{}
	for _, r := range []struct {
		name string
		ctx  context.Context
	}{{"coord", f.coord}, {"focal", f.focal}, {"other", f.other}, {"viewer", f.viewer}, {"expert", f.expertCtx}} {
		for _, sp := range []int64{0, f.public, f.private} {
			d, err := f.svc.Dashboard(r.ctx, sp)
			if err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprintf("%s/%d", r.name, sp)] = d
		}
	}
	return out
}

func compareDashboards(t *testing.T, incremental, rebuilt map[string]*Dashboard) {
	t.Helper()
	for k, d := range incremental {
		if !reflect.DeepEqual(d, rebuilt[k]) {
			t.Errorf("%s: kept in step\n%s\nrebuilt\n%s", k, dump(d), dump(rebuilt[k]))
		}
	}
}

// dump shows a dashboard with its times (pointers followed).
func dump(d *Dashboard) string {
	b, _ := json.MarshalIndent(d, "", " ")
	return string(b)
}

func TestBucket(t *testing.T) {
	for h, want := range map[int64]int64{0: 0, 71: 71, 72: 72, 77: 72, 78: 78, 335: 330, 336: 336, 359: 336, 360: 360, 2159: 2136, 2160: 2160, 2400: 2328} {
		if got := bucket(h); got != want {
			t.Errorf("bucket(%d) = %d, want %d", h, got, want)
		}
	}
}

func TestLoadBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sys := birlik.WithActor(context.Background(), birlik.SystemActor)
		at := func(h int) *time.Time {
			x := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)
			return &x
		}
		need := func(org string, st Status) Need {
			return Need{SpaceID: f.public, OrgID: org, Title: "Toplu " + org, Urgency: Low, Themes: []string{"care"}, Status: st, CreatedAt: *at(0)}
		}
		answered := need(ownOrg, Answered)
		answered.FirstResponseAt, answered.AnsweredAt = at(5), at(50)
		closed := need(otherOrg, Closed) // closed straight from submitted
		closed.ClosedAt, closed.CloseReason = at(8), "withdrawn"
		merged := need(thirdOrg, Closed)
		merged.FirstResponseAt, merged.ClosedAt = at(2), at(3)
		b := &Bulk{
			Needs: []BulkNeed{
				{Need: answered, Reviewed: true, AnsweredBy: 1, Cosigns: []Cosign{{OrgID: thirdOrg, PeopleAffected: ptr(7), CreatedAt: *at(1)}}},
				{Need: closed},
				{Need: merged, Reviewed: true, MergedInto: 1},
			},
			Recs: []BulkRec{{Rec: Recommendation{SpaceID: f.public, Title: "Toplu öneri", Summary: "Özet", Level: LevelUnion, Publication: Public,
				Revision: 2, PublishedAt: at(50), CreatedAt: *at(40), UpdatedAt: *at(60)}, Needs: []int{0},
				Endorsements: []Endorsement{{OrgID: otherOrg, CreatedAt: *at(70)}}, Adoptions: []Adoption{{OrgID: otherOrg, Status: Adopted, On: "2025-06-01", UpdatedAt: *at(80)}}}},
		}
		if err := f.svc.LoadBulk(f.focal, b, nil); code(err) != birlik.EFORBIDDEN {
			t.Errorf("a focal point loaded in bulk: %v", err)
		}
		if err := f.svc.LoadBulk(sys, b, nil); err != nil {
			t.Fatal(err)
		}
		a, _ := f.svc.Need(f.coord, b.Needs[0].Need.ID)
		if a.Status != Answered || *a.AnswerHours != 50 || *a.ResponseHours != 5 || a.CosignOrgs != 1 || a.People() != 7 {
			t.Errorf("answered need %+v", a)
		}
		hist, _ := f.svc.History(f.coord, a.ID)
		if len(hist) != 4 || hist[1].Action != ActAbsorb || hist[1].RefID != b.Needs[2].Need.ID || hist[3].Action != ActAnswer || hist[3].RefID != b.Recs[0].Rec.ID {
			t.Errorf("history of the answered need: %+v", hist)
		}
		c, _ := f.svc.Need(f.coord, b.Needs[1].Need.ID)
		if c.ResponseHours == nil || *c.ResponseHours != 8 {
			t.Errorf("a need closed without review responded after %v hours, want 8", c.ResponseHours)
		}
		m, _ := f.svc.Need(f.coord, b.Needs[2].Need.ID)
		if m.MergedInto != a.ID || m.CloseReason != ReasonMerged {
			t.Errorf("merged need %+v", m)
		}
		vs, _ := f.svc.Versions(f.focal, b.Recs[0].Rec.ID)
		reach, _ := f.svc.Reach(f.focal, b.Recs[0].Rec.ID)
		if len(vs) != 2 || reach.Endorsements != 1 || reach.Adopted != 1 || reach.Organisations != 1 {
			t.Errorf("recommendation: %d versions, reach %+v", len(vs), reach)
		}
		d, _ := f.svc.Dashboard(f.coord, 0)
		if d.All.Total() != 3 || d.All.Answered != 1 || d.All.Closed != 2 || *d.All.AnswerMedian != 50 || d.All.Responded != 3 {
			t.Errorf("dashboard after the load: %+v", d.All)
		}
	})
}

func TestAttachmentHooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		own := f.raise(f.focal, f.public, "Kadıköy'ün ihtiyacı", "care")
		hidden := f.raise(f.other, f.private, "Kapalı alanın ihtiyacı", "care")
		for _, tc := range []struct {
			name      string
			ctx       context.Context
			id        int64
			read      string
			mayAttach bool
		}{
			{"raising focal point", f.focal, own.ID, "", true},
			{"another focal point", f.other, own.ID, "", false},
			{"staff", f.coord, hidden.ID, "", true},
			{"outsider of a private space", f.focal, hidden.ID, birlik.ENOTFOUND, false},
			{"viewer", f.viewer, own.ID, "", false},
			{"public", f.anon, own.ID, birlik.EFORBIDDEN, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if err := f.svc.CanRead(tc.ctx, tc.id); code(err) != tc.read {
					t.Errorf("CanRead: %v, want %q", err, tc.read)
				}
				if ok, _ := f.svc.CanAttach(tc.ctx, tc.id); ok != tc.mayAttach {
					t.Errorf("CanAttach = %v", ok)
				}
			})
		}
	})
}
