package wizard

import (
	"context"
	"errors"
	"io"
)

// QuitError says the admin left the accessible wizard at a prompt, with
// Ctrl+C or Ctrl+D; nothing was changed. It exits 130, as an interrupt.
type QuitError struct{ Key string }

func (e *QuitError) Error() string {
	return "left the wizard (" + e.Key + "); nothing was changed — run almwiz again to start over"
}

// ExitCode is 130, as for a process ended by Ctrl+C.
func (e *QuitError) ExitCode() int { return 130 }

// promptInput is the accessible wizard's input. huh's accessible prompts
// cannot tell Enter from the end of input, and keep reading after Ctrl+C
// (the terminal is in line mode: Ctrl+C is SIGINT, which cancels ctx);
// promptInput ends the read at once when ctx is cancelled and remembers an
// end of input, so that the wizard can quit after the prompt.
type promptInput struct {
	ctx     context.Context
	r       io.Reader
	pending chan readResult // a read of r in flight, started by an earlier Read
	rest    []byte
	ended   bool // r reported the end of input (Ctrl+D on a terminal)
}

type readResult struct {
	b   []byte
	err error
}

func newPromptInput(ctx context.Context, r io.Reader) *promptInput {
	return &promptInput{ctx: ctx, r: r}
}

// Read reads r one call at a time — never ahead, so nothing typed for a
// later reader of the terminal is taken — and gives up when ctx ends.
func (p *promptInput) Read(b []byte) (int, error) {
	if len(p.rest) > 0 {
		n := copy(b, p.rest)
		p.rest = p.rest[n:]
		return n, nil
	}
	if p.pending == nil {
		ch, size := make(chan readResult, 1), len(b)
		go func() {
			buf := make([]byte, size)
			n, err := p.r.Read(buf)
			ch <- readResult{buf[:n], err}
		}()
		p.pending = ch
	}
	select {
	case <-p.ctx.Done():
		return 0, p.ctx.Err()
	case res := <-p.pending:
		p.pending = nil
		if errors.Is(res.err, io.EOF) {
			p.ended = true
		}
		n := copy(b, res.b)
		p.rest = res.b[n:]
		return n, res.err
	}
}

// quit says why the last prompt ended without an answer, or nil.
func (p *promptInput) quit() error {
	switch {
	case p.ctx.Err() != nil:
		return &QuitError{Key: "Ctrl+C"}
	case p.ended:
		return &QuitError{Key: "Ctrl+D, the end of input"}
	}
	return nil
}
