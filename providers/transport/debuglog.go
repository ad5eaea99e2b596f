package transport

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"time"
)

// debugLog writes one line per attempt to --debug: method, URL with secret
// query values masked, status, duration and attempt number. Never a header
// value or a body.
type debugLog struct {
	mu sync.Mutex
	w  io.Writer
}

func newDebugLog(w io.Writer) *debugLog { return &debugLog{w: w} }

// attempt logs one attempt's outcome.
func (l *debugLog) attempt(req *http.Request, resp *http.Response, err error, d time.Duration, n int) {
	if l == nil || l.w == nil {
		return
	}
	outcome := ""
	if err != nil {
		outcome = "error: " + Redact(err.Error())
	} else {
		outcome = resp.Status
	}
	line := fmt.Sprintf("http %s %s -> %s (%s, attempt %d)\n",
		req.Method, redactURL(req.URL), outcome, d.Round(time.Millisecond), n)
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = io.WriteString(l.w, line)
}

// secretQueryName matches query parameter names whose values are secrets.
var secretQueryName = regexp.MustCompile(`(?i)secret|token|password|passwd|pwd|sig|signature|key|code|assertion|credential|auth`)

// redactURL is u with the values of secret-looking query parameters and any
// user info masked, then passed through Redact.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		for name := range q {
			if secretQueryName.MatchString(name) {
				q[name] = []string{"REDACTED"}
			}
		}
		c.RawQuery = q.Encode()
	}
	return Redact(c.String())
}
