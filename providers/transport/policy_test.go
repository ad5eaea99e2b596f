package transport_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"almwiz/providers/transport"
)

// scripted is a server that answers the n-th request (from 1) with step(n).
func scripted(t *testing.T, step func(n int, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		step(int(n.Add(1)), w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// drop closes the connection without answering.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	_ = conn.Close()
}

func TestRetryHonoursTheServiceWait(t *testing.T) {
	date := func() string { return time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat) }
	tests := []struct {
		name     string
		header   func(h http.Header)
		min, max time.Duration
	}{
		{"Retry-After in seconds", func(h http.Header) { h.Set("Retry-After", "2") }, 2 * time.Second, 2 * time.Second},
		{"Retry-After as an HTTP date", func(h http.Header) { h.Set("Retry-After", date()) }, time.Second, 3 * time.Second},
		{"x-ms-retry-after-ms", func(h http.Header) { h.Set("x-ms-retry-after-ms", "1500") }, 1500 * time.Millisecond, 1500 * time.Millisecond},
		{"x-ms-retry-after-ms wins over Retry-After", func(h http.Header) {
			h.Set("x-ms-retry-after-ms", "250")
			h.Set("Retry-After", "9")
		}, 250 * time.Millisecond, 250 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					tt.header(w.Header())
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				_, _ = io.WriteString(w, "ok")
			})
			var w waits
			resp, err := quickClient(&w, transport.Options{}).Get(srv.URL + "/graph/v1.0/groups")
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("got %v, %v", resp, err)
			}
			resp.Body.Close()
			if n.Load() != 2 || len(w.delays) != 1 {
				t.Fatalf("attempts = %d, waits = %v", n.Load(), w.delays)
			}
			if d := w.delays[0]; d < tt.min || d > tt.max {
				t.Errorf("waited %v, want between %v and %v", d, tt.min, tt.max)
			}
			if w.reasons[0] != "throttled by Microsoft Graph" {
				t.Errorf("reason = %q", w.reasons[0])
			}
		})
	}
}

func TestRetryByMethodAndFailure(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		safe     bool
		fail     func(w http.ResponseWriter)
		attempts int32
	}{
		{"GET after 503 is retried", "GET", false, status(503), 2},
		{"PUT after 502 is retried", "PUT", false, status(502), 2},
		{"GET after a dropped connection is retried", "GET", false, drop, 2},
		{"DELETE after a dropped connection is retried", "DELETE", false, drop, 2},
		{"POST after 503 is not retried", "POST", false, status(503), 1},
		{"PATCH after 500 is not retried", "PATCH", false, status(500), 1},
		{"POST after a dropped connection is not retried", "POST", false, drop, 1},
		{"POST after 429 is retried", "POST", false, status(429), 2},
		{"PATCH after 429 is retried", "PATCH", false, status(429), 2},
		{"RetrySafe POST after a dropped connection is retried", "POST", true, drop, 2},
		{"RetrySafe PATCH after 503 is retried", "PATCH", true, status(503), 2},
		{"GET after 404 is not retried", "GET", false, status(404), 1},
		{"GET after 501 is not retried", "GET", false, status(501), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const payload = `{"displayName":"ALM Makers"}`
			srv, n := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if b, _ := io.ReadAll(r.Body); r.Method != "GET" && r.Method != "DELETE" && string(b) != payload {
					t.Errorf("attempt %d body = %q", n, b)
				}
				if n == 1 {
					tt.fail(w)
					return
				}
				w.WriteHeader(http.StatusCreated)
			})
			ctx := context.Background()
			if tt.safe {
				ctx = transport.RetrySafe(ctx)
			}
			req, _ := http.NewRequestWithContext(ctx, tt.method, srv.URL+"/devops/contoso/_apis/x", strings.NewReader(payload))
			var w waits
			resp, err := quickClient(&w, transport.Options{}).Do(req)
			if err == nil {
				resp.Body.Close()
			}
			if got := n.Load(); got != tt.attempts {
				t.Errorf("attempts = %d, want %d (err %v)", got, tt.attempts, err)
			}
			if tt.attempts == 2 && (err != nil || resp.StatusCode != http.StatusCreated) {
				t.Errorf("after the retry: %v, %v", resp, err)
			}
		})
	}
}

func status(code int) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		if code == 429 || code == 503 {
			w.Header().Set("Retry-After", "0")
		}
		w.WriteHeader(code)
	}
}

func TestMaxRetriesBoundsTheAttempts(t *testing.T) {
	srv, n := scripted(t, func(_ int, w http.ResponseWriter, _ *http.Request) { status(503)(w) })
	var w waits
	resp, err := quickClient(&w, transport.Options{MaxRetries: 2}).Get(srv.URL + "/devops/contoso/_apis/projects")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n.Load() != 3 || resp.StatusCode != 503 || w.count() != 2 {
		t.Errorf("attempts = %d, status = %d, waits = %d; want 3, 503, 2", n.Load(), resp.StatusCode, w.count())
	}
	if w.reasons[0] != "Azure DevOps is unavailable" {
		t.Errorf("reason = %q", w.reasons[0])
	}
	if _, err := quickClient(&w, transport.Options{MaxRetries: -1}).Get(srv.URL); err != nil || n.Load() != 4 {
		t.Errorf("MaxRetries -1: attempts = %d, want one more", n.Load())
	}
}

func TestCancellingTheContextStopsTheWait(t *testing.T) {
	srv, _ := scripted(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	waited := make(chan struct{}, 1)
	client := transport.New(transport.Options{OnWait: func(*http.Request, time.Duration, string) { waited <- struct{}{} }})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-waited; cancel() }()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	start := time.Now()
	_, err := client.Do(req)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %v to stop", time.Since(start))
	}
}

func TestAnAttemptThatTimesOutIsRetried(t *testing.T) {
	srv, n := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		_, _ = io.WriteString(w, "ok")
	})
	var w waits
	resp, err := quickClient(&w, transport.Options{RequestTimeout: 100 * time.Millisecond}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "ok" || n.Load() != 2 {
		t.Errorf("body %q after %d attempts", b, n.Load())
	}
}

func TestRetryAfterLongerThanMaxRetryAfterIsReturned(t *testing.T) {
	srv, n := scripted(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	var w waits
	resp, err := quickClient(&w, transport.Options{}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || n.Load() != 1 {
		t.Errorf("status %d after %d attempts, want the 429 at once", resp.StatusCode, n.Load())
	}
}

func TestEveryRequestNamesAlmwiz(t *testing.T) {
	srv, _ := scripted(t, func(_ int, w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, r.UserAgent()) })
	resp, err := transport.New(transport.Options{Version: "1.2.3"}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "almwiz/1.2.3" {
		t.Errorf("User-Agent = %q", b)
	}
}

func TestAnUntrustedCertificateIsNotRetried(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	var w waits
	_, err := quickClient(&w, transport.Options{}).Get(srv.URL)
	if err == nil || w.count() != 0 {
		t.Errorf("err = %v after %d waits, want a certificate error at once", err, w.count())
	}
}
