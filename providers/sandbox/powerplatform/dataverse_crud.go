package powerplatform

import (
	"net/http"
	"strings"
)

// tableHooks is what makes a table more than rows: how a create or update is
// validated and completed, which navigation properties it has.
type tableHooks struct {
	create   func(d *dvRequest, body record) (record, error) // nil: the table is read-only
	update   func(d *dvRequest, row, body record) error      // nil: rows cannot be changed
	remove   func(d *dvRequest, row record) error            // nil: rows cannot be deleted
	expand   map[string]func(d *dvRequest, row record, sel []string) any
	navigate map[string]func(d *dvRequest, row record, ref bool) error
}

// hooksFor returns the behaviour of a table (a switch, not a package-level
// map, so the hooks may themselves use the generic operations).
func hooksFor(set string) tableHooks {
	switch set {
	case "systemusers":
		return systemUserHooks()
	case "teams":
		return teamHooks()
	case "roles":
		return roleHooks()
	case "organizations":
		return organizationHooks()
	case "solutions":
		return solutionHooks()
	case "connectionreferences":
		return connectionReferenceHooks()
	case "connectors":
		return connectorHooks()
	case "workflows":
		return workflowHooks()
	}
	return tableHooks{}
}

func (d *dvRequest) list(set string) error {
	q, err := parseQuery(d.r)
	if err != nil {
		return err
	}
	value := []any{}
	for _, row := range d.org.find(set, q.Filter) {
		if q.Top > 0 && len(value) == q.Top {
			break
		}
		out, err := d.render(set, row, q)
		if err != nil {
			return err
		}
		value = append(value, out)
	}
	d.writeOData(http.StatusOK, map[string]any{"@odata.context": d.base + "/$metadata#" + set, "value": value})
	return nil
}

func (d *dvRequest) getOne(set string, row record) error {
	q, err := parseQuery(d.r)
	if err != nil {
		return err
	}
	out, err := d.render(set, row, q)
	if err != nil {
		return err
	}
	out["@odata.context"] = d.base + "/$metadata#" + set + "/$entity"
	d.writeOData(http.StatusOK, out)
	return nil
}

// render projects a row and adds the navigation properties $expand asks for.
func (d *dvRequest) render(set string, row record, q query) (map[string]any, error) {
	out := project(row, entitySets[set].Key, q.Select)
	for nav, sel := range q.Expand {
		fn := hooksFor(set).expand[nav]
		if fn == nil {
			return nil, badRequest(codeBadQuery, "Could not find a property named '"+nav+
				"' on type 'Microsoft.Dynamics.CRM."+entitySets[set].Entity+"'.")
		}
		out[nav] = fn(d, row, sel)
	}
	return out, nil
}

// create inserts a row and answers 204 with OData-EntityId, or 201 with the
// row when the client prefers return=representation.
func (d *dvRequest) create(set string) error {
	h := hooksFor(set)
	if h.create == nil {
		return methodNotAllowed(d.r.Method)
	}
	body, err := d.body()
	if err != nil {
		return err
	}
	rec, err := h.create(d, body)
	if err != nil {
		return err
	}
	row := d.org.insert(set, rec, d.now)
	d.w.Header().Set("OData-EntityId", d.entityURL(set, row))
	if strings.Contains(d.r.Header.Get("Prefer"), "return=representation") {
		out := project(row, entitySets[set].Key, nil)
		out["@odata.context"] = d.base + "/$metadata#" + set + "/$entity"
		d.writeOData(http.StatusCreated, out)
		return nil
	}
	d.w.Header().Set("OData-Version", "4.0")
	d.w.WriteHeader(http.StatusNoContent)
	return nil
}

func (d *dvRequest) update(set string, row record) error {
	h := hooksFor(set)
	if h.update == nil {
		return methodNotAllowed(d.r.Method)
	}
	body, err := d.body()
	if err != nil {
		return err
	}
	if err := h.update(d, row, body); err != nil {
		return err
	}
	row["modifiedon"] = isoTime(d.now)
	d.org.touch(row)
	d.w.Header().Set("OData-EntityId", d.entityURL(set, row))
	d.w.WriteHeader(http.StatusNoContent)
	return nil
}

func (d *dvRequest) remove(set string, row record) error {
	h := hooksFor(set)
	if h.remove == nil {
		return methodNotAllowed(d.r.Method)
	}
	if err := h.remove(d, row); err != nil {
		return err
	}
	d.org.remove(set, row.str(entitySets[set].Key))
	d.w.WriteHeader(http.StatusNoContent)
	return nil
}

// body reads a JSON object and turns "<lookup>@odata.bind" references into
// the lookup's value attribute, checking the target row exists.
func (d *dvRequest) body() (record, error) {
	body := record{}
	if err := readJSON(d.r, &body); err != nil {
		return nil, badRequest(codeInvalidArg, "The request body is not valid JSON: "+err.Error())
	}
	for k, v := range body {
		name, ok := strings.CutSuffix(k, "@odata.bind")
		if !ok {
			continue
		}
		ref, _ := v.(string)
		set, id := idFromURL(ref)
		if _, known := entitySets[set]; !known || d.org.get(set, id) == nil {
			return nil, notFound(entitySets[set].Entity, id)
		}
		delete(body, k)
		body["_"+strings.ToLower(name)+"_value"] = strings.ToLower(id)
	}
	return body, nil
}

// writeOData answers with an OData JSON payload.
func (d *dvRequest) writeOData(status int, v any) {
	d.w.Header().Set("OData-Version", "4.0")
	writeJSON(d.w, status, v)
}

// setAllowed copies the listed attributes of body onto row and rejects any other.
func setAllowed(entity string, row, body record, allowed ...string) error {
	for k, v := range body {
		ok := false
		for _, a := range allowed {
			ok = ok || strings.EqualFold(a, k)
		}
		if !ok {
			return badRequest(codeBadQuery, "The property '"+k+"' does not exist on type 'Microsoft.Dynamics.CRM."+entity+
				"' or cannot be changed here.")
		}
		row[strings.ToLower(k)] = v
	}
	return nil
}
