package transport

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// backoff is exponential backoff with full jitter: a random pause between
// zero and MinDelay·2^(attempt-1), capped at MaxDelay, so many clients
// throttled together do not come back together.
func (p *policy) backoff(attempt int) time.Duration {
	ceiling := p.o.MaxDelay
	if attempt < 32 {
		if d := p.o.MinDelay << (attempt - 1); d > 0 && d < ceiling {
			ceiling = d
		}
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

// retryAfter reads how long the service asked to wait: x-ms-retry-after-ms
// (Microsoft services, milliseconds), then Retry-After in seconds or as an
// HTTP date.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(resp.Header.Get("x-ms-retry-after-ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		return time.Duration(secs * float64(time.Second)), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}
