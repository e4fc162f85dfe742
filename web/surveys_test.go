package web

import (
	"archive/zip"
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/publiclife"
	"birlik/store"
	"birlik/store/storetest"
	"birlik/streets"
)

// The public-life fixtures every test server gets, made through the
// streets and publiclife services after the streets' fixtures
// (streets_test.go), on their sites and one of ours:
//
//   - site 1, Kadıköy's published site, has a study before and one after,
//     one area, and a survey on each side (surveyBefore on a weekday,
//     surveyAfter on a weekend: the comparison warns);
//   - surveyOwnDraft, Kadıköy's draft site made here, has
//     surveyOwnDraftSurvey;
//   - site 3, Nilüfer's published site, has surveyOtherSurvey;
//   - site 2, Nilüfer's draft, has surveyOtherDraftSurvey.
//
// The ids are checked when the fixtures are made: the matrix rows name
// them in their paths.
const (
	surveyOwnSite          = fixtureOwnSite
	surveyOtherSite        = fixtureOtherSite
	surveyOtherDraft       = fixtureOtherDraftSite
	surveyOwnDraft         = 4
	surveyBefore           = 1
	surveyAfter            = 2
	surveyOwnDraftSurvey   = 3
	surveyOtherSurvey      = 4
	surveyOtherDraftSurvey = 5
)

func addSurveyFixtures(t testing.TB, e *testEnv) {
	t.Helper()
	ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
	st := streets.New(e.db)
	draft, err := st.SaveSite(ctx, streets.SiteInput{CycleID: fixtureStreetCycle, OrgID: ownOrg, Name: "Taslak: Yeldeğirmeni sokağı",
		Intervention: streets.PlayStreet, Phase: streets.Baseline,
		Geometry: []byte(`{"type":"Polygon","coordinates":[[[29.0240,40.9990],[29.0247,40.9990],[29.0247,40.9991],[29.0240,40.9991],[29.0240,40.9990]]]}`)})
	if err != nil {
		t.Fatalf("survey fixtures: draft site: %v %v", err, birlik.FieldErrors(err))
	}
	if draft.ID != surveyOwnDraft {
		t.Fatalf("survey fixtures: the draft site got id %d, the matrix rows assume %d", draft.ID, surveyOwnDraft)
	}
	life := publiclife.New(e.db)
	at := func(day string, hour int) time.Time {
		d, err := time.ParseInLocation(time.DateOnly, day, time.FixedZone("TRT", 3*3600))
		if err != nil {
			t.Fatal(err)
		}
		return d.Add(time.Duration(hour) * time.Hour)
	}
	counts := func(kv ...any) []publiclife.Count {
		var out []publiclife.Count
		for i := 0; i+2 < len(kv); i += 3 {
			c := publiclife.Count{N: kv[i+2].(int)}
			*countField(&c, kv[i].(string)) = kv[i+1].(string)
			out = append(out, c)
		}
		return out
	}
	temp := func(c float64) *float64 { return &c }
	n := 0
	for _, fx := range []struct {
		site    int64
		surveys []publiclife.Survey
	}{
		{surveyOwnSite, []publiclife.Survey{
			{Stage: publiclife.Before, Start: at("2025-05-14", 10), Stop: at("2025-05-14", 11), Method: publiclife.MethodAnalog,
				Microclimate: "sunny", TemperatureC: temp(20), DayKind: "weekday", Surveyor: "Deniz Sayar",
				Counts: counts("gender", "female", 10, "gender", "male", 14, "age", "0-4", 1, "age", "5-14", 2, "age", "25-44", 15,
					"age", "45-64", 4, "age", "65-74", 2, "posture", "standing", 8, "posture", "sitting_formal", 4,
					"activity", "conversing", 6, "activity", "commercial", 3, "object", "stroller", 1)},
			{Stage: publiclife.After, Start: at("2026-06-13", 10), Stop: at("2026-06-13", 11), Method: publiclife.MethodDigital,
				Microclimate: "sunny", TemperatureC: temp(24), DayKind: "weekend", Surveyor: "Deniz Sayar",
				Counts: counts("gender", "female", 30, "gender", "male", 26, "age", "0-4", 6, "age", "5-14", 14, "age", "15-24", 8,
					"age", "25-44", 18, "age", "45-64", 6, "age", "65-74", 3, "age", "75+", 1, "posture", "sitting_informal", 20,
					"posture", "standing", 15, "activity", "playing", 12, "activity", "conversing", 15, "object", "stroller", 5)},
		}},
		{surveyOwnDraft, []publiclife.Survey{{Stage: publiclife.Before, Start: at("2025-05-15", 9), Stop: at("2025-05-15", 10),
			Method: publiclife.MethodAnalog, DayKind: "weekday", Counts: counts("gender", "female", 3)}}},
		{surveyOtherSite, []publiclife.Survey{{Stage: publiclife.Before, Start: at("2025-05-16", 9), Stop: at("2025-05-16", 10),
			Method: publiclife.MethodAnalog, DayKind: "weekday", Counts: counts("gender", "male", 4)}}},
		{surveyOtherDraft, []publiclife.Survey{{Stage: publiclife.Before, Start: at("2025-05-17", 9), Stop: at("2025-05-17", 10),
			Method: publiclife.MethodAnalog, DayKind: "weekday", Counts: counts("gender", "male", 5)}}},
	} {
		loc := &publiclife.Location{SiteID: fx.site, Name: "Meydan", Kind: publiclife.Area}
		if err := life.SaveLocation(ctx, loc); err != nil {
			t.Fatalf("survey fixtures: location: %v", err)
		}
		studies := map[publiclife.Stage]int64{}
		for _, sv := range fx.surveys {
			if studies[sv.Stage] == 0 {
				stu := &publiclife.Study{SiteID: fx.site, Title: "Sayım " + stageWord[sv.Stage], Stage: sv.Stage,
					StartDate: sv.Start.Format(time.DateOnly), EndDate: sv.Start.Format(time.DateOnly), Organisation: "Belediye"}
				if err := life.SaveStudy(ctx, stu); err != nil {
					t.Fatalf("survey fixtures: study: %v %v", err, birlik.FieldErrors(err))
				}
				studies[sv.Stage] = stu.ID
			}
			sv.SiteID, sv.StudyID, sv.LocationID = fx.site, studies[sv.Stage], loc.ID
			if err := life.SaveSurvey(ctx, &sv); err != nil {
				t.Fatalf("survey fixtures: survey: %v %v", err, birlik.FieldErrors(err))
			}
			if n++; sv.ID != int64(n) {
				t.Fatalf("survey fixtures: survey %d got id %d", n, sv.ID)
			}
		}
	}
}

var stageWord = map[publiclife.Stage]string{publiclife.Before: "öncesi", publiclife.After: "sonrası"}

func init() {
	envFixtures = append(envFixtures, addSurveyFixtures)
	site := func(id int, rest string) string { return "/streets/sites/" + strconv.Itoa(id) + rest }
	survey := func(id int, rest string) string { return "/streets/surveys/" + strconv.Itoa(id) + rest }
	editorsGet := map[string]int{"anon": toSignIn, "admin": ok, "coordinator": ok, "focal": ok}
	editorsPost := func(status int) map[string]int {
		return map[string]int{"anon": forbidden, "admin": status, "coordinator": status, "focal": status}
	}
	readers := map[string]int{"admin": ok, "coordinator": ok, "focal": ok} // of a Kadıköy draft
	authCases = append(authCases,
		// Reading follows the site: a draft is read by union staff and
		// its municipality's focal point; it does not exist for others.
		authCase{pattern: "GET /streets/sites/{id}/surveys", own: site(surveyOwnDraft, "/surveys"), other: site(surveyOtherDraft, "/surveys"),
			def: notFound, want: readers, wantOther: map[string]int{"focal": notFound}},
		authCase{pattern: "GET /streets/sites/{id}/surveys/{file}", own: site(surveyOwnDraft, "/surveys/survey_data.csv"),
			other: site(surveyOtherDraft, "/surveys/study.csv"), def: notFound, want: readers, wantOther: map[string]int{"focal": notFound}},
		authCase{pattern: "GET /streets/surveys/{id}", own: survey(surveyOwnDraftSurvey, ""), other: survey(surveyOtherDraftSurvey, ""),
			def: notFound, want: readers, wantOther: map[string]int{"focal": notFound}},
		// The comparison of a published site is public.
		authCase{pattern: "GET /streets/sites/{id}/compare", own: site(surveyOwnSite, "/compare"), other: site(surveyOtherDraft, "/compare"),
			def: ok, wantOther: map[string]int{"anon": notFound, "focal": notFound, "committee": notFound, "viewer": notFound}},
		// Entering and importing: union staff any site, a focal point
		// their municipality's (another's published site is refused).
		// Empty forms are refused, so nothing changes.
		authCase{pattern: "GET /streets/sites/{id}/surveys/new", own: site(surveyOwnSite, "/surveys/new"), other: site(surveyOtherSite, "/surveys/new"),
			def: forbidden, want: editorsGet, wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "POST /streets/sites/{id}/surveys", own: site(surveyOwnSite, "/surveys"), other: site(surveyOtherSite, "/surveys"),
			form: url.Values{}, def: forbidden, want: editorsPost(invalid), wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "GET /streets/sites/{id}/surveys/import", own: site(surveyOwnSite, "/surveys/import"), other: site(surveyOtherSite, "/surveys/import"),
			def: forbidden, want: editorsGet, wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "POST /streets/sites/{id}/surveys/import", own: site(surveyOwnSite, "/surveys/import"), other: site(surveyOtherSite, "/surveys/import"),
			form: url.Values{}, def: forbidden, want: editorsPost(invalid), wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "GET /streets/surveys/{id}/edit", own: survey(surveyBefore, "/edit"), other: survey(surveyOtherSurvey, "/edit"),
			def: forbidden, want: editorsGet, wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "POST /streets/surveys/{id}", own: survey(surveyBefore, ""), other: survey(surveyOtherSurvey, ""),
			form: url.Values{"version": {"1"}}, def: forbidden, want: editorsPost(invalid), wantOther: map[string]int{"focal": forbidden}},
	)
}

// eachEnv runs fn on a server on SQLite and, when its URL is set, on
// PostgreSQL.
func eachEnv(t *testing.T, fn func(t *testing.T, e *testEnv)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, newEnvOn(t, db)) })
}

// surveyForm is a complete counting form for the fixture site: a new
// study after the transformation at a new line, 09:00–09:30.
func surveyForm(kv ...string) url.Values {
	v := url.Values{"study": {newStudyAfter}, "location": {newLocation}, "location_name": {"Okul kapısı"}, "location_kind": {"area"},
		"date": {"2026-09-15"}, "start": {"09:00"}, "stop": {"09:30"}, "method": {"digital"}, "microclimate": {"cloudy"},
		"temperature": {"18,5"}, "day_kind": {"weekday"}, "surveyor": {"Ece Sayar"}, "draft": {"0123456789abcdef"},
		"gender_female": {"7"}, "gender_male": {"5"}, "age_5_14": {"9"}, "age_25_44": {"3"}, "posture_sitting_informal": {"12"},
		"activity_playing": {"9"}, "object_stroller": {"2"}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// TestSurveyEntry enters a survey as Kadıköy's focal point, with a new
// study and location, and sees it on its page, in the list and in the
// comparison's figures.
func TestSurveyEntry(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		c := e.signedIn(focalEmail)
		res := e.get(c, "/streets/sites/1/surveys/new")
		for _, want := range []string{`name="draft" value="`, `data-draft-scope="site-1"`, `id="f-gender_female"`, `id="f-age_75plus"`,
			`min="0"`, `inputmode="numeric"`, `value="new-after"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("form lacks %q", want)
			}
		}
		before := e.get(e.client(), "/streets/sites/1/compare?lang=en").Body
		res = e.post(c, "/streets/sites/1/surveys", surveyForm())
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.StatusCode, between(res.Body, "error-summary", "</div>"))
		}
		loc := res.Header.Get("Location")
		if !regexp.MustCompile(`^/streets/surveys/\d+\?saved=0123456789abcdef$`).MatchString(loc) {
			t.Fatalf("redirected to %q", loc)
		}
		// The same draft sent again (its answer lost on the way) finds
		// the survey instead of saving it, its study and its place twice;
		// a count that differs is another survey.
		if again := e.post(c, "/streets/sites/1/surveys", surveyForm()); again.Header.Get("Location") != loc {
			t.Errorf("sent twice: %d to %q, want %q", again.StatusCode, again.Header.Get("Location"), loc)
		}
		if body := e.get(c, "/streets/sites/1/surveys").Body; strings.Count(body, "Okul kapısı") != 2 || strings.Count(body, ": Sonra (2026)") != 1 {
			t.Errorf("sending twice made a second location or study: %d, %d", strings.Count(body, "Okul kapısı"), strings.Count(body, ": Sonra (2026)"))
		}
		if other := e.post(c, "/streets/sites/1/surveys", surveyForm("study", "2", "location", "1", "gender_female", "8")); other.Header.Get("Location") == loc {
			t.Error("a survey with other counts was taken for the one saved")
		}
		res = e.get(c, loc+"&lang=en")
		for _, want := range []string{`data-draft-saved="0123456789abcdef"`, "js/survey_counter.js", "Ece Sayar", "Okul kapısı", "12</td>"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("survey page lacks %q", want)
			}
		}
		// Without the marker, no script and nothing to forget.
		if body := e.get(c, strings.Split(loc, "?")[0]).Body; strings.Contains(body, "data-draft-saved") {
			t.Error("the survey's page tells a draft was saved when it was not just saved")
		}
		// The surveyor's name is for those who may edit, not the public.
		if body := e.get(e.client(), strings.Split(loc, "?")[0]).Body; strings.Contains(body, "Ece Sayar") {
			t.Error("the public sees the surveyor's name")
		}
		list := e.get(e.client(), "/streets/sites/1/surveys").Body
		if !strings.Contains(list, "Okul kapısı") || !strings.Contains(list, "<td class=\"num\">12</td>") {
			t.Errorf("the list does not show the new survey with its 12 people: %s", between(list, "<tbody>", "</tbody>"))
		}
		after := e.get(e.client(), "/streets/sites/1/compare?lang=en").Body
		if between(before, `id="chart-people-title"`, "</figure>") == between(after, `id="chart-people-title"`, "</figure>") {
			t.Error("the comparison's people per hour did not change")
		}
	})
}

// TestSurveyRefused sends forms the counting page must refuse: each
// comes back 422 with everything typed and the error beside its field.
func TestSurveyRefused(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(focalEmail)
	for _, tc := range []struct {
		name      string
		form      url.Values
		field     string
		keep      string
		wantError string
	}{
		{"stop before start", surveyForm("stop", "08:00"), "f-stop", `value="Ece Sayar"`, "error-summary"},
		{"a counter that is not a number", surveyForm("gender_male", "beş"), "f-gender_male", `value="beş"`, `href="#f-counts"`},
		{"a negative counter", surveyForm("age_0_4", "-3"), "f-age_0_4", `value="-3"`, `href="#f-counts"`},
		{"a counter too large", surveyForm("age_0_4", "100001"), "f-age_0_4", `value="100001"`, `href="#f-counts"`},
		{"no date", surveyForm("date", ""), "f-date", `value="Okul kapısı"`, `href="#f-date"`},
		{"a time that is not one", surveyForm("start", "25:99"), "f-start", `value="25:99"`, `href="#f-start"`},
		{"a temperature that is not one", surveyForm("temperature", "sıcak"), "f-temperature", `value="sıcak"`, `href="#f-temperature"`},
		{"a temperature out of range", surveyForm("temperature", "75"), "f-temperature", `value="75"`, `href="#f-temperature"`},
		{"a temperature of NaN", surveyForm("temperature", "NaN"), "f-temperature", `value="NaN"`, `href="#f-temperature"`},
		{"an unknown study", surveyForm("study", "999999"), "f-study", `value="Ece Sayar"`, `href="#f-study"`},
		{"a study of another site", surveyForm("study", "3"), "f-study", `value="Ece Sayar"`, `href="#f-study"`},
		{"an unknown method", surveyForm("method", "guess"), "f-method", `value="Ece Sayar"`, `href="#f-method"`},
		{"a new location without a name", surveyForm("location_name", ""), "f-location_name", `value="Ece Sayar"`, `href="#f-location_name"`},
		{"control characters", surveyForm("surveyor", "Ece\x00Sayar"), "f-surveyor", "", `href="#f-surveyor"`},
		{"a survey of a day and more", surveyForm("stop", "09:00", "start", "09:00"), "f-stop", `value="Ece Sayar"`, "error-summary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.post(c, "/streets/sites/1/surveys", tc.form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", res.StatusCode, excerpt(res.Body))
			}
			for _, want := range []string{tc.keep, tc.wantError, `data-draft-restore="off"`, `name="draft" value="0123456789abcdef"`} {
				if !strings.Contains(res.Body, want) {
					t.Errorf("refused form lacks %q", want)
				}
			}
			if !strings.Contains(res.Body, `id="`+tc.field+`-error"`) && !strings.Contains(res.Body, `id="f-counts"`) {
				t.Errorf("no error beside %s: %s", tc.field, between(res.Body, `id="error-summary"`, "</div>"))
			}
		})
	}
	// Nothing was saved by any of them: the site has its two surveys.
	if body := e.get(c, "/streets/sites/1/surveys").Body; strings.Count(body, `href="/streets/surveys/`) != 2 {
		t.Errorf("refused forms saved surveys: %d links", strings.Count(body, `href="/streets/surveys/`))
	}
}

// TestSurveyEdit edits a survey from its form and from a stale one.
func TestSurveyEdit(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		c := e.signedIn(coordinatorEmail)
		res := e.get(c, "/streets/surveys/1/edit")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("edit: %d", res.StatusCode)
		}
		for _, want := range []string{`id="f-gender_female" name="gender_female" type="number" class="counter__input" value="10"`,
			`name="version" value="1"`, `data-draft-scope="survey-1"`, `value="10:00"`, `value="2025-05-14"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("edit form lacks %q", want)
			}
		}
		if strings.Contains(res.Body, "ayrıntılı gözlemlerle") {
			t.Error("a survey of tallies is said to hold detailed observations")
		}
		// An imported observation (a woman aged 25-44 with a pair) is not
		// a tally of the form: its form says so.
		ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
		obs := &publiclife.Survey{SiteID: surveyOwnSite, StudyID: 2, LocationID: 1, Start: time.Date(2026, 6, 14, 7, 0, 0, 0, time.UTC),
			Stop: time.Date(2026, 6, 14, 8, 0, 0, 0, time.UTC), Method: publiclife.MethodVideo,
			Counts: []publiclife.Count{{Gender: "female", Age: "25-44", Group: "pair", N: 2}}}
		if err := publiclife.New(e.db).SaveSurvey(ctx, obs); err != nil {
			t.Fatal(err)
		}
		if body := e.get(c, surveyPath(obs.ID)+"/edit").Body; !strings.Contains(body, "ayrıntılı gözlemlerle") {
			t.Error("the form of an imported observation does not warn that saving replaces it")
		}
		form := e.formValues(res.Body)
		form.Set("gender_female", "11")
		form.Set("notes", "Bir kadın daha sayıldı.")
		if res := e.post(c, "/streets/surveys/1", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("update: %d %s", res.StatusCode, between(res.Body, "error-summary", "</div>"))
		}
		if body := e.get(c, "/streets/surveys/1").Body; !strings.Contains(body, "Bir kadın daha sayıldı.") || !strings.Contains(body, "<td class=\"num\">11</td>") {
			t.Error("the update is not shown")
		}
		// The same form again is stale: 409, kept, with the other's values.
		form.Set("notes", "Eski formdan.")
		res = e.post(c, "/streets/surveys/1", form)
		if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Eski formdan.") || !strings.Contains(res.Body, `name="version" value="2"`) ||
			!strings.Contains(res.Body, "Bir kadın daha sayıldı.") {
			t.Errorf("stale form: %d %s", res.StatusCode, between(res.Body, "<h1", "</form>"))
		}
	})
}

// formValues reads the values of the inputs, selects and text areas of
// the page's main form, as a browser would send them.
func (e *testEnv) formValues(body string) url.Values {
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input id="[^"]*" name="([^"]+)" type="(?:number|text|date|time)"[^>]*? value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select id="[^"]*" name="([^"]+)".*?</select>`).FindAllStringSubmatch(body, -1) {
		if s := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[0]); s != nil {
			v.Set(m[1], htmlUnescape(s[1]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}

// TestSurveyCompare reads the comparison of the fixture site: its
// figures in tables beside the charts, the conditions of each side and
// the warning that a weekday is compared with a weekend.
func TestSurveyCompare(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		res := e.get(e.client(), "/streets/sites/1/compare?lang=en")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		// Before: 24 people in an hour, 3 of 24 aged children, 10 of 24
		// women; after: 56, 20 of 56, 30 of 56.
		for _, want := range []string{
			`role="img" aria-labelledby="chart-people-title"`, `<title id="chart-people-title">People per hour</title>`,
			"<td class=\"num\">24</td><td class=\"num\">56</td><td class=\"num\">&#43;32 (&#43;133%)</td>",
			"<td class=\"num\">12.5%</td><td class=\"num\">35.7%</td><td class=\"num\">&#43;23.2 points</td>", // children
			"<td class=\"num\">41.7%</td><td class=\"num\">53.6%</td>",                                        // women
			"Playing", "Weekday", "Weekend", "survey-warnings", "Counting app", "Tally on paper",
		} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("comparison lacks %q", want)
			}
		}
		// A site with no survey after is warned about; one with no survey
		// at all says so, with no chart.
		admin := e.signedIn(adminEmail)
		if res = e.get(admin, "/streets/sites/4/compare?lang=en"); !strings.Contains(res.Body, "survey-warnings") {
			t.Errorf("one-sided comparison: %s", between(res.Body, "<h1", "<h2"))
		}
		ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
		empty, err := streets.New(e.db).SaveSite(ctx, streets.SiteInput{CycleID: fixtureStreetCycle, OrgID: ownOrg, Name: "Sayımsız sokak",
			Intervention: streets.PlayStreet, Phase: streets.Design, Published: true,
			Geometry: []byte(`{"type":"Polygon","coordinates":[[[29.0300,40.9900],[29.0307,40.9900],[29.0307,40.9901],[29.0300,40.9901],[29.0300,40.9900]]]}`)})
		if err != nil {
			t.Fatal(err)
		}
		// Its first count needs nothing but counting: a new study before
		// (the site is being designed) at a new area named after it.
		form := e.get(admin, "/streets/sites/"+strconv.FormatInt(empty.ID, 10)+"/surveys/new").Body
		for _, want := range []string{`<option value="new-before" selected>`, `<option value="new" selected>`, `name="location_name" type="text" value="Sayımsız sokak"`} {
			if !strings.Contains(form, want) {
				t.Errorf("first count's form lacks %q", want)
			}
		}
		res = e.get(e.client(), "/streets/sites/"+strconv.FormatInt(empty.ID, 10)+"/compare?lang=en")
		if res.StatusCode != http.StatusOK || strings.Contains(res.Body, `role="img"`) || !strings.Contains(res.Body, "has no counts yet") && !strings.Contains(res.Body, "survey-warnings") {
			t.Errorf("comparison with no survey: %d %s", res.StatusCode, between(res.Body, "<h1", "<h2"))
		}
	})
}

// TestSurveyBadInput sends what no form sends: bad ids, unknown tables,
// bad query strings, oversized bodies. None may reach a 500.
func TestSurveyBadInput(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	for _, tc := range []struct {
		name, method, path string
		form               url.Values
		want               int
	}{
		{"site id not a number", "GET", "/streets/sites/abc/surveys", nil, notFound},
		{"site id zero", "GET", "/streets/sites/0/compare", nil, notFound},
		{"site id too large", "GET", "/streets/sites/99999999999999999999/surveys/new", nil, notFound},
		{"no such site", "GET", "/streets/sites/999999/compare", nil, notFound},
		{"survey id negative", "GET", "/streets/surveys/-1", nil, notFound},
		{"no such survey", "GET", "/streets/surveys/999999/edit", nil, notFound},
		{"unknown table", "GET", "/streets/sites/1/surveys/users.csv", nil, notFound},
		{"table without .csv", "GET", "/streets/sites/1/surveys/study", nil, notFound},
		{"unknown table of all sites", "GET", "/streets/surveys/secrets.csv", nil, notFound},
		{"a dotted path", "GET", "/streets/sites/1/surveys/..%2fstudy.csv", nil, notFound},
		{"query string junk", "GET", "/streets/sites/1/compare?x=%ZZ&lang=xx", nil, ok},
		{"saved marker junk", "GET", "/streets/surveys/1?saved=<script>", nil, ok},
		{"oversized form", "POST", "/streets/sites/1/surveys", url.Values{"notes": {strings.Repeat("a", 2<<20)}}, invalid},
		{"oversized notes", "POST", "/streets/sites/1/surveys", surveyForm("notes", strings.Repeat("ş", 200000)), invalid},
		{"huge counters", "POST", "/streets/sites/1/surveys", surveyForm("gender_male", strings.Repeat("9", 400)), invalid},
		{"update of a survey that does not exist", "POST", "/streets/surveys/999999", surveyForm(), notFound},
		{"update with no version", "POST", "/streets/surveys/1", surveyForm("study", "1", "location", "1"), http.StatusConflict},
		{"import not multipart", "POST", "/streets/sites/1/surveys/import", url.Values{"study": {"study_id\n1"}}, invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var res response
			if tc.method == "POST" {
				res = e.post(admin, tc.path, tc.form)
			} else {
				res = e.get(admin, tc.path)
			}
			if res.StatusCode != tc.want {
				t.Errorf("%s %s: %d, want %d\n%s", tc.method, tc.path, res.StatusCode, tc.want, excerpt(res.Body))
			}
			if strings.Contains(res.Body, "<script>") {
				t.Error("the page repeats markup it was sent")
			}
		})
	}
}

// surveyUpload posts files as a multipart form, as the import form does.
func (e *testEnv) surveyUpload(c *http.Client, path string, files map[string][]byte) response {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, data := range files {
		fw, err := mw.CreateFormFile(name, name+".csv")
		if err != nil {
			e.t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return e.do(c, req)
}

// exportTables downloads the four protocol tables of a path prefix
// ("/streets/sites/1/surveys/" or "/streets/surveys/").
func (e *testEnv) exportTables(c *http.Client, prefix string) map[string][]byte {
	e.t.Helper()
	out := map[string][]byte{}
	for _, table := range publiclife.Tables {
		res := e.get(c, prefix+table+".csv")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			e.t.Fatalf("export %s: %d %s", table, res.StatusCode, res.Header.Get("Content-Type"))
		}
		out[table] = []byte(res.Body)
	}
	return out
}

// TestSurveyImportRoundTrip exports the fixture site's tables through
// HTTP and imports them into another site, as four files and as a .zip:
// the same counts come back.
func TestSurveyImportRoundTrip(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		admin := e.signedIn(adminEmail)
		tables := e.exportTables(admin, "/streets/sites/1/surveys/")
		if !strings.Contains(string(tables["survey_data"]), "female") {
			t.Fatalf("survey_data: %s", tables["survey_data"])
		}
		res := e.surveyUpload(admin, "/streets/sites/3/surveys/import?lang=en", tables)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("import: %d %s", res.StatusCode, excerpt(between(res.Body, "<main", "</main>")))
		}
		for _, want := range []string{"2 studies", "1 location", "2 surveys", "26 rows of counts"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("import summary lacks %q: %s", want, between(res.Body, "import-done-title", "</section>"))
			}
		}
		// The site had a survey of its own; the imported rows follow it.
		again := e.exportTables(admin, "/streets/sites/3/surveys/")
		counts := func(b []byte) string { return regexp.MustCompile(`(?m)^\d+,`).ReplaceAllString(string(b), "") }
		if _, rows, _ := strings.Cut(counts(tables["survey_data"]), "\n"); !strings.HasSuffix(counts(again["survey_data"]), rows) {
			t.Errorf("counts after the round trip:\n%s\nwant\n%s", again["survey_data"], tables["survey_data"])
		}
		// The same tables in a .zip, in a folder, beside a file to ignore.
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		for name, data := range tables {
			w, _ := zw.Create("export/" + name + ".csv")
			w.Write(data)
		}
		w, _ := zw.Create("export/README.txt")
		w.Write([]byte("not a table"))
		zw.Close()
		res = e.surveyUpload(admin, "/streets/sites/2/surveys/import?lang=en", map[string][]byte{"zip": zb.Bytes()})
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "2 surveys") {
			t.Errorf("zip import: %d %s", res.StatusCode, excerpt(between(res.Body, "<main", "</main>")))
		}
		// Every site's tables, for the reader: the public does not get drafts.
		all := e.exportTables(e.client(), "/streets/surveys/")
		if n := strings.Count(string(all["survey"]), "\n") - 1; n != 5 {
			t.Errorf("the public's export of every site has %d surveys, want 5 (two sites' 2 + 1 of the other's)\n%s", n, all["survey"])
		}
	})
}

// TestSurveyImportErrors imports tables with mistakes: every one is
// listed with its table, line and column, and nothing is saved.
func TestSurveyImportErrors(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		c := e.signedIn(focalEmail)
		tables := map[string][]byte{
			"study":    []byte("study_id,project,project_phase\nS1,Moda sonrası,after\nS2,Bozuk,during\n"),
			"location": []byte("location_id,name,type\nL1,Meydan,area\n"),
			"survey": []byte("survey_id,study_id,location_id,time_start,time_stop,method\n" +
				"V1,S1,L1,2026-06-13T10:00:00+03:00,2026-06-13T11:00:00+03:00,digital\n" +
				"V2,S1,L9,2026-06-13T12:00:00+03:00,2026-06-13T11:00:00+03:00,digital\n"),
			"survey_data": []byte("survey_id,gender,count\nV1,female,3\nV1,female,lots\n"),
		}
		res := e.surveyUpload(c, "/streets/sites/1/surveys/import?lang=en", tables)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d\n%s", res.StatusCode, excerpt(res.Body))
		}
		rows := regexp.MustCompile(`<tr><td>(\w+)\.csv</td><td class="num">(\d+)</td><td>(\w*)</td><td>([^<]+)</td></tr>`).FindAllStringSubmatch(res.Body, -1)
		got := map[string]bool{}
		for _, r := range rows {
			got[r[1]+":"+r[2]] = true
			if strings.Contains(r[4], "error.") || strings.Contains(r[4], "{") {
				t.Errorf("untranslated message %q", r[4])
			}
		}
		for _, want := range []string{"study:3", "survey:3", "survey_data:3"} {
			if !got[want] {
				t.Errorf("no problem listed at %s; listed: %v", want, rows)
			}
		}
		if !strings.Contains(res.Body, "nothing was saved") {
			t.Error("the page does not say nothing was saved")
		}
		if body := e.get(c, "/streets/sites/1/surveys").Body; strings.Contains(body, "Moda sonrası") {
			t.Error("a refused import saved its study")
		}
		// Neither files nor a zip; a zip that is not one.
		for name, files := range map[string]map[string][]byte{
			"nothing":   {},
			"a bad zip": {"zip": []byte("PK not really")},
		} {
			if res := e.surveyUpload(c, "/streets/sites/1/surveys/import", files); res.StatusCode != http.StatusUnprocessableEntity ||
				!strings.Contains(res.Body, `id="f-zip-error"`) {
				t.Errorf("%s: %d %s", name, res.StatusCode, between(res.Body, `id="error-summary"`, "</div>"))
			}
		}
		// Another municipality's site is refused before its files are read.
		if res := e.surveyUpload(c, "/streets/sites/3/surveys/import", tables); res.StatusCode != http.StatusForbidden {
			t.Errorf("import into Nilüfer's site as Kadıköy's focal point: %d", res.StatusCode)
		}
	})
}
