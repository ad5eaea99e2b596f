package powerplatform

import (
	"net/http"
	"strconv"
	"strings"
)

// odataError is a Dataverse Web API error: HTTP status, hex error code, message.
type odataError struct {
	Status  int
	Code    string
	Message string
}

func (e *odataError) Error() string { return e.Code + ": " + e.Message }

// write answers in the Web API's error shape.
func (e *odataError) write(w http.ResponseWriter) {
	w.Header().Set("OData-Version", "4.0")
	writeJSON(w, e.Status, map[string]any{"error": map[string]any{"code": e.Code, "message": e.Message}})
}

// Dataverse error codes the emulator answers with.
const (
	codeNotFound      = "0x80040217" // ObjectDoesNotExist
	codeDuplicate     = "0x80040237" // DuplicateRecord
	codeBadQuery      = "0x80060888" // the URL or a query option could not be parsed
	codeNoSegment     = "0x8006088a" // Resource not found for the segment
	codeInvalidArg    = "0x80040203" // InvalidArgument
	codeNotOrgMember  = "0x80072560" // the caller is not a user of the organisation
	codeImportFailure = "0x80048033" // solution import failure
)

func notFound(entity, id string) *odataError {
	return &odataError{http.StatusNotFound, codeNotFound, "Entity '" + entity + "' With Id = " + id + " Does Not Exist"}
}

func badRequest(code, msg string) *odataError {
	return &odataError{http.StatusBadRequest, code, msg}
}

func noSegment(seg string) *odataError {
	return &odataError{http.StatusNotFound, codeNoSegment, "Resource not found for the segment '" + seg + "'."}
}

// query is the parsed system query options of a GET.
type query struct {
	Filter func(record) bool
	Select []string
	Expand map[string][]string // navigation property -> its $select
	Top    int
}

// parseQuery reads $filter, $select, $expand and $top.
func parseQuery(r *http.Request) (query, error) {
	v := r.URL.Query()
	q := query{Filter: func(record) bool { return true }, Expand: map[string][]string{}}
	if f := v.Get("$filter"); f != "" {
		pred, err := parseFilter(f)
		if err != nil {
			return q, badRequest(codeBadQuery, "Invalid $filter: "+err.Error())
		}
		q.Filter = pred
	}
	q.Select = splitList(v.Get("$select"), ',')
	for _, item := range splitList(v.Get("$expand"), ',') {
		name, opts, _ := strings.Cut(item, "(")
		var sel []string
		for _, opt := range splitList(strings.TrimSuffix(opts, ")"), ';') {
			if k, val, _ := strings.Cut(opt, "="); k == "$select" {
				sel = splitList(val, ',')
			}
		}
		q.Expand[strings.TrimSpace(name)] = sel
	}
	if t := v.Get("$top"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			return q, badRequest(codeBadQuery, "Invalid $top value '"+t+"'.")
		}
		q.Top = n
	}
	return q, nil
}

// splitList splits s at sep outside parentheses and trims the parts.
func splitList(s string, sep rune) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == sep && depth == 0:
			out = appendTrimmed(out, s[start:i])
			start = i + 1
		}
	}
	return appendTrimmed(out, s[start:])
}

func appendTrimmed(out []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		out = append(out, s)
	}
	return out
}

// project renders rec for a response: bookkeeping attributes dropped, $select
// applied (the primary key is always kept) and the ETag added.
func project(rec record, key string, sel []string) map[string]any {
	out := map[string]any{"@odata.etag": "W/\"" + strconv.Itoa(rec.num("versionnumber")) + "\""}
	keep := func(name string) bool {
		if strings.HasPrefix(name, "~") {
			return false
		}
		if len(sel) == 0 || name == key {
			return true
		}
		for _, s := range sel {
			if strings.EqualFold(s, name) {
				return true
			}
		}
		return false
	}
	for k, v := range rec {
		if keep(k) {
			out[k] = v
		}
	}
	for _, name := range sel {
		if _, ok := out[name]; !ok {
			out[name] = nil // a selected attribute without a value is null
		}
	}
	return out
}
