package sandbox

import (
	"net/http"
	"sync"
)

// saver writes state in the background after changes, coalescing bursts: a
// change during a save causes exactly one more save.
type saver struct {
	save    func() error
	dirty   chan struct{}
	done    chan struct{}
	mu      sync.Mutex
	lastErr error
	stopped bool
}

func newSaver(save func() error) *saver {
	sv := &saver{save: save, dirty: make(chan struct{}, 1), done: make(chan struct{})}
	go sv.loop()
	return sv
}

func (sv *saver) loop() {
	defer close(sv.done)
	for range sv.dirty {
		sv.record(sv.save())
	}
}

func (sv *saver) record(err error) {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	sv.lastErr = err
}

// touch schedules a save.
func (sv *saver) touch() {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if sv.stopped {
		return
	}
	select {
	case sv.dirty <- struct{}{}:
	default:
	}
}

// stop saves once more and ends the loop, reporting the last save's error.
func (sv *saver) stop() error {
	sv.mu.Lock()
	sv.stopped = true
	close(sv.dirty)
	sv.mu.Unlock()
	<-sv.done
	sv.record(sv.save())
	sv.mu.Lock()
	defer sv.mu.Unlock()
	return sv.lastErr
}

// abandon ends the loop without a last save, for a sandbox that never started.
func (sv *saver) abandon() {
	sv.mu.Lock()
	sv.stopped = true
	close(sv.dirty)
	sv.mu.Unlock()
	<-sv.done
}

// noteChange schedules a save after a request that may have changed state.
func (s *Server) noteChange(r *http.Request, status int) {
	if s.saver == nil || status >= 500 {
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return
	}
	s.saver.touch()
}

// touchState schedules a save after a control-route change.
func (s *Server) touchState() {
	if s.saver != nil {
		s.saver.touch()
	}
}

func (s *Server) stopSaver() error {
	if s.saver == nil {
		return nil
	}
	return s.saver.stop()
}
