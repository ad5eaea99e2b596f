package entra

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// odataError is Graph's error body.
func odataError(status int, code, message string) reply {
	return reply{status: status, body: map[string]any{"error": map[string]any{
		"code": code, "message": message,
		"innerError": map[string]any{
			"date": time.Now().UTC().Format("2006-01-02T15:04:05"), "request-id": newID(), "client-request-id": newID(),
		},
	}}}
}

func notFound(id string) reply {
	return odataError(http.StatusNotFound, "Request_ResourceNotFound",
		fmt.Sprintf("Resource '%s' does not exist or one of its queried reference-property objects are not present.", id))
}

func badRequest(message string) reply {
	return odataError(http.StatusBadRequest, "Request_BadRequest", message)
}

// filterClause is one `prop eq 'value'` or startswith(prop,'value') term.
type filterClause struct {
	prop, value string
	prefix      bool
}

var (
	eqClause         = regexp.MustCompile(`^(\w+)\s+eq\s+'((?:[^']|'')*)'$`)
	startsWithClause = regexp.MustCompile(`^startswith\((\w+),\s*'((?:[^']|'')*)'\)$`)
	andSplit         = regexp.MustCompile(`(?i)\s+and\s+`)
)

// parseFilter reads the $filter forms the sandbox supports.
func parseFilter(f string) ([]filterClause, error) {
	var out []filterClause
	if strings.TrimSpace(f) == "" {
		return nil, nil
	}
	for _, term := range andSplit.Split(strings.TrimSpace(f), -1) {
		if m := eqClause.FindStringSubmatch(term); m != nil {
			out = append(out, filterClause{prop: m[1], value: strings.ReplaceAll(m[2], "''", "'")})
		} else if m := startsWithClause.FindStringSubmatch(term); m != nil {
			out = append(out, filterClause{prop: m[1], value: strings.ReplaceAll(m[2], "''", "'"), prefix: true})
		} else {
			return nil, fmt.Errorf("Invalid filter clause: %s", term) //lint:ignore ST1005 Graph's own message, shown to the client as is
		}
	}
	return out, nil
}

func (c filterClause) match(props map[string]any) bool {
	v, ok := props[c.prop].(string)
	if !ok {
		return false
	}
	if c.prefix {
		return strings.HasPrefix(strings.ToLower(v), strings.ToLower(c.value))
	}
	return strings.EqualFold(v, c.value)
}

// listReply answers a collection: $filter, $top/$skiptoken paging and $select
// applied to the rendered items, in creation order.
func (g *graphReq) listReply(contextPath string, items []rendered) reply {
	q := g.r.URL.Query()
	clauses, err := parseFilter(q.Get("$filter"))
	if err != nil {
		return badRequest(err.Error())
	}
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
	var kept []map[string]any
	for _, it := range items {
		if matchesAll(clauses, it.props) {
			kept = append(kept, selectProps(it.props, q.Get("$select")))
		}
	}
	page, next := g.page(kept, q)
	body := map[string]any{"@odata.context": g.base + "/$metadata#" + contextPath, "value": page}
	if strings.EqualFold(q.Get("$count"), "true") {
		body["@odata.count"] = len(kept)
	}
	if next != "" {
		body["@odata.nextLink"] = next
	}
	return reply{status: http.StatusOK, body: body}
}

func (g *graphReq) page(all []map[string]any, q url.Values) ([]map[string]any, string) {
	if all == nil {
		all = []map[string]any{}
	}
	top, _ := strconv.Atoi(q.Get("$top"))
	if top <= 0 || top > 999 {
		top = 100
	}
	skip, _ := strconv.Atoi(q.Get("$skiptoken"))
	if skip > len(all) || skip < 0 {
		skip = len(all)
	}
	end := min(skip+top, len(all))
	if end >= len(all) {
		return all[skip:], ""
	}
	q.Set("$skiptoken", strconv.Itoa(end))
	return all[skip:end], g.base + g.path + "?" + q.Encode()
}

func matchesAll(cs []filterClause, props map[string]any) bool {
	for _, c := range cs {
		if !c.match(props) {
			return false
		}
	}
	return true
}

func selectProps(props map[string]any, sel string) map[string]any {
	if sel == "" {
		return props
	}
	out := map[string]any{"id": props["id"]}
	for _, name := range strings.Split(sel, ",") {
		if v, ok := props[strings.TrimSpace(name)]; ok {
			out[strings.TrimSpace(name)] = v
		}
	}
	return out
}

// rendered is one object as a response shows it, with its creation order.
type rendered struct {
	seq   int64
	props map[string]any
}

// entityReply answers one object, with $select and the OData context.
func (g *graphReq) entityReply(status int, contextPath string, props map[string]any) reply {
	body := selectProps(props, g.r.URL.Query().Get("$select"))
	body["@odata.context"] = g.base + "/$metadata#" + contextPath + "/$entity"
	return reply{status: status, body: body}
}

// clone deep-copies a JSON value so replies never share state with the store.
func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = clone(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = clone(e)
		}
		return s
	default:
		return v
	}
}

func cloneProps(p map[string]any) map[string]any { return clone(p).(map[string]any) }

func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
