package contract

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// Violation is a request outside the contract.
type Violation struct {
	Service string `json:"service"` // "azure-devops" or "graph"
	Method  string `json:"method"`
	Path    string `json:"path"`
	Message string `json:"message"`
	// Refused is true when the sandbox answered 400 itself; false when the
	// request went on to the emulator, which answers an unknown route or
	// method as the real service does (404, 405).
	Refused bool   `json:"refused"`
	TypeKey string `json:"-"` // Azure DevOps exception type of the 400
}

// hosts maps the sandbox's path prefixes to the real Azure DevOps hosts.
var hosts = map[string]string{
	emulator.PrefixDevOps:              "dev.azure.com",
	emulator.PrefixExtensionManagement: "extmgmt.dev.azure.com",
	emulator.PrefixVSSPS:               "vssps.dev.azure.com",
}

// accountsHost serves profiles and the organizations of a user, above any
// organization (sandbox prefix emulator.PrefixAccounts).
const accountsHost = "app.vssps.visualstudio.com"

// maxBody bounds the body the check reads; larger bodies pass unchecked.
const maxBody = 8 << 20

// Check checks one request against the embedded table; nil means it is
// within the contract (or belongs to a service without a copied OpenAPI).
// The body is read and put back for the handler.
func Check(r *http.Request) *Violation {
	return Embedded().Check(r)
}

// Check checks one request against t.
func (t *Table) Check(r *http.Request) *Violation {
	path := r.URL.EscapedPath()
	if rest, ok := strings.CutPrefix(path, emulator.PrefixGraph+"/v1.0/"); ok {
		return t.checkGraph(r, rest)
	}
	if rest, ok := strings.CutPrefix(path, emulator.PrefixAccounts+"/"); ok {
		return t.checkDevOps(r, accountsHost, rest) // no organization in its paths
	}
	for prefix, host := range hosts {
		if rest, ok := strings.CutPrefix(path, prefix+"/"); ok {
			_, rest, _ = strings.Cut(rest, "/") // the organization
			return t.checkDevOps(r, host, rest)
		}
	}
	return nil
}

// readBody reads the request body and puts it back.
func readBody(r *http.Request) ([]byte, bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, true
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, err == nil && len(b) <= maxBody
}

// segments splits an escaped path into lower-case unescaped segments.
func segments(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
		parts[i] = strings.ToLower(s)
	}
	return parts
}

// matchRoute matches request segments to a route template. Trailing
// parameters may be left out, as the SDK leaves out a route value that is
// nil; exact reports whether none was.
func matchSegments(tpl, segs []string) (ok, exact bool) {
	for i, p := range tpl {
		if p == "{*}" {
			return true, true
		}
		if i >= len(segs) {
			for _, q := range tpl[i:] {
				if q != "{}" && q != "{*}" {
					return false, false
				}
			}
			return true, false
		}
		if p == "{}" {
			if segs[i] == "" || segs[i] == "_apis" {
				return false, false
			}
			continue
		}
		if p != segs[i] {
			return false, false
		}
	}
	return len(segs) == len(tpl), true
}

// matchRoute matches a request route ("a/b/c") to a template.
func matchRoute(tpl, route string) bool {
	ok, _ := matchSegments(strings.Split(tpl, "/"), segments(route))
	return ok
}

// decodeJSON decodes a body, keeping numbers as json.Number.
func decodeJSON(b []byte) (any, bool) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	return v, d.Decode(&v) == nil
}
