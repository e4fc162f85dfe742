package web

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
)

// jobRunner runs work in the background of this server: a few jobs at
// most, so that a handful of 50 MB imports cannot take all the memory and
// processors, and all of them stopped by shutdown. It knows nothing of
// what the work is or where it records how it went; an import keeps that
// in the database (import_jobs.go), so that any app server can show it.
type jobRunner struct {
	ctx    context.Context // ends at shutdown; every job's context ends with it
	cancel context.CancelFunc
	log    *slog.Logger
	slots  chan struct{}  // one token per reserved or running job; its capacity is the limit
	wg     sync.WaitGroup // counts reserved and running jobs
	mu     sync.Mutex     // guards closed
	closed bool
}

func newJobRunner(limit int, log *slog.Logger) *jobRunner {
	ctx, cancel := context.WithCancel(context.Background())
	return &jobRunner{ctx: ctx, cancel: cancel, log: log, slots: make(chan struct{}, limit)}
}

// jobSlot is a place for one job, reserved before the job is recorded as
// started, so that a job is never recorded and then refused for want of
// room. It is used once: by run, or given back by release.
type jobSlot struct {
	r    *jobRunner
	used bool
}

// reserve takes a slot, or reports false when every slot is busy or the
// runner has shut down.
func (r *jobRunner) reserve() (*jobSlot, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, false
	}
	select {
	case r.slots <- struct{}{}:
	default:
		return nil, false
	}
	r.wg.Add(1)
	return &jobSlot{r: r}, true
}

// release gives back a slot that run did not use; after run it does
// nothing, so callers defer it right after reserve.
func (s *jobSlot) release() {
	if s.used {
		return
	}
	s.used = true
	<-s.r.slots
	s.r.wg.Done()
}

// run starts fn in the slot, in a goroutine of its own. fn's context
// carries the values of values (the actor, the client's address for the
// audit log) but not its end, since a request's context ends with its
// response; it ends when the runner shuts down. A panic in fn is logged
// and ends the job, not the server.
func (s *jobSlot) run(values context.Context, fn func(ctx context.Context)) {
	s.used = true
	ctx, cancel := context.WithCancel(context.WithoutCancel(values))
	stop := context.AfterFunc(s.r.ctx, cancel)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				s.r.log.Error("background job panicked", "error", fmt.Sprint(v), "stack", string(debug.Stack()))
			}
			stop()
			cancel()
			<-s.r.slots
			s.r.wg.Done()
		}()
		fn(ctx)
	}()
}

// shutdown refuses new jobs, ends the context of those running and waits
// until they have returned, or until ctx ends.
func (r *jobRunner) shutdown(ctx context.Context) error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cancel()
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("background jobs still running: %w", ctx.Err())
	}
}
