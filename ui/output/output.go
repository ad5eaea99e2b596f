// Package output writes the runner's events for consumers other than the
// interactive progress view: plain lines for logs, non-TTY stderr and the
// accessible mode, and NDJSON for tools.
package output

import "almwiz/steps"

// Writer writes events one at a time.
type Writer interface {
	Write(e steps.Event) error
}

// Consume writes every event of ch to w until ch is closed. It keeps
// draining after a write error, so the runner never blocks on a broken
// pipe, and returns the first error.
func Consume(ch <-chan steps.Event, w Writer) error {
	var first error
	if s, ok := w.(interface{ start() error }); ok {
		first = s.start()
	}
	for e := range ch {
		if err := w.Write(e); err != nil && first == nil {
			first = err
		}
	}
	return first
}
