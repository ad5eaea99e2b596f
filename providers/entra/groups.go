package entra

import (
	"context"
	"fmt"
	"strings"
	"unicode"
)

// Group is a Microsoft Entra group.
type Group struct {
	ID              string `json:"id"`
	DisplayName     string `json:"displayName"`
	Description     string `json:"description"`
	MailNickname    string `json:"mailNickname"`
	SecurityEnabled bool   `json:"securityEnabled"`
	MailEnabled     bool   `json:"mailEnabled"`
}

// EnsureGroup makes sure a security group of this display name exists, with
// this description. Two groups of that name are an *AmbiguousError. mark,
// when not empty, follows the description of a group this call creates
// (after a space): the proof that almwiz made it. An existing group whose
// description is description, with or without mark, is left as it is; one
// with another description gets description, never the mark.
func (c *Client) EnsureGroup(ctx context.Context, displayName, description, mark string) (Group, Outcome, error) {
	found, err := list[Group](ctx, c, call{method: "GET", path: "/groups?" + filter("displayName", displayName),
		op: fmt.Sprintf("find group %q", displayName), role: roleGroups})
	switch {
	case err != nil:
		return Group{}, "", err
	case len(found) > 1:
		return Group{}, "", &AmbiguousError{Kind: "groups", Name: displayName, IDs: groupIDs(found)}
	case len(found) == 0 && mark != "":
		return c.createGroup(ctx, displayName, strings.TrimSpace(description+" "+mark))
	case len(found) == 0:
		return c.createGroup(ctx, displayName, description)
	}
	g := found[0]
	if description == "" || g.Description == description || mark != "" && g.Description == description+" "+mark {
		return g, Unchanged, nil
	}
	cl := call{method: "PATCH", path: "/groups/" + quote(g.ID), body: map[string]string{"description": description},
		op: fmt.Sprintf("update group %q", displayName), role: roleGroups, retrySafe: true}
	if _, err := c.do(ctx, cl, nil); err != nil {
		return Group{}, "", err
	}
	g.Description = description
	return g, Updated, nil
}

func (c *Client) createGroup(ctx context.Context, displayName, description string) (Group, Outcome, error) {
	body := map[string]any{"displayName": displayName, "mailEnabled": false, "securityEnabled": true,
		"mailNickname": MailNickname(displayName)}
	if description != "" {
		body["description"] = description
	}
	var g Group
	_, err := c.do(ctx, call{method: "POST", path: "/groups", body: body,
		op: fmt.Sprintf("create security group %q", displayName), role: roleGroups}, &g)
	return g, Created, err
}

// MailNickname derives a valid mail nickname from a group's display name:
// its ASCII letters and digits, at most 64 of them ("group" when none is
// left). Entra requires one even for a group without mail; the CoE CLI sent
// the text "null".
func MailNickname(displayName string) string {
	var b strings.Builder
	for _, r := range displayName {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) && b.Len() < 64 {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "group"
	}
	return b.String()
}

func groupIDs(gs []Group) []string {
	ids := make([]string, len(gs))
	for i, g := range gs {
		ids[i] = g.ID
	}
	return ids
}

// GroupByID reads the group with this object id; found is false when there
// is none. While a new one replicates, Graph may answer 404 to the read by
// key; the filtered list then finds it.
func (c *Client) GroupByID(ctx context.Context, id string) (g Group, found bool, err error) {
	op := fmt.Sprintf("read group %s", id)
	_, err = c.do(ctx, call{method: "GET", path: "/groups/" + quote(id), op: op, role: roleGroups}, &g)
	if !isNotFound(err) {
		return g, err == nil, err
	}
	gs, err := list[Group](ctx, c, call{method: "GET", path: "/groups?" + filter("id", id), op: op, role: roleGroups})
	if err != nil || len(gs) == 0 {
		return Group{}, false, err
	}
	return gs[0], true, nil
}
