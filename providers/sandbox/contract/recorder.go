package contract

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// Recorder keeps the violations of the requests it checked.
type Recorder struct {
	// Authorized, when set, tells whether the request carries credentials
	// the service accepts; a request it rejects is not checked, so the
	// emulator answers 401 first, as the real service does.
	Authorized func(r *http.Request, service string) bool

	mu   sync.Mutex
	list []Violation
}

// maxRecorded bounds what a Recorder keeps.
const maxRecorded = 1000

// Check checks r, records a violation and answers 400 for a refused one;
// it reports whether the request may go on to the handler.
func (rec *Recorder) Check(w http.ResponseWriter, r *http.Request) (*Violation, bool) {
	v := Check(r)
	if v == nil || (rec.Authorized != nil && !rec.Authorized(r, v.Service)) {
		return nil, true
	}
	rec.mu.Lock()
	if len(rec.list) < maxRecorded {
		rec.list = append(rec.list, *v)
	}
	rec.mu.Unlock()
	if v.Refused {
		WriteRefusal(w, v)
		return v, false
	}
	return v, true
}

// Handler checks every request before next serves it.
func (rec *Recorder) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := rec.Check(w, r); ok {
			next.ServeHTTP(w, r)
		}
	})
}

// Violations returns what was recorded.
func (rec *Recorder) Violations() []Violation {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Violation{}, rec.list...)
}

// Take returns what was recorded and forgets it, for a test that breaks the
// contract on purpose.
func (rec *Recorder) Take() []Violation {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := rec.list
	rec.list = nil
	return out
}

// WriteRefusal answers a refused request with the service's 400.
func WriteRefusal(w http.ResponseWriter, v *Violation) {
	var body any
	if v.Service == "graph" {
		body = map[string]any{"error": map[string]any{"code": "Request_BadRequest", "message": v.Message,
			"innerError": map[string]any{"date": time.Now().UTC().Format("2006-01-02T15:04:05")}}}
	} else {
		key := v.TypeKey
		if key == "" {
			key = "InvalidArgumentValueException"
		}
		body = map[string]any{"$id": "1", "innerException": nil, "message": v.Message,
			"typeName": "Microsoft.TeamFoundation.Framework.Server." + key + ", Microsoft.TeamFoundation.Framework.Server",
			"typeKey":  key, "errorCode": 0, "eventId": 3000}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(body)
}

// Audience is the token audience of a checked service.
func Audience(service string) string {
	if service == "graph" {
		return emulator.AudienceGraph
	}
	return emulator.AudienceDevOps
}

// TB is the part of testing.TB that FailOnViolations uses.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Cleanup(func())
}

// FailOnViolations fails t at cleanup for every violation violations
// returns then, so a test cannot pass while sending requests outside the
// contract.
func FailOnViolations(t TB, violations func() []Violation) {
	t.Helper()
	t.Cleanup(func() {
		for _, v := range violations() {
			t.Errorf("sandbox contract: %s %s: %s", v.Method, v.Path, v.Message)
		}
	})
}
