package cloud

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// NotLoopbackError says a sandbox URL names a host other than this
// machine's loopback. A sandbox receives tokens and the client secret that
// almwiz creates, so only a sandbox on this machine is trusted.
type NotLoopbackError struct {
	What string // "--sandbox-url", "the sandbox's graph endpoint", …
	URL  string
}

// Error names the URL and what to give instead.
func (e *NotLoopbackError) Error() string {
	return fmt.Sprintf("%s %q is not a sandbox on this machine: a sandbox must be at https://127.0.0.1, https://[::1] or https://localhost (almwiz sandbox serve binds there).\n  Give the URL almwiz sandbox serve printed; to run against Microsoft's clouds, drop --sandbox-url and ALMWIZ_SANDBOX_URL.", e.What, e.URL)
}

// ExitCode is 2: bad usage.
func (e *NotLoopbackError) ExitCode() int { return 2 }

// CheckLoopback refuses a URL that is not https on a loopback host.
func CheckLoopback(what, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.User != nil || !IsLoopbackHost(u.Hostname()) {
		return &NotLoopbackError{What: what, URL: redactUserinfo(raw)}
	}
	return nil
}

// IsLoopbackHost says whether host (without port) is this machine's
// loopback: localhost, 127.0.0.0/8 or ::1.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func redactUserinfo(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		u.User = url.User("REDACTED")
		return u.String()
	}
	return raw
}
