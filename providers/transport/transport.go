// Package transport is the one HTTP policy every provider uses: retries with
// backoff that honour Retry-After, no blind retry of a create, deadlines, a
// User-Agent naming almwiz, a redacted --debug request log, and API errors
// that tell the admin what to do.
package transport

import (
	"crypto/tls"
	"io"
	"net/http"
	"time"
)

// Options configure the HTTP client of every provider.
type Options struct {
	// UserAgent names almwiz and its version, e.g. "almwiz/0.1.0". When
	// empty it is "almwiz/" + Version.
	UserAgent string
	// Version is almwiz's version, used when UserAgent is empty (default "dev").
	Version string
	// TLS is the trust for the endpoints; nil uses the system's roots.
	TLS *tls.Config
	// Debug receives one line per request and response, with every
	// Authorization header, secret and token redacted; nil logs nothing.
	Debug io.Writer
	// MaxRetries bounds the retries of one request (default 6; negative
	// means never retry).
	MaxRetries int
	// RequestTimeout bounds one attempt, reading its answer included
	// (default 60 s).
	RequestTimeout time.Duration
	// MinDelay is the first backoff step without Retry-After (default 1 s);
	// MaxDelay caps every backoff step (default 60 s).
	MinDelay, MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After almwiz waits for (default
	// 5 min); a longer one is returned to the caller, who may resume later.
	MaxRetryAfter time.Duration
	// Sleep waits between attempts; tests replace it. Default: a timer that
	// returns early when the request's context ends.
	Sleep func(req *http.Request, d time.Duration) error
	// OnWait is told when a request waits before a retry (for progress text
	// such as "waiting 12 s — throttled by Microsoft Graph").
	OnWait func(req *http.Request, d time.Duration, reason string)
	// Base is the transport the policy sends through; nil builds one from
	// TLS. Tests and callers with their own connection pool set it.
	Base http.RoundTripper
}

// New returns an HTTP client that applies the policy.
func New(o Options) *http.Client {
	o = o.withDefaults()
	next := o.Base
	if next == nil {
		next = &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			TLSClientConfig:     o.TLS.Clone(), // HTTP/2 sets NextProtos on it: never on the caller's, which other clients share
			ForceAttemptHTTP2:   true,
			MaxIdleConnsPerHost: 16,
			IdleConnTimeout:     90 * time.Second,
			TLSHandshakeTimeout: 15 * time.Second,
		}
	}
	return &http.Client{Transport: &policy{next: next, o: o, log: newDebugLog(o.Debug)}}
}

func (o Options) withDefaults() Options {
	if o.Version == "" {
		o.Version = "dev"
	}
	if o.UserAgent == "" {
		o.UserAgent = "almwiz/" + o.Version
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = 6
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = 60 * time.Second
	}
	o.MinDelay = orDefault(o.MinDelay, time.Second)
	o.MaxDelay = orDefault(o.MaxDelay, time.Minute)
	o.MaxRetryAfter = orDefault(o.MaxRetryAfter, 5*time.Minute)
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.OnWait == nil {
		o.OnWait = func(*http.Request, time.Duration, string) {}
	}
	return o
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func sleepCtx(req *http.Request, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-req.Context().Done():
		return req.Context().Err()
	}
}
