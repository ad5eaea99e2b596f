package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// registerControl mounts the control and inspection routes (see DESIGN.md, Contract).
func (s *Server) registerControl() {
	p := emulator.PrefixControl
	s.mux.HandleFunc("GET "+p+"/endpoints", s.handleEndpoints)
	s.mux.HandleFunc("GET "+p+"/inventory", s.handleInventory)
	s.mux.HandleFunc("GET "+p+"/requests", s.handleRequests)
	s.mux.HandleFunc("GET "+p+"/violations", s.handleViolations)
	s.mux.HandleFunc("POST "+p+"/reset", s.handleReset)
	s.mux.HandleFunc("POST "+p+"/seed", s.handleSeed)
	s.mux.HandleFunc("POST "+p+"/faults", s.handleQueueFaults)
	s.mux.HandleFunc("GET "+p+"/faults", s.handleListFaults)
	s.mux.HandleFunc("POST "+p+"/clock", s.handleClock)
}

func (s *Server) handleEndpoints(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, endpointsFor(emulator.BaseURL(r)))
}

// Inventory merges every service's inventory by kind. A kind two services
// both report is kept per service as "<service>.<kind>" for the second.
func (s *Server) Inventory(secrets bool) map[string]any {
	out := map[string]any{}
	for _, svc := range s.services {
		for kind, v := range svc.Inventory(secrets) {
			if _, taken := out[kind]; taken {
				kind = svc.Name() + "." + kind
			}
			out[kind] = v
		}
	}
	return out
}

func (s *Server) handleInventory(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Inventory(r.URL.Query().Get("secrets") == "true"))
}

func (s *Server) handleRequests(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.log.all())
}

// Reset empties every service, the request log and the queued faults.
func (s *Server) Reset() {
	for _, svc := range s.services {
		svc.Reset()
	}
	s.log.clear()
	s.queue.clear()
	s.touchState()
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	w.WriteHeader(http.StatusNoContent)
}

// Seed hands seed to every service.
func (s *Server) Seed(seed emulator.Seed) error {
	var errs []error
	for _, svc := range s.services {
		if err := svc.Seed(seed); err != nil {
			errs = append(errs, fmt.Errorf("seed %s: %w", svc.Name(), err))
		}
	}
	s.touchState()
	return errors.Join(errs...)
}

func (s *Server) handleSeed(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	seed, err := seedFromBody(r.Header.Get("Content-Type"), body)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if err := s.Seed(seed); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	writeJSON(w, http.StatusOK, s.Inventory(false))
}

// QueueFault makes the next matching requests fail as q says.
func (s *Server) QueueFault(q QueuedFault) error {
	if err := q.validate(); err != nil {
		return err
	}
	s.queue.add(q)
	return nil
}

// handleQueueFaults accepts one fault object or an array of them.
func (s *Server) handleQueueFaults(w http.ResponseWriter, r *http.Request) {
	var raw json.RawMessage
	if err := decodeBody(r, &raw); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	var list []QueuedFault
	if err := json.Unmarshal(raw, &list); err != nil {
		var one QueuedFault
		if err := json.Unmarshal(raw, &one); err != nil {
			writeError(w, http.StatusBadRequest, fmt.Errorf("read fault: %w", err))
			return
		}
		list = []QueuedFault{one}
	}
	for _, q := range list {
		if err := s.QueueFault(q); err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, s.queue.list())
}

func (s *Server) handleListFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.queue.list())
}

// handleClock moves the sandbox clock: {"advance":"10m"}.
func (s *Server) handleClock(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Advance string `json:"advance"`
	}
	if err := decodeBody(r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	d, err := time.ParseDuration(req.Advance)
	if err != nil || d < 0 {
		writeError(w, http.StatusBadRequest, fmt.Errorf("advance %q: want a positive duration such as 10m", req.Advance))
		return
	}
	s.Advance(d)
	writeJSON(w, http.StatusOK, map[string]string{"now": s.clock.Now().UTC().Format(time.RFC3339)})
}

func decodeBody(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("read body: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("read JSON body: %w", err)
	}
	return nil
}

func jsonUnmarshal(b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("read JSON body: %w", err)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
