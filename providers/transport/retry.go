package transport

import (
	"context"
	"net/http"
	"time"
)

// retrySafeKey marks a context whose requests may be repeated whatever
// their method.
type retrySafeKey struct{}

// RetrySafe returns a context under which a POST or PATCH is retried like a
// GET: on 5xx answers and dropped connections. Use it only where repeating
// the request cannot create or change anything twice — a token request, a
// Graph upsert (PATCH with Prefer: create-if-missing), a query sent as POST.
func RetrySafe(ctx context.Context) context.Context {
	return context.WithValue(ctx, retrySafeKey{}, true)
}

// IsRetrySafe reports whether ctx was marked by RetrySafe.
func IsRetrySafe(ctx context.Context) bool {
	safe, _ := ctx.Value(retrySafeKey{}).(bool)
	return safe
}

// idempotentMethods may be repeated without changing the result (RFC 9110
// §9.2.2). PATCH is not among them.
var idempotentMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPut: true,
	http.MethodDelete: true, http.MethodOptions: true, http.MethodTrace: true,
}

// retryStatuses are the answers worth another attempt of a request that may
// be repeated; 429 is retried for every method (the request was not run).
var retryStatuses = map[int]bool{
	http.StatusRequestTimeout: true, http.StatusInternalServerError: true, http.StatusBadGateway: true,
	http.StatusServiceUnavailable: true, http.StatusGatewayTimeout: true,
}

// wait is a decided pause before the next attempt.
type wait struct {
	delay  time.Duration
	reason string
}

// decide says whether the request is tried again after this attempt, and
// after how long.
func (p *policy) decide(req *http.Request, resp *http.Response, err error, attempt int) (wait, bool) {
	if attempt > p.o.MaxRetries || req.Context().Err() != nil || !replayable(req) {
		return wait{}, false
	}
	repeatable := idempotentMethods[req.Method] || IsRetrySafe(req.Context())
	svc := ServiceOf(req.URL)
	if err != nil {
		if !repeatable || !transientNetError(err) {
			return wait{}, false
		}
		return wait{p.backoff(attempt), "the connection to " + svc + " dropped"}, true
	}
	if resp.StatusCode != http.StatusTooManyRequests && !(repeatable && retryStatuses[resp.StatusCode]) {
		return wait{}, false
	}
	d, ok := retryAfter(resp, time.Now())
	if ok && d > p.o.MaxRetryAfter {
		return wait{}, false
	}
	if !ok {
		d = p.backoff(attempt)
	}
	return wait{d, statusReason(resp.StatusCode, svc)}, true
}

// replayable reports whether the request's body can be sent again.
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

func statusReason(status int, svc string) string {
	switch status {
	case http.StatusTooManyRequests:
		return "throttled by " + svc
	case http.StatusServiceUnavailable:
		return svc + " is unavailable"
	case http.StatusRequestTimeout, http.StatusGatewayTimeout:
		return svc + " timed out"
	}
	return svc + " answered " + http.StatusText(status)
}
