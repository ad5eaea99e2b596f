package powerplatform

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// dvRequest is one Dataverse Web API call being served, under the lock.
type dvRequest struct {
	s      *Service
	w      http.ResponseWriter
	r      *http.Request
	org    *org
	claims emulator.Claims
	caller record // the caller's systemuser row
	base   string // <sandbox>/dataverse/<host>/api/data/<version>
	now    time.Time
}

var webAPIVersions = []string{"v9.0", "v9.1", "v9.2"}

func (s *Service) registerDataverse(mux *http.ServeMux) {
	mux.HandleFunc(emulator.PrefixDataverse+"/{host}/api/data/{version}/{rest...}", s.serveDataverse)
}

// serveDataverse finds the organisation by host, checks the token is for it,
// identifies the caller as one of its users and routes the OData path.
func (s *Service) serveDataverse(w http.ResponseWriter, r *http.Request) {
	host := strings.ToLower(r.PathValue("host"))
	version := r.PathValue("version")
	if !slices.Contains(webAPIVersions, version) {
		noSegment(version).write(w)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	o := s.st.Orgs[host]
	if o == nil {
		writeAPIError(w, http.StatusNotFound, "OrganizationNotFound",
			"No Dataverse organization is served at https://"+host+"/.")
		return
	}
	c, err := s.env.Tokens.Verify(r, "https://"+host)
	if err != nil {
		w.Header().Set("WWW-Authenticate", "Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id=https://"+host+"/")
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	d := &dvRequest{s: s, w: w, r: r, org: o, claims: c, now: s.env.Now(),
		base: emulator.BaseURL(r) + emulator.PrefixDataverse + "/" + host + "/api/data/" + version}
	if d.caller, err = d.callerUser(); err == nil {
		err = d.route(r.PathValue("rest"))
	}
	if oe, ok := err.(*odataError); ok && oe != nil {
		oe.write(w)
	} else if err != nil {
		(&odataError{http.StatusInternalServerError, codeInvalidArg, err.Error()}).write(w)
	}
}

// route dispatches an OData resource path: an unbound function or action, an
// entity set, one row by key, or a navigation property (with $ref).
func (d *dvRequest) route(rest string) error {
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	name, key := parseSegment(segs[0])
	if act, ok := dvActions()[d.r.Method+" "+name]; ok {
		return act(d, key)
	}
	if _, ok := entitySets[name]; !ok {
		return noSegment(segs[0])
	}
	if key == "" {
		return d.collection(name, len(segs))
	}
	row, err := d.resolveKey(name, key)
	if err != nil {
		return err
	}
	if len(segs) == 1 {
		return d.single(name, row)
	}
	nav := hooksFor(name).navigate[segs[1]]
	if nav == nil {
		return noSegment(segs[1])
	}
	return nav(d, row, len(segs) > 2 && segs[2] == "$ref")
}

func (d *dvRequest) collection(set string, depth int) error {
	switch {
	case depth > 1:
		return badRequest(codeBadQuery, "A key is required before a navigation property.")
	case d.r.Method == http.MethodGet:
		return d.list(set)
	case d.r.Method == http.MethodPost:
		return d.create(set)
	}
	return methodNotAllowed(d.r.Method)
}

func (d *dvRequest) single(set string, row record) error {
	switch d.r.Method {
	case http.MethodGet:
		return d.getOne(set, row)
	case http.MethodPatch:
		return d.update(set, row)
	case http.MethodDelete:
		return d.remove(set, row)
	}
	return methodNotAllowed(d.r.Method)
}

func methodNotAllowed(method string) *odataError {
	return &odataError{http.StatusMethodNotAllowed, codeBadQuery, "The HTTP method '" + method + "' is not allowed here."}
}

// parseSegment splits "systemusers(<id>)" into the name and the key text.
func parseSegment(seg string) (string, string) {
	name, key, ok := strings.Cut(seg, "(")
	if !ok {
		return seg, ""
	}
	return name, strings.TrimSuffix(key, ")")
}

// resolveKey finds a row by primary key or by an alternate key such as
// teams(azureactivedirectoryobjectid=<id>,membershiptype=0).
func (d *dvRequest) resolveKey(set, key string) (record, error) {
	es := entitySets[set]
	if !strings.Contains(key, "=") {
		if row := d.org.get(set, strings.Trim(key, "'")); row != nil {
			return row, nil
		}
		return nil, notFound(es.Entity, key)
	}
	rows := d.org.find(set, func(rec record) bool {
		for _, pair := range strings.Split(key, ",") {
			k, v, _ := strings.Cut(pair, "=")
			lit, _ := literal(strings.TrimSpace(v))
			if normalized(lookup(rec, strings.TrimSpace(k))) != lit {
				return false
			}
		}
		return true
	})
	if len(rows) == 0 {
		return nil, &odataError{http.StatusNotFound, codeNotFound, "A record with the specified key values does not exist in " + es.Entity + " entity"}
	}
	return rows[0], nil
}

// entityURL is the OData-EntityId of a row as the client addressed the organisation.
func (d *dvRequest) entityURL(set string, row record) string {
	return d.base + "/" + set + "(" + row.str(entitySets[set].Key) + ")"
}

// idFromURL takes the key out of ".../roles(<id>)" or "/roles(<id>)".
func idFromURL(u string) (set, id string) {
	last := u[strings.LastIndex(u, "/")+1:]
	return parseSegment(last)
}
