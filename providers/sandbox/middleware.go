package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Hijack and Flush.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// isControl reports whether the path is a sandbox route that faults and
// latency leave alone: the control API and the approval page.
func isControl(path string) bool {
	return strings.HasPrefix(path, emulator.PrefixControl+"/") || path == emulator.PrefixControl ||
		strings.HasPrefix(path, emulator.PrefixApproval)
}

// ServeHTTP runs every request through the shared behaviour: log, latency,
// faults, then the service's route; after a change it schedules a save.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w}
	fault, violation := "", ""
	// Deferred so a dropped HTTP/2 stream, which unwinds by panic, is logged too.
	defer func() { s.logRequest(r, rec.status, time.Since(start), fault, violation) }()
	if needsControlToken(r.URL.Path) && !s.controlAllowed(r) {
		writeControlRefusal(rec)
		return
	}
	if !isControl(r.URL.Path) {
		s.delay(r)
		var f injected
		if f, fault = s.drawFault(r); f.any() {
			injectFault(rec, r, f)
			return
		}
		v, ok := s.contract.Check(rec, r)
		if v != nil {
			violation = v.Message
		}
		if !ok {
			return
		}
	}
	s.mux.ServeHTTP(rec, r)
	s.noteChange(r, rec.status)
}

func (s *Server) delay(r *http.Request) {
	if s.opts.Latency <= 0 {
		return
	}
	t := time.NewTimer(s.opts.Latency)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// drawFault picks the fault for a request, a queued one first, and names it
// for the log ("" when there is none).
func (s *Server) drawFault(r *http.Request) (injected, string) {
	kind := "queued"
	f, ok := s.queue.take(r)
	if !ok {
		f, kind = s.faults.draw(), "random"
	}
	switch {
	case f.drop:
		return f, kind + " drop"
	case f.status != 0:
		return f, kind + " " + strconv.Itoa(f.status)
	}
	return f, ""
}

func injectFault(w http.ResponseWriter, r *http.Request, f injected) {
	if f.drop {
		dropConnection(w)
		return
	}
	writeFault(w, r, f)
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2: reset the stream instead
	}
	_ = conn.Close()
}

// writeFault answers with an injected error status in the shape of the
// service's own errors (OAuth for sign-in, an error object elsewhere).
func writeFault(w http.ResponseWriter, r *http.Request, f injected) {
	if f.status == http.StatusTooManyRequests || f.status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(f.retryAfter))
	}
	msg := "Injected by the sandbox fault plan: " + http.StatusText(f.status)
	var body any = map[string]any{"error": map[string]any{"code": strings.ReplaceAll(http.StatusText(f.status), " ", ""), "message": msg}, "message": msg}
	if strings.HasPrefix(r.URL.Path, emulator.PrefixLogin+"/") {
		body = map[string]any{"error": "temporarily_unavailable", "error_description": msg, "error_codes": []int{f.status}}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(f.status)
	_ = json.NewEncoder(w).Encode(body)
}

func (s *Server) logRequest(r *http.Request, status int, d time.Duration, fault, violation string) {
	if r.URL.Path == emulator.PrefixControl+"/requests" {
		return // reading the log does not change it
	}
	e := LoggedRequest{Time: startedAt(d), Method: r.Method, Path: r.URL.Path, Status: status, DurationMS: float64(d.Microseconds()) / 1000, Fault: fault, Violation: violation}
	s.log.add(e)
	if s.opts.Logger != nil {
		s.opts.Logger.Info("request", "method", e.Method, "path", e.Path, "status", e.Status, "duration", d, "fault", fault, "violation", violation)
	}
}

func startedAt(d time.Duration) time.Time { return time.Now().Add(-d).UTC() }
