package contract

import (
	"net/http"
	"regexp"
	"strings"
)

// graphPattern turns a route such as "applications(appid='{}')" into a
// case-insensitive regular expression of whole paths.
func graphPattern(route string) *regexp.Regexp {
	parts := strings.Split(route, "{}")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("(?i)^" + strings.Join(parts, "[^/]+") + "$")
}

// graphPatterns compiles the Graph routes once; graphPatterns()[i]
// matches t.Graph[i].
func (t *Table) graphPatterns() []*regexp.Regexp {
	t.graphOnce.Do(func() {
		t.graphRes = make([]*regexp.Regexp, len(t.Graph))
		for i, op := range t.Graph {
			t.graphRes[i] = graphPattern(op.Route)
		}
	})
	return t.graphRes
}

// checkGraph checks a Graph request body against the operation of the
// extract with that route and method. Routes outside the extract and
// operations without a body are not checked.
func (t *Table) checkGraph(r *http.Request, rest string) *Violation {
	if r.Method != http.MethodPost && r.Method != http.MethodPatch && r.Method != http.MethodPut {
		return nil
	}
	route := strings.Join(segments(rest), "/")
	for i, re := range t.graphPatterns() {
		op := t.Graph[i]
		if op.Method != r.Method || !re.MatchString(route) {
			continue
		}
		body, ok := readBody(r)
		if !ok {
			return nil
		}
		v := &Violation{Service: "graph", Method: r.Method, Path: r.URL.Path, Refused: true}
		if len(body) == 0 {
			if op.BodyRequired {
				v.Message = "Empty Payload. JSON content expected."
				return v
			}
			return nil
		}
		value, ok := decodeJSON(body)
		if !ok {
			return nil // the emulator answers malformed JSON itself
		}
		c := &validator{t: t}
		if v.Message = c.validate(value, op.Body, "body"); v.Message != "" {
			return v
		}
		return nil
	}
	return nil
}
