package powerplatform

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"almwiz/providers/auth"
)

// webAPIVersion is the Dataverse Web API version almwiz calls.
const webAPIVersion = "v9.2"

// Dataverse calls the Web API of one environment's Dataverse organisation.
type Dataverse struct {
	c      *Client
	envURL string // the environment's real URL, https://<host>/
	api    string // where its Web API is served, ending in /api/data/v9.2/
	tokens auth.TokenSource
}

// Dataverse opens the Web API of the environment at envURL (its instance
// URL, e.g. https://contoso-test.crm.dynamics.com/), with tokens for its
// audience (the URL without the trailing slash).
func (c *Client) Dataverse(envURL string) (*Dataverse, error) {
	base, audience, err := c.ep.Dataverse(envURL)
	if err != nil {
		return nil, fmt.Errorf("open Dataverse: %w", err)
	}
	return &Dataverse{c: c, envURL: audience + "/", api: base + "api/data/" + webAPIVersion + "/", tokens: c.tokens(audience)}, nil
}

// URL is the environment's URL, https://<host>/.
func (d *Dataverse) URL() string { return d.envURL }

// in names the environment in an operation, e.g. `create team "x" in https://…/`.
func (d *Dataverse) in(what string) string { return what + " in " + d.envURL }

// Whether a Dataverse write may be repeated by the transport after a 5xx.
const (
	repeatable    = true  // repeating it changes nothing (or its duplicate is adopted)
	notRepeatable = false // repeating it would start something twice
)

// call sends one Web API request; path is relative to /api/data/v9.2/.
func (d *Dataverse) call(ctx context.Context, op, method, path string, body any, out any, safe bool) (*response, error) {
	r := request{service: serviceDataverse, op: d.in(op), method: method, url: d.api + path, body: body, tokens: d.tokens,
		header: map[string]string{"OData-MaxVersion": "4.0", "OData-Version": "4.0"}, retrySafe: safe}
	resp, err := d.c.send(ctx, r)
	if err != nil || out == nil {
		return resp, err
	}
	return resp, resp.decode(r.op, out)
}

// get reads path into out.
func (d *Dataverse) get(ctx context.Context, op, path string, out any) error {
	_, err := d.call(ctx, op, http.MethodGet, path, nil, out, repeatable)
	return err
}

// create posts a new row to set and returns its id from OData-EntityId.
// Callers adopt the duplicate a repeated create meets, so it is repeatable.
func (d *Dataverse) create(ctx context.Context, op, set string, body any) (string, error) {
	resp, err := d.call(ctx, op, http.MethodPost, set, body, nil, repeatable)
	if err != nil {
		return "", err
	}
	id := entityIDOf(resp.header.Get("OData-EntityId"))
	if !isGUID(id) {
		return "", fmt.Errorf("%s: Dataverse answered %d without the new row's id", d.in(op), resp.status)
	}
	return id, nil
}

// patch sets attributes of one row; setting them again changes nothing.
func (d *Dataverse) patch(ctx context.Context, op, path string, body any) error {
	_, err := d.call(ctx, op, http.MethodPatch, path, body, nil, repeatable)
	return err
}

// entityIDOf takes the key out of https://…/api/data/v9.2/systemusers(<id>).
func entityIDOf(entityURL string) string {
	_, key, ok := strings.Cut(lastSegment(entityURL), "(")
	if !ok {
		return ""
	}
	return strings.TrimSuffix(key, ")")
}

// rows is an OData collection.
type rows[T any] struct {
	Value []T `json:"value"`
}

// query builds "<set>?$select=…&$filter=…" with the values percent-encoded
// (spaces as %20, which every OData service reads).
func query(set string, options ...string) string {
	var b strings.Builder
	b.WriteString(set)
	for i := 0; i+1 < len(options); i += 2 {
		if options[i+1] == "" {
			continue
		}
		if b.Len() == len(set) {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(options[i] + "=" + strings.ReplaceAll(url.QueryEscape(options[i+1]), "+", "%20"))
	}
	return b.String()
}

// quote is an OData string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// WhoAmI is the signed-in caller as a Dataverse user.
type WhoAmI struct {
	UserID         string `json:"UserId"`
	BusinessUnitID string `json:"BusinessUnitId"`
	OrganizationID string `json:"OrganizationId"`
}

// WhoAmI asks Dataverse who the caller is; it also proves the environment
// is reachable and the caller is one of its users.
func (d *Dataverse) WhoAmI(ctx context.Context) (WhoAmI, error) {
	var w WhoAmI
	return w, d.get(ctx, "identify the signed-in user", "WhoAmI", &w)
}

// BusinessUnit is a Dataverse business unit.
type BusinessUnit struct {
	ID   string `json:"businessunitid"`
	Name string `json:"name"`
}

// RootBusinessUnit is the organisation's business unit without a parent,
// where application users, roles and group teams live.
func (d *Dataverse) RootBusinessUnit(ctx context.Context) (BusinessUnit, error) {
	const op = "find the root business unit"
	var list rows[BusinessUnit]
	if err := d.get(ctx, op, query("businessunits", "$select", "businessunitid,name", "$filter", "parentbusinessunitid eq null"), &list); err != nil {
		return BusinessUnit{}, err
	}
	if len(list.Value) != 1 {
		return BusinessUnit{}, fmt.Errorf("%s: Dataverse lists %d business units without a parent, not one", d.in(op), len(list.Value))
	}
	return list.Value[0], nil
}
