package steps

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// benchRequest is one request of the sandbox's log.
type benchRequest struct {
	method, path string
	status       int
}

func (r benchRequest) signIn() bool { return strings.HasPrefix(r.path, "/login/") }

func (r benchRequest) write() bool {
	switch r.method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// benchRequestLog is a slog handler keeping every request the sandbox logs
// (its own log keeps only the last 10 000).
type benchRequestLog struct {
	mu   sync.Mutex
	list []benchRequest
}

func (l *benchRequestLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *benchRequestLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *benchRequestLog) WithGroup(string) slog.Handler            { return l }

func (l *benchRequestLog) Handle(_ context.Context, rec slog.Record) error {
	var r benchRequest
	rec.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "method":
			r.method = a.Value.String()
		case "path":
			r.path = a.Value.String()
		case "status":
			r.status = int(a.Value.Int64())
		}
		return true
	})
	if strings.HasPrefix(r.path, "/_sandbox/") {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, r)
	return nil
}

func (l *benchRequestLog) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.list)
}

func (l *benchRequestLog) since(mark int) []benchRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]benchRequest{}, l.list[mark:]...)
}

// benchIDs matches the ids in request paths, so that requests to the same
// route group together.
var benchIDs = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b\d+\b`)

// chattiest lists the n routes with the most requests, sign-in apart.
func chattiest(reqs []benchRequest, n int) string {
	count := map[string]int{}
	for _, r := range reqs {
		if !r.signIn() {
			count[r.method+" "+benchIDs.ReplaceAllString(r.path, "{id}")]++
		}
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return count[keys[i]] > count[keys[j]] || count[keys[i]] == count[keys[j]] && keys[i] < keys[j]
	})
	var parts []string
	for _, k := range keys[:min(n, len(keys))] {
		parts = append(parts, fmt.Sprintf("%d× %s", count[k], k))
	}
	return strings.Join(parts, ", ")
}
