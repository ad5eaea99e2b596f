package transport_test

import (
	"net/http"
	"sync"
	"time"

	"almwiz/providers/transport"
)

// waits records every pause the policy asks for, without sleeping.
type waits struct {
	mu      sync.Mutex
	delays  []time.Duration
	reasons []string
}

func (w *waits) sleep(*http.Request, time.Duration) error { return nil }

func (w *waits) onWait(_ *http.Request, d time.Duration, reason string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.delays = append(w.delays, d)
	w.reasons = append(w.reasons, reason)
}

func (w *waits) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.delays)
}

// quickClient is a policy client that records waits instead of sleeping.
func quickClient(w *waits, o transport.Options) *http.Client {
	o.Sleep, o.OnWait = w.sleep, w.onWait
	if o.MinDelay == 0 {
		o.MinDelay = time.Millisecond
	}
	return transport.New(o)
}
