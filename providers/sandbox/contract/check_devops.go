package contract

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// checkDevOps checks an Azure DevOps request: route and method against the
// 7.1 specs (unless the route is listed as unspecified), then api-version
// and body against the matching operations.
func (t *Table) checkDevOps(r *http.Request, host, rest string) *Violation {
	segs := segments(rest)
	route := strings.Join(segs, "/")
	v := &Violation{Service: "azure-devops", Method: r.Method, Path: r.URL.Path}
	if allowedUnspecified(host, r.Method, route) {
		return nil
	}
	ops, methods := t.devopsOperations(host, r.Method, segs)
	switch {
	case len(ops) == 0 && methods == "":
		v.Message = fmt.Sprintf("%s %s/%s is not a route of the Azure DevOps REST API 7.1 (testdata/specs/azure-devops) nor in the list of unspecified routes (providers/sandbox/contract/unspecified.go).", r.Method, host, route)
		return v
	case len(ops) == 0:
		v.Message = fmt.Sprintf("The requested resource does not support http method '%s' (the 7.1 REST API has %s on %s/%s).", r.Method, methods, host, route)
		return v
	}
	body, ok := readBody(r)
	if !ok {
		return nil
	}
	var first *Violation
	for _, op := range ops {
		msg, typeKey := t.checkDevOpsOperation(r, op, body)
		if msg == "" {
			return nil
		}
		if first == nil {
			v.Message, v.TypeKey, v.Refused = msg, typeKey, true
			first = v
		}
	}
	if first.TypeKey == "VssVersionNotSpecifiedException" && isRead(r.Method) {
		first.Refused = false // the real service serves a read at its latest released version
	}
	return first
}

func isRead(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

// devopsOperations finds the operations of a route with the method,
// preferring those that match without leaving out trailing parameters; it
// also names the methods the route has, for a method mismatch.
func (t *Table) devopsOperations(host, method string, segs []string) ([]Operation, string) {
	var exact, partial []Operation
	methods := map[string]bool{}
	routes := t.devopsRoutes()
	for i, op := range t.DevOps {
		if op.Host != host {
			continue
		}
		ok, whole := matchSegments(routes[i], segs)
		if !ok {
			continue
		}
		methods[op.Method] = true
		switch {
		case op.Method != method:
		case whole:
			exact = append(exact, op)
		default:
			partial = append(partial, op)
		}
	}
	var names []string
	for m := range methods {
		names = append(names, m)
	}
	if len(exact) > 0 {
		return exact, strings.Join(names, ", ")
	}
	return partial, strings.Join(names, ", ")
}

// devopsRoutes splits the Azure DevOps routes once.
func (t *Table) devopsRoutes() [][]string {
	t.routeOnce.Do(func() {
		t.routeSegs = make([][]string, len(t.DevOps))
		for i, op := range t.DevOps {
			t.routeSegs[i] = strings.Split(op.Route, "/")
		}
	})
	return t.routeSegs
}

// checkDevOpsOperation checks version and body against one operation.
func (t *Table) checkDevOpsOperation(r *http.Request, op Operation, body []byte) (string, string) {
	if msg, key := checkVersion(r, op); msg != "" {
		return msg, key
	}
	if len(body) == 0 {
		if op.BodyRequired {
			return fmt.Sprintf("Value cannot be null.\r\nParameter name: body (%s %s takes a body, spec %s)", op.Method, op.Route, op.Spec), "ArgumentNullException"
		}
		return "", ""
	}
	if op.Body == nil {
		return fmt.Sprintf("%s %s takes no request body (spec %s).", op.Method, op.Route, op.Spec), "InvalidArgumentValueException"
	}
	value, ok := decodeJSON(body)
	if !ok {
		return "", "" // the emulator answers malformed JSON itself
	}
	c := &validator{t: t, foldCase: true}
	if msg := c.validate(value, op.Body, "body"); msg != "" {
		return msg + " (spec " + op.Spec + ")", "InvalidArgumentValueException"
	}
	return "", ""
}

var acceptVersion = regexp.MustCompile(`api-version=([^;,\s]+)`)

// requestedVersion reads api-version from the query or the Accept header.
func requestedVersion(r *http.Request) string {
	for k, v := range r.URL.Query() {
		if strings.EqualFold(k, "api-version") && len(v) > 0 {
			return v[0]
		}
	}
	if m := acceptVersion.FindStringSubmatch(r.Header.Get("Accept")); m != nil {
		return m[1]
	}
	return ""
}

// version is "7.1", "7.1-preview" or "7.1-preview.2" taken apart.
type version struct {
	number   string
	preview  bool
	revision int // 0 when not given
}

func parseVersion(s string) version {
	num, pre, ok := strings.Cut(s, "-")
	v := version{number: num, preview: ok && strings.HasPrefix(pre, "preview")}
	if _, rev, ok := strings.Cut(pre, "preview."); ok {
		v.revision, _ = strconv.Atoi(rev)
	}
	return v
}

// checkVersion accepts the operation's version and the -preview forms the
// real service accepts for it: a preview operation needs -preview (and at
// most its resource version); a released one takes any -preview.N too, as
// the azure-devops-go-api v7 client sends e.g. 7.1-preview.1.
func checkVersion(r *http.Request, op Operation) (string, string) {
	raw := requestedVersion(r)
	if raw == "" {
		return fmt.Sprintf(`No api-version was supplied for the "%s" request (the 7.1 REST API documents %s for it).`, r.Method, op.Version), "VssVersionNotSpecifiedException"
	}
	got, want := parseVersion(raw), parseVersion(op.Version)
	switch {
	case got.number != want.number:
		return fmt.Sprintf("The requested REST API version of %s is not the version the 7.1 REST API documents for %s %s: %s (spec %s).", raw, op.Method, op.Route, op.Version, op.Spec), "VssVersionOutOfRangeException"
	case want.preview && !got.preview:
		return fmt.Sprintf(`The requested version "%s" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "%s-preview"`, raw, got.number), "VssInvalidPreviewVersionException"
	case want.preview && got.revision > want.revision:
		return fmt.Sprintf(`The requested version "%s" of the resource is out of range: the 7.1 REST API documents %s (spec %s).`, raw, op.Version, op.Spec), "VssVersionOutOfRangeException"
	}
	return "", ""
}
