package transport

import (
	"fmt"
	"net/url"
	"strings"
)

// CheckSameHost refuses a link a service answered with — the next page of
// a collection, an operation to poll — unless it is https (or the scheme of
// base) on the very host of base. almwiz follows such links with the
// service's token, and a token must never reach a host it was not issued
// for (Go's own client drops Authorization on a redirect to another host,
// for the same reason).
func CheckSameHost(base, link string) error {
	b, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("base URL %q: %w", base, err)
	}
	l, err := url.Parse(link)
	if err != nil || !l.IsAbs() || l.User != nil || !strings.EqualFold(l.Scheme, b.Scheme) || !strings.EqualFold(l.Host, b.Host) {
		return fmt.Errorf("the service answered with a link to %s, not on %s: almwiz does not send its token there", Redact(hostOf(link)), b.Host)
	}
	return nil
}

func hostOf(link string) string {
	if u, err := url.Parse(link); err == nil && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return fmt.Sprintf("%q", link)
}
