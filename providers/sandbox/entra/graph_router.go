package entra

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// graphRoute is one Graph operation the sandbox serves. Path is written as the
// Graph OpenAPI description writes it, relative to /v1.0, so the contract test
// can look every route up in the description.
type graphRoute struct {
	Method  string
	Path    string
	handler func(*Service, *graphReq) reply
	re      *regexp.Regexp
	params  []string
}

// graphReq is one Graph call, resolved to its tenant and route parameters.
type graphReq struct {
	r      *http.Request
	t      *tenant
	claims emulator.Claims
	params map[string]string
	body   map[string]any
	base   string // https://host/graph/v1.0
	path   string // after /v1.0
}

func (g *graphReq) param(name string) string { return g.params[name] }

// reply is what a Graph handler answers; handlers run under the service lock
// and the router writes the reply after releasing it.
type reply struct {
	status int
	body   any
	header map[string]string
}

// graphRoutes is filled by each resource file's init, one table per resource kind.
var graphRoutes []*graphRoute

var paramPattern = regexp.MustCompile(`\{([^}]+)\}`)

// route adds operations to the Graph route table.
func route(method, path string, h func(*Service, *graphReq) reply) {
	gr := &graphRoute{Method: method, Path: path, handler: h}
	expr := "^" + regexp.QuoteMeta(path) + "$"
	for _, m := range paramPattern.FindAllStringSubmatch(path, -1) {
		gr.params = append(gr.params, m[1])
		expr = strings.Replace(expr, regexp.QuoteMeta(m[0]), `([^/]+?)`, 1)
	}
	gr.re = regexp.MustCompile(expr)
	graphRoutes = append(graphRoutes, gr)
}

// handleGraph authenticates a Graph call, finds its route and runs it.
func (s *Service) handleGraph(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, emulator.PrefixGraph+"/v1.0")
	claims, err := s.env.Tokens.Verify(r, emulator.AudienceGraph)
	if err != nil {
		writeReply(w, graphAuthError(err))
		return
	}
	rt, params, methodFound := matchRoute(r.Method, path)
	if rt == nil {
		writeReply(w, noRoute(path, methodFound))
		return
	}
	g := &graphReq{r: r, claims: claims, params: params, path: path, base: emulator.BaseURL(r) + emulator.PrefixGraph + "/v1.0"}
	if rep, ok := g.readBody(); !ok {
		writeReply(w, rep)
		return
	}
	s.mu.Lock()
	g.t = s.tenantByID(claims.Tenant)
	var rep reply
	if g.t == nil {
		rep = graphAuthError(emulator.ErrInvalidToken)
	} else {
		rep = rt.handler(s, g)
	}
	s.mu.Unlock()
	writeReply(w, rep)
}

func matchRoute(method, path string) (*graphRoute, map[string]string, bool) {
	pathMatched := false
	for _, rt := range graphRoutes {
		m := rt.re.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		pathMatched = true
		if rt.Method != method {
			continue
		}
		params := map[string]string{}
		for i, name := range rt.params {
			params[name] = m[i+1]
		}
		return rt, params, true
	}
	return nil, nil, pathMatched
}

func (g *graphReq) readBody() (reply, bool) {
	if g.r.Method != http.MethodPost && g.r.Method != http.MethodPatch {
		return reply{}, true
	}
	b, err := io.ReadAll(io.LimitReader(g.r.Body, 1<<20))
	if err != nil {
		return odataError(http.StatusBadRequest, "BadRequest", "Unable to read the request body."), false
	}
	g.body = map[string]any{}
	if len(strings.TrimSpace(string(b))) == 0 {
		return reply{}, true
	}
	if err := json.Unmarshal(b, &g.body); err != nil {
		return odataError(http.StatusBadRequest, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."), false
	}
	return reply{}, true
}

func graphAuthError(err error) reply {
	msg := "Access token validation failure. Invalid audience."
	switch {
	case errors.Is(err, emulator.ErrNoToken):
		msg = "Access token is empty."
	case errors.Is(err, emulator.ErrExpiredToken):
		msg = "Lifetime validation failed, the token is expired."
	case errors.Is(err, emulator.ErrInvalidToken):
		msg = "Access token validation failure."
	}
	rep := odataError(http.StatusUnauthorized, "InvalidAuthenticationToken", msg)
	rep.header = map[string]string{"WWW-Authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`}
	return rep
}

func noRoute(path string, methodFound bool) reply {
	if methodFound {
		return odataError(http.StatusMethodNotAllowed, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.")
	}
	seg := strings.Split(strings.Trim(path, "/"), "/")[0]
	return odataError(http.StatusBadRequest, "BadRequest", "Resource not found for the segment '"+seg+"'.")
}

func writeReply(w http.ResponseWriter, rep reply) {
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	if rep.body == nil {
		w.WriteHeader(rep.status)
		return
	}
	writeJSON(w, rep.status, rep.body)
}
