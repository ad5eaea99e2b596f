package devops

import (
	"regexp"
	"strconv"
	"strings"
)

// apiVersion is a requested REST API version such as "7.1-preview.4".
type apiVersion struct {
	number  float64
	text    string
	preview bool
}

var acceptVersionRe = regexp.MustCompile(`api-version=([0-9.]+(-preview(\.[0-9]+)?)?)`)

// requestedVersion reads api-version from the query string or the Accept
// header, where the SDK puts it; ok is false when there is none.
func (q *request) requestedVersion() (v apiVersion, ok bool) {
	raw := q.query("api-version")
	if raw == "" {
		m := acceptVersionRe.FindStringSubmatch(q.r.Header.Get("Accept"))
		if m == nil {
			return v, false
		}
		raw = m[1]
	}
	num, _, _ := strings.Cut(raw, "-")
	n, err := strconv.ParseFloat(num, 64)
	return apiVersion{number: n, text: num, preview: strings.Contains(raw, "-preview")}, err == nil
}

// checkVersion answers 400 as the real service does when a write has no
// api-version, when the version is beyond the location's maximum, or when
// it asks a preview resource (or a version above the released one) without
// the -preview flag.
func (q *request) checkVersion(loc *location) bool {
	v, ok := q.requestedVersion()
	if !ok {
		if q.r.Method == "GET" || q.r.Method == "HEAD" || q.r.Method == "OPTIONS" {
			return true
		}
		q.badRequest(`No api-version was supplied for the "`+q.r.Method+`" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`, "VssVersionNotSpecifiedException")
		return false
	}
	if loc == nil {
		return true
	}
	if max, _ := strconv.ParseFloat(loc.MaxVersion, 64); v.number > max {
		q.badRequest("The requested REST API version of "+v.text+" is out of range for this server. The latest REST API version this server supports is "+loc.MaxVersion+".", "VssVersionOutOfRangeException")
		return false
	}
	if rel, _ := strconv.ParseFloat(loc.ReleasedVersion, 64); v.number > rel && !v.preview {
		q.badRequest(`The requested version "`+v.text+`" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "`+v.text+`-preview"`, "VssInvalidPreviewVersionException")
		return false
	}
	return true
}

// locationOf finds the resource location that serves rt: its route template,
// with {area} and {resource} filled in and trailing route values optionally
// left out, equals the route's pattern.
func locationOf(rt route) *location {
	want := shapeOf(rt.pattern)
	for i := range locations {
		l := &locations[i]
		if l.host != rt.host {
			continue
		}
		tpl := strings.ReplaceAll(strings.ReplaceAll(l.RouteTemplate, "{area}", l.Area), "{resource}", l.ResourceName)
		for r := shapeOf(tpl); ; {
			if r == want {
				return l
			}
			i := strings.LastIndex(r, "/")
			if i < 0 || !strings.HasSuffix(r, "/{}") {
				break
			}
			r = r[:i]
		}
	}
	return nil
}

var routeParamRe = regexp.MustCompile(`\{[^}]*\}`)

// shapeOf lower-cases a route and blanks its parameter names.
func shapeOf(p string) string {
	return routeParamRe.ReplaceAllString(strings.ToLower(strings.Trim(p, "/")), "{}")
}
