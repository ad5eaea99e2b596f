package sandbox

import (
	"fmt"
	"net/http"
	"path"
	"strings"
	"sync"
)

// QueuedFault is a fault for the next requests matching Method and Path,
// queued through POST /_sandbox/faults. Path is a pattern as path.Match reads
// it: "*" stands for one path segment.
type QueuedFault struct {
	Method     string `json:"method,omitempty"` // empty or "*": any method
	Path       string `json:"path"`
	Status     int    `json:"status,omitempty"`
	Drop       bool   `json:"drop,omitempty"`
	Count      int    `json:"count,omitempty"`      // default 1
	RetryAfter int    `json:"retryAfter,omitempty"` // seconds; default 1 for 429 and 503
}

func (q QueuedFault) validate() error {
	if _, err := path.Match(q.Path, "/"); err != nil || !strings.HasPrefix(q.Path, "/") {
		return fmt.Errorf("fault path %q: want a pattern starting with /", q.Path)
	}
	if !q.Drop && (q.Status < 400 || q.Status > 599) {
		return fmt.Errorf("fault status %d: want 400-599, or drop", q.Status)
	}
	return nil
}

func (q QueuedFault) matches(r *http.Request) bool {
	if q.Method != "" && q.Method != "*" && !strings.EqualFold(q.Method, r.Method) {
		return false
	}
	ok, _ := path.Match(q.Path, r.URL.Path)
	return ok
}

// faultQueue holds queued faults, first queued first served.
type faultQueue struct {
	mu     sync.Mutex
	faults []QueuedFault
}

func (fq *faultQueue) add(q QueuedFault) {
	if q.Count <= 0 {
		q.Count = 1
	}
	if q.RetryAfter <= 0 {
		q.RetryAfter = 1
	}
	fq.mu.Lock()
	defer fq.mu.Unlock()
	fq.faults = append(fq.faults, q)
}

// take consumes one use of the first queued fault matching r.
func (fq *faultQueue) take(r *http.Request) (injected, bool) {
	fq.mu.Lock()
	defer fq.mu.Unlock()
	for i := range fq.faults {
		q := &fq.faults[i]
		if !q.matches(r) {
			continue
		}
		q.Count--
		f := injected{status: q.Status, drop: q.Drop, retryAfter: q.RetryAfter}
		if q.Count == 0 {
			fq.faults = append(fq.faults[:i], fq.faults[i+1:]...)
		}
		return f, true
	}
	return injected{}, false
}

func (fq *faultQueue) clear() {
	fq.mu.Lock()
	defer fq.mu.Unlock()
	fq.faults = nil
}

func (fq *faultQueue) list() []QueuedFault {
	fq.mu.Lock()
	defer fq.mu.Unlock()
	return append([]QueuedFault{}, fq.faults...)
}
