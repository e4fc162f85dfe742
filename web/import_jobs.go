package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"

	"birlik"
	"birlik/locale"
	"birlik/staging"
)

// Large imports. Checking a file of 200,000 rows takes about a second and
// saving it tens of seconds: too long to keep a person looking at a
// request that does not answer. A large file is therefore kept in the
// staging store at once, checked by a background job on this server, and
// the upload answers with a redirect to a status page that shows how far
// the work has gone and then its report; a confirmation does the same for
// the save. The job's state, progress and result live with the kept upload
// in the database (staging.Job), not in this process, so that behind a
// load balancer any app server can show the status page, and a job whose
// server died is seen as such (staging.Service.Status) instead of
// spinning for ever. The page works without JavaScript (a Refresh link);
// js/import.js follows the job by itself.

const (
	// Files with more rows or bytes than these are checked and saved in the
	// background. Below them the work takes well under a second (5,000
	// rows: some 20 ms to check, 0.4 s to save) and answering in the same
	// request is simpler for everyone.
	backgroundRows  = 5_000
	backgroundBytes = 1 << 20
	// importWorkers is how many imports one server works on at once; each
	// may hold a 50 MB file and its parsed rows in memory. Imports are
	// rare (union staff only): a third one is refused with "try again".
	importWorkers = 2
	// A job writes its progress at most every progressStep lines or
	// records, and at most once per progressTick, so that progress costs a
	// few writes per import rather than one per row; and at least every
	// heartbeat, so that staging does not take a live job for a dead one.
	progressStep = 2_000
	progressTick = time.Second
	heartbeat    = 10 * time.Second
)

// inBackground reports whether a file is large enough to be checked and
// saved in the background.
func inBackground(data []byte) bool {
	return len(data) > backgroundBytes || estimateRows(data) > backgroundRows
}

// estimateRows counts the lines of a file after its header: its rows,
// give or take blank lines and line breaks inside quoted cells. It is the
// size of the check's progress bar.
func estimateRows(data []byte) int {
	n := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return max(n-1, 0)
}

// jobPath is the status page of the background work on an upload.
func jobPath(kind, id string) string { return "/import/" + kind + "/jobs/" + id }

// checkInBackground keeps a large upload and starts its check in the
// background, returning the upload's id. It returns ETHROTTLED when this
// server already works on as many imports as it may.
func (s *Server) checkInBackground(r *http.Request, kind, name string, data []byte) (string, error) {
	slot, ok := s.jobs.reserve()
	if !ok {
		return "", birlik.Errorf(birlik.ETHROTTLED, "error.import.job.busy")
	}
	defer slot.release()
	ctx, session := r.Context(), sessionKey(r)
	u, err := s.stage.Put(ctx, session, kind, name, data)
	if err != nil {
		return "", err
	}
	total := estimateRows(data)
	if err := s.stage.Start(ctx, u.ID, session, kind, staging.NoJob, staging.Checking, total); err != nil {
		return "", err
	}
	slot.run(ctx, func(ctx context.Context) {
		s.runImportJob(ctx, u.ID, staging.Checking, total, func(ctx context.Context, p *jobProgress) (staging.JobState, any, error) {
			c, err := s.checkImport(ctx, kind, data, p.lines)
			if err != nil {
				return "", nil, err
			}
			return staging.Checked, c, nil
		})
	})
	return u.ID, nil
}

// savedImport is the result of a save done in the background.
type savedImport struct{ Created, Updated int }

// saveInBackground starts the save of an upload checked in the
// background. Like importConfirm, the job checks the file again first: a
// file that has become invalid goes back to Checked with its new report,
// and nothing is saved. It returns ENOTFOUND when the upload is no longer
// waiting for its confirmation (a second confirmation, say), and
// ETHROTTLED when this server is busy with other imports.
func (s *Server) saveInBackground(r *http.Request, kind string, u *staging.Upload) error {
	var checked importCheck
	if err := json.Unmarshal(u.Result, &checked); err != nil {
		return fmt.Errorf("import job %s: report: %w", u.ID, err)
	}
	slot, ok := s.jobs.reserve()
	if !ok {
		return birlik.Errorf(birlik.ETHROTTLED, "error.import.job.busy")
	}
	defer slot.release()
	ctx := r.Context()
	total := checked.Creates + checked.Updates
	if err := s.stage.Start(ctx, u.ID, sessionKey(r), kind, staging.Checked, staging.Saving, total); err != nil {
		return err
	}
	data := u.Data
	slot.run(ctx, func(ctx context.Context) {
		s.runImportJob(ctx, u.ID, staging.Saving, total, func(ctx context.Context, p *jobProgress) (staging.JobState, any, error) {
			c, err := s.checkImport(ctx, kind, data, nil)
			if err != nil {
				return "", nil, err
			}
			if len(c.Errors) > 0 {
				return staging.Checked, c, nil
			}
			created, updated, err := c.save(ctx, p.records)
			if err != nil {
				return "", nil, err
			}
			return staging.Saved, savedImport{Created: created, Updated: updated}, nil
		})
	})
	return nil
}

// runImportJob runs work on the upload id, whose job is in state running
// with total as its size, and records how the work ended: the state it
// returns with its result as JSON, or a failure. The outcome is recorded
// even when ctx has ended (the server is shutting down): that is when the
// person following the job most needs to hear of it.
func (s *Server) runImportJob(ctx context.Context, id string, running staging.JobState, total int,
	work func(ctx context.Context, p *jobProgress) (staging.JobState, any, error)) {
	p := s.trackProgress(ctx, id, running, total)
	to, result, err := func() (to staging.JobState, result any, err error) {
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("panic: %v\n%s", v, debug.Stack())
			}
		}()
		return work(ctx, p)
	}()
	p.stop()
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var data []byte
	if err == nil {
		if data, err = json.Marshal(result); err == nil {
			err = s.stage.Finish(rctx, id, running, to, data)
			if birlik.ErrorCode(err) == birlik.ENOTFOUND {
				return // gone meanwhile (expired): nobody left to tell
			}
		}
		if err == nil {
			return
		}
	}
	reason, detail := "error.import.job.failed", []byte(nil)
	var e *birlik.Error
	switch {
	case ctx.Err() != nil:
		reason = "error.import.job.stopped"
	case errors.As(err, &e) && e.Code == birlik.EINVALID:
		// The file itself is refused (too many rows, say): the person
		// hears why, with the message's values kept as the detail.
		reason = e.Message
		detail, _ = json.Marshal(e.Args)
	default:
		s.log.ErrorContext(ctx, "import job failed", "upload", id, "state", running, "error", err)
	}
	if err := s.stage.Fail(rctx, id, running, reason, detail); err != nil && birlik.ErrorCode(err) != birlik.ENOTFOUND {
		s.log.ErrorContext(ctx, "import job: record the failure", "upload", id, "error", err)
	}
}

// jobProgress carries a job's progress from its work to the database.
// The work only stores numbers here: a save reports progress from inside
// its transaction, which on SQLite holds the only writer connection, so a
// write from there would wait for itself. A goroutine of its own writes
// them instead (trackProgress). While a save's transaction holds SQLite's
// writer, that goroutine's writes wait for the commit, so on SQLite the
// status page sees a save start and end but no numbers in between;
// PostgreSQL shows them as they come.
type jobProgress struct {
	done, total atomic.Int64
	stop        func() // ends the writing goroutine and waits for it
}

// lines is the progress function of a check.
func (p *jobProgress) lines(n int) { p.done.Store(int64(n)) }

// records is the progress function of a save.
func (p *jobProgress) records(done, total int) {
	p.total.Store(int64(total))
	p.done.Store(int64(done))
}

// trackProgress returns the progress of the job on upload id and starts
// the goroutine that writes it: every progressTick when it has moved by
// progressStep, and every heartbeat regardless, as the job's sign of life.
func (s *Server) trackProgress(ctx context.Context, id string, state staging.JobState, total int) *jobProgress {
	p := &jobProgress{}
	p.total.Store(int64(total))
	ctx, cancel := context.WithCancel(ctx)
	ended := make(chan struct{})
	p.stop = func() { cancel(); <-ended }
	go func() {
		defer close(ended)
		tick := time.NewTicker(progressTick)
		defer tick.Stop()
		var written int64
		writtenAt := time.Now()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			done := p.done.Load()
			if done-written < progressStep && time.Since(writtenAt) < heartbeat {
				continue
			}
			err := s.stage.Progress(ctx, id, state, int(done), int(p.total.Load()))
			if err != nil && ctx.Err() == nil && birlik.ErrorCode(err) != birlik.ENOTFOUND {
				s.log.WarnContext(ctx, "import job: record progress", "upload", id, "error", err)
			}
			written, writtenAt = done, time.Now()
		}
	}()
	return p
}

// importJob finds the upload of the job a request names, kept for the
// same account and session; anyone else's, or none, is ENOTFOUND.
func (s *Server) importJob(r *http.Request) (string, *staging.Upload, error) {
	kind, err := importKind(r)
	if err != nil {
		return "", nil, err
	}
	u, err := s.stage.Status(r.Context(), r.PathValue("id"), sessionKey(r), kind)
	if err != nil {
		return "", nil, err
	}
	if u.State == staging.NoJob {
		// Checked within its request: it has no status page.
		return "", nil, birlik.Errorf(birlik.ENOTFOUND, "error.staging.expired")
	}
	return kind, u, nil
}

// importJobView is a running or failed job as its status page and the
// page's JSON show it, every sentence translated.
type importJobView struct {
	Kind, ID string
	State    staging.JobState
	Running  bool
	Title    string
	File     string // the file's name and size
	// Done of Total is how far the work has gone; Total is 0 when not
	// known yet (the bar then moves without a value).
	Done, Total int
	Percent     string // Done of Total as a percentage, for the bar's text
	Text        string // how far the work has gone, in words
	Started     string // how long ago the work started
	Failure     string // why the work stopped, when Failed
}

func (s *Server) jobView(l *locale.Lang, kind string, u *staging.Upload) importJobView {
	v := importJobView{Kind: kind, ID: u.ID, State: u.State, Running: u.State.Running(), Done: u.Done, Total: u.Total}
	v.File = l.T("network.import.job.file", "name", u.Name, "size", fileSize(l, u.Size))
	v.Started = l.N("network.import.job.started", int64(s.stage.Now().Sub(u.StartedAt).Seconds()))
	if v.Done > v.Total {
		v.Total = v.Done // an estimate that fell short
	}
	if v.Total > 0 {
		v.Percent = l.N("network.import.job.percent", int64(v.Done*100/v.Total))
	}
	switch u.State {
	case staging.Checking:
		v.Title = l.T("network.import.job.title.checking." + kind)
		v.Text = l.N("network.import.job.lines_checked", int64(v.Done), "total", v.Total)
	case staging.Saving:
		v.Title = l.T("network.import.job.title.saving." + kind)
		if v.Done == 0 {
			// Re-checking, or writing on SQLite (see jobProgress): no
			// numbers to show yet, only the size of the work.
			v.Text = l.N("network.import.job.saving", int64(v.Total))
			v.Total, v.Percent = 0, ""
		} else {
			v.Text = l.N("network.import.job.records_saved", int64(v.Done), "total", v.Total)
		}
	default:
		v.Title = l.T("network.import.job.title.failed")
		var args []any
		if len(u.Result) > 0 {
			json.Unmarshal(u.Result, &args) // the failure's values; none if unreadable
		}
		v.Failure = l.T(u.Failure, args...)
	}
	return v
}

// fileSize writes a file's size in kilobytes or megabytes.
func fileSize(l *locale.Lang, n int) string {
	if n < 1<<20 {
		return l.T("network.import.job.size.kb", "size", max((n+512)>>10, 1))
	}
	return l.T("network.import.job.size.mb", "size", float64(n*10>>20)/10)
}
