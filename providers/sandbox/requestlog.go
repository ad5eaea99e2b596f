package sandbox

import (
	"sync"
	"time"
)

// maxLoggedRequests bounds the in-memory request log.
const maxLoggedRequests = 10000

// LoggedRequest is one request as the log keeps it: never headers or bodies.
type LoggedRequest struct {
	Time       time.Time `json:"time"`
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	Status     int       `json:"status"` // 0 when the connection was dropped
	DurationMS float64   `json:"durationMs"`
	Fault      string    `json:"fault,omitempty"` // e.g. "random 429" or "queued drop" when injected
	// Violation says how the request broke the official API description
	// (see package contract); a test that sees one fails.
	Violation string `json:"violation,omitempty"`
}

// requestLog keeps the most recent requests.
type requestLog struct {
	mu      sync.Mutex
	entries []LoggedRequest
}

func (l *requestLog) add(e LoggedRequest) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) >= maxLoggedRequests {
		l.entries = append(l.entries[:0], l.entries[len(l.entries)-maxLoggedRequests+1:]...)
	}
	l.entries = append(l.entries, e)
}

func (l *requestLog) all() []LoggedRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]LoggedRequest{}, l.entries...)
}

func (l *requestLog) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = nil
}
