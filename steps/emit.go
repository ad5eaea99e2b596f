package steps

import (
	"sync"
	"time"
)

// emitter sends events to the consumer's channel. Events of steps still
// running after the run returned (an abort) are dropped, never sent on a
// closed channel.
type emitter struct {
	mu     sync.RWMutex
	ch     chan<- Event
	closed bool
	abort  <-chan struct{}
	vault  *Vault
}

// emit sends e, with every secret value redacted. After an abort it gives
// up instead of waiting on a slow consumer.
func (m *emitter) emit(e Event) {
	if m.ch == nil {
		return
	}
	m.redact(&e)
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return
	}
	select {
	case m.ch <- e:
	case <-m.abort:
	}
}

// finish sends the last event and closes the channel.
func (m *emitter) finish(e Event) {
	if m.ch == nil {
		return
	}
	m.redact(&e)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	m.ch <- e
	close(m.ch)
	m.closed = true
}

func (m *emitter) redact(e *Event) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	e.Message = m.vault.Redact(e.Message)
	e.Error = m.vault.Redact(e.Error)
	e.Suggestion = m.vault.Redact(e.Suggestion)
	e.Link = m.vault.Redact(e.Link)
}

// stepEvent is an event about s, with its display fields filled in.
func stepEvent(kind EventKind, s Step) Event {
	return Event{Kind: kind, StepID: s.ID(), Title: s.Title(), Service: s.Service(), Scope: s.Scope()}
}
