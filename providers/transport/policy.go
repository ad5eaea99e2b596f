package transport

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// policy is the RoundTripper that applies Options to every request.
type policy struct {
	next http.RoundTripper
	o    Options
	log  *debugLog
}

// RoundTrip sends req, retrying it as retry.go decides, waiting as
// backoff.go says, and logging every attempt (debuglog.go).
func (p *policy) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 1; ; attempt++ {
		r, err := p.prepare(req, attempt)
		if err != nil {
			return nil, err
		}
		resp, err := p.send(r, attempt)
		w, retry := p.decide(req, resp, err, attempt)
		if !retry {
			return resp, err
		}
		discard(resp)
		p.o.OnWait(req, w.delay, w.reason)
		if err := p.o.Sleep(req, w.delay); err != nil {
			return nil, fmt.Errorf("wait to retry %s %s: %w", req.Method, redactURL(req.URL), err)
		}
	}
}

// prepare clones req for one attempt with the User-Agent set and, after the
// first attempt, a fresh copy of the body.
func (p *policy) prepare(req *http.Request, attempt int) (*http.Request, error) {
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", p.o.UserAgent)
	if attempt == 1 || req.Body == nil || req.Body == http.NoBody {
		return r, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, fmt.Errorf("replay the body of %s %s: %w", req.Method, redactURL(req.URL), err)
	}
	r.Body = body
	return r, nil
}

// send makes one attempt bounded by RequestTimeout; the deadline holds
// until the caller closes the answer's body.
func (p *policy) send(req *http.Request, attempt int) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), p.o.RequestTimeout)
	start := time.Now()
	resp, err := p.next.RoundTrip(req.WithContext(ctx))
	p.log.attempt(req, resp, err, time.Since(start), attempt)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends an attempt's deadline when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

// Close closes the body and ends the attempt's deadline.
func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// discard drains (a little of) an answer that will be retried, so its
// connection can be reused.
func discard(resp *http.Response) {
	if resp == nil {
		return
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}

// CloseIdleConnections closes the idle connections of the transport below,
// so http.Client.CloseIdleConnections reaches it.
func (p *policy) CloseIdleConnections() {
	if c, ok := p.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
