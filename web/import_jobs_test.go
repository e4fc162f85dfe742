package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/network"
	"birlik/staging"
)

// Large imports: checked and saved in the background, followed on a
// status page (import_jobs.go).

// largeOrgsFile is an organisations file of rows rows: every stored
// organisation as exported, the first updated ones with a new e-mail
// address (yeni0@…, yeni1@…), then new associations up to rows. It
// returns the file, how many rows it creates, and the id of the first
// organisation it updates.
func largeOrgsFile(t *testing.T, e *testEnv, rows, updated int) (file []byte, creates int, firstUpdated string) {
	t.Helper()
	recs := readCSV(t, e.get(e.client(), "/organisations.csv").Body)
	header, stored := recs[0], recs[1:]
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	if len(stored) < updated || len(stored) >= rows {
		t.Fatalf("%d stored organisations for a file of %d rows with %d updated", len(stored), rows, updated)
	}
	for i := range updated {
		stored[i][col["email"]] = fmt.Sprintf("yeni%d@guncel.bel.tr", i)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	w.WriteAll(stored)
	places := []string{"istanbul-kadikoy", "bursa-nilufer", "kocaeli-izmit", "edirne"}
	for i := range rows - len(stored) {
		r := make([]string, len(header))
		r[col["name"]] = fmt.Sprintf("Deneme Dayanışma Derneği %05d", i)
		r[col["kind"]] = "ngo"
		r[col["place_id"]] = places[i%len(places)]
		r[col["email"]] = fmt.Sprintf("bilgi%d@dayanisma.org.tr", i)
		r[col["member_status"]] = "none"
		w.Write(r)
	}
	w.Flush()
	return buf.Bytes(), rows - len(stored), stored[0][col["id"]]
}

// jobPathRE matches the status page a large upload or its confirmation
// leads to.
var jobPathRE = regexp.MustCompile(`^/import/(organisations|people)/jobs/([0-9a-f]{32})$`)

// startedJob checks that res sent the browser to a job's status page and
// returns the page's path.
func startedJob(t *testing.T, res response) string {
	t.Helper()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !jobPathRE.MatchString(loc) {
		t.Fatalf("status %d, location %q: want a redirect to a job's page\n%s", res.StatusCode, loc, excerpt(res.Body))
	}
	return loc
}

// followJob asks for a job's page, as its Refresh link does, until the
// work has ended, and returns the page then shown.
func (e *testEnv) followJob(c *http.Client, path string) response {
	e.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		res := e.get(c, path)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="job-bar"`) {
			return res
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%s still running after a minute\n%s", path, excerpt(res.Body))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// jobJSON is the answer of a job's progress.json.
type jobJSON struct {
	State   string `json:"state"`
	Running bool   `json:"running"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	Percent string `json:"percent"`
	Text    string `json:"text"`
	Started string `json:"started"`
}

func (e *testEnv) jobProgress(c *http.Client, path string) (int, jobJSON) {
	e.t.Helper()
	res := e.get(c, path+"/progress.json")
	var j jobJSON
	if res.StatusCode == http.StatusOK {
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || res.Header.Get("Cache-Control") != "no-store" {
			e.t.Errorf("progress.json: Content-Type %q, Cache-Control %q", ct, res.Header.Get("Cache-Control"))
		}
		if err := json.Unmarshal([]byte(res.Body), &j); err != nil {
			e.t.Fatalf("progress.json: %v in %s", err, res.Body)
		}
	}
	return res.StatusCode, j
}

func TestImportInBackground(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	const rows, updated = 12_000, 20
	file, creates, first := largeOrgsFile(t, e, rows, updated)
	unchanged := rows - creates - updated
	newOnes := network.OrgFilter{Query: "Deneme Dayanışma Derneği"}
	firstEmail := func() string {
		t.Helper()
		o, err := e.network.Organisation(sys(), first)
		if err != nil {
			t.Fatal(err)
		}
		return o.Email
	}
	before := firstEmail()

	// The upload answers at once, with the page that follows the check.
	start := time.Now()
	path := startedJob(t, e.upload(admin, "/import/organisations", "kurumlar.csv", file))
	id := jobPathRE.FindStringSubmatch(path)[2]
	if status, j := e.jobProgress(admin, path); status != http.StatusOK || (j.State != "checking" && j.State != "checked") {
		t.Errorf("progress.json right after the upload: %d %+v", status, j)
	}
	report := e.followJob(admin, path)
	t.Logf("%d rows checked in the background in %v", rows, time.Since(start))
	if report.StatusCode != http.StatusOK {
		t.Fatalf("the check ended with %d\n%s", report.StatusCode, excerpt(report.Body))
	}
	for _, want := range []string{"Kurum dosyasının denetimi", "kurumlar.csv", "Dosya temiz", "İçe aktarmayı onayla",
		fmt.Sprintf(`<span class="figure__value">%s</span> <span class="figure__label">eklenecek</span>`, trNumber(creates)),
		fmt.Sprintf(`<span class="figure__value">%d</span> <span class="figure__label">güncellenecek</span>`, updated),
		fmt.Sprintf(`<span class="figure__value">%d</span>`, unchanged),
		`name="upload" value="` + id + `"`} {
		if !strings.Contains(report.Body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if status, j := e.jobProgress(admin, path); status != http.StatusOK || j.State != "checked" || j.Running {
		t.Errorf("progress.json after the check: %d %+v", status, j)
	}
	if n := e.orgTotal(newOnes); n != 0 || firstEmail() != before {
		t.Fatalf("saved before the confirmation: %d created", n)
	}

	// Nobody else sees the job or confirms it: not another session of the
	// same account, not another account.
	for name, c := range map[string]*http.Client{"another session": e.signedIn(adminEmail), "another account": e.signedIn(coordinatorEmail)} {
		if res := e.get(c, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s sees the job's page: %d", name, res.StatusCode)
		}
		if status, _ := e.jobProgress(c, path); status != http.StatusNotFound {
			t.Errorf("%s sees the job's progress: %d", name, status)
		}
		if res := e.post(c, "/import/organisations/confirm", url.Values{"upload": {id}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s confirmed the job: %d", name, res.StatusCode)
		}
	}
	if res := e.get(admin, "/import/people/jobs/"+id); res.StatusCode != http.StatusNotFound {
		t.Errorf("the job is seen as another kind: %d", res.StatusCode)
	}

	// The confirmation answers at once too, with the same page, which
	// follows the save and ends on the import page with the counts.
	start = time.Now()
	if again := startedJob(t, e.post(admin, "/import/organisations/confirm", url.Values{"upload": {id}})); again != path {
		t.Errorf("the save is followed on %s, the check on %s", again, path)
	}
	if twice := e.post(admin, "/import/organisations/confirm", url.Values{"upload": {id}}); twice.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a second confirmation during the save: %d", twice.StatusCode)
	}
	done := e.followJob(admin, path)
	t.Logf("%d rows saved in the background in %v", rows, time.Since(start))
	if done.StatusCode != http.StatusSeeOther || done.Header.Get("Location") != "/import" {
		t.Fatalf("the save ended with %d %q\n%s", done.StatusCode, done.Header.Get("Location"), excerpt(done.Body))
	}
	page := e.get(admin, "/import")
	for _, want := range []string{"İçe aktarma kaydedildi.", fmt.Sprintf("%s kurum eklendi, %d kurum güncellendi.", trNumber(creates), updated)} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("after the save, the import page lacks %q", want)
		}
	}
	if n := e.orgTotal(newOnes); n != creates {
		t.Errorf("%d organisations created, want %d", n, creates)
	}
	if got := firstEmail(); got != "yeni0@guncel.bel.tr" {
		t.Errorf("the first organisation's e-mail is %q after the save", got)
	}
	if status, j := e.jobProgress(admin, path); status != http.StatusOK || j.State != "saved" || j.Running {
		t.Errorf("progress.json after the save: %d %+v", status, j)
	}
	if replay := e.post(admin, "/import/organisations/confirm", url.Values{"upload": {id}}); replay.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a saved job was confirmed again: %d", replay.StatusCode)
	}
	// The same file again changes nothing.
	again := e.followJob(admin, startedJob(t, e.upload(admin, "/import/organisations", "kurumlar.csv", file)))
	if !strings.Contains(again.Body, "Dosya hiçbir kaydı değiştirmiyor") || strings.Contains(again.Body, `name="upload"`) {
		t.Errorf("the same file imported twice is not a no-op\n%s", excerpt(again.Body))
	}
}

// trNumber writes n as Turkish does: 11.783.
func trNumber(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

func TestImportInBackgroundBadRows(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	var buf bytes.Buffer
	buf.WriteString("name,kind,place_id,email,member_status\n")
	bad := map[int]string{ // line → row
		3:      "Yanlış Tür Vakfı,vakif,istanbul,,none",
		6_001:  ",ngo,bursa,,none",
		12_001: "Yanlış Posta Derneği,ngo,edirne,posta@,none",
	}
	for line := 2; line <= 12_001; line++ {
		if row, ok := bad[line]; ok {
			buf.WriteString(row + "\n")
			continue
		}
		fmt.Fprintf(&buf, "Hatalı Dosya Derneği %05d,ngo,istanbul-kadikoy,,none\n", line)
	}
	res := e.followJob(admin, startedJob(t, e.upload(admin, "/import/organisations", "hatali.csv", buf.Bytes())))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", res.StatusCode, excerpt(res.Body))
	}
	for _, want := range []string{"3 satırda hata var", "Hiçbir şey kaydedilmedi", "hatali.csv",
		`data-label="Satır">3</td>`, `data-label="Satır">6001</td>`, `data-label="Satır">12001</td>`,
		"Geçerli bir tür seçin.", "Bu alan zorunludur."} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(res.Body, `data-label="Satır">2</td>`) || strings.Contains(res.Body, `name="upload"`) {
		t.Errorf("a good line is reported, or the bad file may be confirmed")
	}
	if n := e.orgTotal(network.OrgFilter{Query: "Hatalı Dosya Derneği"}); n != 0 {
		t.Errorf("a bad file saved %d rows", n)
	}
}

// TestImportSizes checks which files go to the background: small ones
// still get their report in the upload's own answer.
func TestImportSizes(t *testing.T) {
	rows := func(n int) []byte {
		return append([]byte("name,kind\n"), bytes.Repeat([]byte("Kent Derneği,ngo\n"), n)...)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"a few rows", rows(3), false},
		{"as many rows as the limit", rows(backgroundRows), false},
		{"one row more, without a final line break", bytes.TrimSuffix(rows(backgroundRows+1), []byte("\n")), true},
		{"few rows but many bytes", append(rows(3), bytes.Repeat([]byte(" "), backgroundBytes)...), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := inBackground(tc.data); got != tc.want {
				t.Errorf("inBackground = %v (%d rows estimated), want %v", got, estimateRows(tc.data), tc.want)
			}
		})
	}

	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	file, _, _ := largeOrgsFile(t, e, 4_000, 0)
	res := e.upload(admin, "/import/organisations", "kurumlar.csv", file)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Dosya temiz") || !strings.Contains(res.Body, `name="upload"`) {
		t.Fatalf("a file of 4,000 rows: status %d\n%s", res.StatusCode, excerpt(res.Body))
	}
	id := regexp.MustCompile(`name="upload" value="([0-9a-f]{32})"`).FindStringSubmatch(res.Body)[1]
	if page := e.get(admin, "/import/organisations/jobs/"+id); page.StatusCode != http.StatusNotFound {
		t.Errorf("a file checked in its request has a job page: %d", page.StatusCode)
	}
	if ok := e.post(admin, "/import/organisations/confirm", url.Values{"upload": {id}}); ok.StatusCode != http.StatusSeeOther || ok.Header.Get("Location") != "/import" {
		t.Errorf("its confirmation: %d %q", ok.StatusCode, ok.Header.Get("Location"))
	}
}

// jobClock is a clock for the staging service that tests move forward.
type jobClock struct{ shift atomic.Int64 }

func (c *jobClock) now() time.Time          { return time.Now().Add(time.Duration(c.shift.Load())) }
func (c *jobClock) forward(d time.Duration) { c.shift.Add(int64(d)) }

// fakeJob records a job on an upload for the session of client c, as if a
// worker had started it, but runs nothing: a worker that vanished.
func (e *testEnv) fakeJob(c *http.Client, email, kind string, state staging.JobState, done, total int) string {
	e.t.Helper()
	if u := e.users[email]; u == nil {
		e.t.Fatalf("no test account %s", email)
	}
	return e.fakeJobIn(e.cookieOf(c), kind, state, done, total)
}

// fakeJobIn is fakeJob for the session whose cookie holds token.
func (e *testEnv) fakeJobIn(token, kind string, state staging.JobState, done, total int) string {
	e.t.Helper()
	u, _, err := e.accounts.Authenticate(context.Background(), token)
	if err != nil {
		e.t.Fatalf("the session of a fake job: %v", err)
	}
	ctx := birlik.WithActor(context.Background(), u.Actor())
	session := accounts.HashToken(token)
	st := e.srv.stage
	up, err := st.Put(ctx, session, kind, "kurumlar.csv", bytes.Repeat([]byte("x"), 3<<19)) // 1.5 MB
	if err != nil {
		e.t.Fatal(err)
	}
	from := staging.NoJob
	if state == staging.Saving {
		if err := st.Start(ctx, up.ID, session, kind, staging.NoJob, staging.Checking, total); err != nil {
			e.t.Fatal(err)
		}
		if err := st.Finish(ctx, up.ID, staging.Checking, staging.Checked, []byte(`{}`)); err != nil {
			e.t.Fatal(err)
		}
		from = staging.Checked
	}
	if err := st.Start(ctx, up.ID, session, kind, from, state, total); err != nil {
		e.t.Fatal(err)
	}
	if err := st.Progress(ctx, up.ID, state, done, total); err != nil {
		e.t.Fatal(err)
	}
	return jobPath(kind, up.ID)
}

// TestImportJobProgress shows a running job's page, with and without
// numbers, and a job whose worker vanished reported failed after the
// timeout rather than running for ever.
func TestImportJobProgress(t *testing.T) {
	e := newEnv(t)
	clock := &jobClock{}
	e.srv.stage.Now = clock.now
	admin := e.signedIn(adminEmail)

	checking := e.fakeJob(admin, adminEmail, "organisations", staging.Checking, 4_000, 12_000)
	saving := e.fakeJob(admin, adminEmail, "people", staging.Saving, 0, 12_000)
	clock.forward(5 * time.Second)

	page := e.get(admin, checking)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("status %d", page.StatusCode)
	}
	for _, want := range []string{"<h1>Kurum dosyası denetleniyor</h1>", "kurumlar.csv (1,5 MB)",
		`<progress id="job-bar" aria-labelledby="job-progress-label" aria-describedby="job-text" max="12000" value="4000">%33</progress>`,
		`role="status" aria-live="polite"`, "Yaklaşık 12.000 satırın 4.000 tanesi denetlendi.", "5 saniye önce başladı.",
		`<a class="button" href="` + checking + `">Yenile</a>`, `data-job-progress="` + checking + `/progress.json"`, "/static/js/import.js?v="} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the page of a running check lacks %q", want)
		}
	}
	if _, j := e.jobProgress(admin, checking); !j.Running || j.State != "checking" || j.Done != 4000 || j.Total != 12000 ||
		j.Percent != "%33" || j.Text != "Yaklaşık 12.000 satırın 4.000 tanesi denetlendi." || j.Started != "5 saniye önce başladı." {
		t.Errorf("progress.json of a running check: %+v", j)
	}
	page = e.get(admin, saving+"?lang=en")
	for _, want := range []string{"<h1>Saving the people</h1>", "Saving 12,000 records…",
		`<progress id="job-bar" aria-labelledby="job-progress-label" aria-describedby="job-text"></progress>`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the page of a save without numbers yet lacks %q", want)
		}
	}

	// The workers are gone: the jobs stay as they were until the timeout,
	// then are reported failed, with what to do.
	clock.forward(e.srv.stage.StaleAfter - 10*time.Second)
	if _, j := e.jobProgress(admin, checking); !j.Running {
		t.Fatalf("failed before the timeout: %+v", j)
	}
	clock.forward(10 * time.Second)
	if _, j := e.jobProgress(admin, checking); j.Running || j.State != "failed" {
		t.Errorf("progress.json after the timeout: %+v", j)
	}
	for path, want := range map[string]string{
		checking: "Bu dosyayı denetleyen sunucu yanıt vermeyi bıraktı.",
		saving:   "Bu dosyayı kaydeden sunucu yanıt vermeyi bıraktı; içe aktarma kaydedilmemiş olabilir.",
	} {
		page := e.get(admin, path)
		for _, want := range []string{"<h1>İçe aktarma durdu</h1>", want, `href="/import">Dosyayı yeniden yükleyin`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("%s after the timeout lacks %q\n%s", path, want, excerpt(page.Body))
			}
		}
		if strings.Contains(page.Body, "import.js") || strings.Contains(page.Body, "job-bar") {
			t.Errorf("%s: a failed job is still followed", path)
		}
	}
}

// TestImportJobEnds covers the ways background work ends other than
// finishing: the server shutting down, a panic, and too many at once.
func TestImportJobEnds(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)
	ctx := birlik.WithActor(context.Background(), e.users[adminEmail].Actor())
	job := func(work func(ctx context.Context, p *jobProgress) (staging.JobState, any, error)) (path string, ended chan struct{}) {
		t.Helper()
		path = e.fakeJob(admin, adminEmail, "organisations", staging.Checking, 0, 100)
		slot, ok := e.srv.jobs.reserve()
		if !ok {
			t.Fatal("no slot free")
		}
		ended = make(chan struct{})
		slot.run(ctx, func(ctx context.Context) {
			defer close(ended)
			e.srv.runImportJob(ctx, jobPathRE.FindStringSubmatch(path)[2], staging.Checking, 100, work)
		})
		return path, ended
	}
	failure := func(path, want string) {
		t.Helper()
		if page := e.get(admin, path); !strings.Contains(page.Body, want) {
			t.Errorf("%s does not say %q\n%s", path, want, excerpt(page.Body))
		}
	}

	t.Run("a panic", func(t *testing.T) {
		path, ended := job(func(context.Context, *jobProgress) (staging.JobState, any, error) { panic("on purpose") })
		<-ended
		failure(path, "İş beklenmeyen bir hata yüzünden durdu")
	})

	t.Run("a refused file", func(t *testing.T) {
		path, ended := job(func(context.Context, *jobProgress) (staging.JobState, any, error) {
			return "", nil, birlik.Errorf(birlik.EINVALID, "error.network.csv.too_many_rows", "max", network.MaxImportRows)
		})
		<-ended
		failure(path, "200.000")
	})

	t.Run("too many at once", func(t *testing.T) {
		var slots []*jobSlot
		for range importWorkers {
			s, ok := e.srv.jobs.reserve()
			if !ok {
				t.Fatal("no slot free")
			}
			slots = append(slots, s)
		}
		file, _, _ := largeOrgsFile(t, e, 6_000, 0)
		res := e.upload(admin, "/import/organisations", "kurumlar.csv", file)
		if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "Bu sunucu şu anda başka büyük içe aktarmalar üzerinde çalışıyor.") {
			t.Errorf("an upload with every worker busy: %d\n%s", res.StatusCode, excerpt(res.Body))
		}
		for _, s := range slots {
			s.release()
		}
		e.followJob(admin, startedJob(t, e.upload(admin, "/import/organisations", "kurumlar.csv", file)))
	})

	t.Run("the server shuts down", func(t *testing.T) {
		running := make(chan struct{})
		path, ended := job(func(ctx context.Context, p *jobProgress) (staging.JobState, any, error) {
			close(running)
			<-ctx.Done()
			return "", nil, ctx.Err()
		})
		<-running
		if err := e.srv.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		select {
		case <-ended:
		default:
			t.Fatal("Shutdown returned before the job ended")
		}
		failure(path, "Sunucu kapatıldığı için iş yarıda kaldı")
		if _, ok := e.srv.jobs.reserve(); ok {
			t.Error("a job may start after the shutdown")
		}
	})
}

// TestJobRunnerShutdownBound checks that Shutdown gives up waiting when
// its context ends, rather than hanging on a job that does not stop.
func TestJobRunnerShutdownBound(t *testing.T) {
	r := newJobRunner(1, nil)
	release := make(chan struct{})
	slot, _ := r.reserve()
	slot.run(context.Background(), func(context.Context) { <-release })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := r.shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("shutdown with a stuck job: %v", err)
	}
	close(release)
	if err := r.shutdown(context.Background()); err != nil {
		t.Errorf("shutdown once the job returned: %v", err)
	}
}
