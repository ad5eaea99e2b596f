package devops

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// host is one of the base URLs the real service spreads itself over:
// dev.azure.com, extmgmt.dev.azure.com, vssps.dev.azure.com and
// vsaex.dev.azure.com under an organization, and app.vssps.visualstudio.com
// (profiles and accounts) above every organization.
type host int

const (
	hostDevOps host = iota
	hostExtMgmt
	hostVSSPS
	hostVSAEX
	hostAccounts
)

// prefix is where host is mounted on the sandbox.
func (h host) prefix() string {
	switch h {
	case hostExtMgmt:
		return emulator.PrefixExtensionManagement
	case hostVSSPS:
		return emulator.PrefixVSSPS
	case hostVSAEX:
		return emulator.PrefixVSAEX
	case hostAccounts:
		return emulator.PrefixAccounts
	}
	return emulator.PrefixDevOps
}

// route is one served method and path under an organization base URL.
// Literal segments match case-insensitively; {name} captures one segment.
type route struct {
	host    host
	method  string
	pattern string
	handle  func(*request)
}

// request is one call being served, with the service lock held.
type request struct {
	w      http.ResponseWriter
	r      *http.Request
	s      *Service
	org    *organization // nil on hostAccounts, which no organization owns
	host   host
	base   string // absolute organization base URL (on hostAccounts the host's), no trailing slash
	params map[string]string
	claims emulator.Claims
}

// routes lists everything the emulator serves, resource file by resource file.
func routes() []route {
	var all []route
	for _, f := range []func() []route{
		discoveryRoutes, projectRoutes, processRoutes, operationRoutes,
		repositoryRoutes, importRoutes, refRoutes, itemRoutes,
		definitionRoutes, queueRoutes, settingsRoutes,
		endpointRoutes, variableGroupRoutes, pipelinePermissionRoutes,
		extensionRoutes, namespaceRoutes, accessControlRoutes, roleAssignmentRoutes,
		graphGroupRoutes, servicePrincipalRoutes, membershipRoutes, descriptorRoutes, identityRoutes,
		groupEntitlementRoutes, resourceLimitRoutes, accountRoutes,
	} {
		all = append(all, f()...)
	}
	return all
}

var (
	served = routes()
	// servedLocations[i] is the resource location of served[i], for versions.
	servedLocations = locationsOf(served)
)

func locationsOf(rs []route) []*location {
	out := make([]*location, len(rs))
	for i, rt := range rs {
		out[i] = locationOf(rt)
	}
	return out
}

func (s *Service) handler(h host) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		claims, err := s.env.Tokens.Verify(r, emulator.AudienceDevOps)
		if err != nil {
			unauthorized(w)
			return
		}
		segs := splitPath(strings.TrimPrefix(r.URL.EscapedPath(), h.prefix()+"/"))
		if len(segs) == 0 || segs[0] == "" || strings.HasPrefix(segs[0], "_") {
			writeError(w, http.StatusNotFound, "TF400898: An organization name is required.", "OrganizationNotFoundException")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.settle()
		req := &request{w: w, r: r, s: s, claims: claims, org: s.org(segs[0]), host: h,
			base: emulator.BaseURL(r) + h.prefix() + "/" + strings.ToLower(segs[0])}
		s.dispatch(req, segs[1:])
	}
}

// accountsHandler serves app.vssps.visualstudio.com, whose routes start at
// _apis with no organization before them.
func (s *Service) accountsHandler(w http.ResponseWriter, r *http.Request) {
	claims, err := s.env.Tokens.Verify(r, emulator.AudienceDevOps)
	if err != nil {
		unauthorized(w)
		return
	}
	segs := splitPath(strings.TrimPrefix(r.URL.EscapedPath(), emulator.PrefixAccounts+"/"))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	req := &request{w: w, r: r, s: s, claims: claims, host: hostAccounts, base: emulator.BaseURL(r) + emulator.PrefixAccounts}
	s.dispatch(req, segs)
}

func (s *Service) dispatch(req *request, segs []string) {
	methodMismatch := false
	for i, rt := range served {
		if rt.host != req.host {
			continue
		}
		params, ok := match(rt.pattern, segs)
		if !ok {
			continue
		}
		if rt.method != req.r.Method {
			methodMismatch = true
			continue
		}
		req.params = params
		if req.checkVersion(servedLocations[i]) {
			rt.handle(req)
		}
		return
	}
	if methodMismatch {
		writeError(req.w, http.StatusMethodNotAllowed, "The requested resource does not support http method '"+req.r.Method+"'.", "HttpMethodNotAllowed")
		return
	}
	writeError(req.w, http.StatusNotFound, "The controller for path '"+req.r.URL.Path+"' was not found or does not implement IController.", "ApiResourceNotFoundException")
}

// splitPath splits an escaped path into unescaped segments, dropping a trailing slash.
func splitPath(p string) []string {
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil
	}
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if u, err := url.PathUnescape(s); err == nil {
			parts[i] = u
		}
	}
	return parts
}

func match(pattern string, segs []string) (map[string]string, bool) {
	pat := strings.Split(pattern, "/")
	if len(pat) != len(segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pat {
		if strings.HasPrefix(p, "{") {
			if segs[i] == "" || strings.EqualFold(segs[i], "_apis") {
				return nil, false
			}
			params[strings.Trim(p, "{}")] = segs[i]
			continue
		}
		if !strings.EqualFold(p, segs[i]) {
			return nil, false
		}
	}
	return params, true
}

// param is a route value by name.
func (q *request) param(name string) string { return q.params[name] }

// query is a query-string value, matched case-insensitively by name as the
// real service does.
func (q *request) query(name string) string {
	for k, v := range q.r.URL.Query() {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// decode reads the JSON request body into v; it answers 400 and reports false
// when the body is not valid JSON.
func (q *request) decode(v any) bool {
	if err := json.NewDecoder(q.r.Body).Decode(v); err != nil {
		q.badRequest("VS403373: The request body could not be read: "+err.Error(), "InvalidRequestBodyException")
		return false
	}
	return true
}
