package entra

import (
	"context"
	"fmt"
)

// EnsureMember makes the directory object memberID (a user, service
// principal or group) a member of the group. It looks first; Graph's 400
// "already exist" also counts as present.
func (c *Client) EnsureMember(ctx context.Context, groupID, memberID string) (Outcome, error) {
	members, err := list[directoryObject](ctx, c, call{method: "GET", path: "/groups/" + quote(groupID) + "/members?$select=id",
		op: fmt.Sprintf("read the members of group %s", groupID), role: roleGroups})
	if err != nil {
		return "", err
	}
	if containsID(members, memberID) {
		return Unchanged, nil
	}
	cl := call{method: "POST", path: "/groups/" + quote(groupID) + "/members/$ref", body: c.ref(memberID),
		op: fmt.Sprintf("add member %s to group %s", memberID, groupID), role: roleGroups, retrySafe: true}
	_, err = c.do(ctx, cl, nil)
	switch {
	case alreadyExists(err):
		return Unchanged, nil
	case err != nil:
		return "", err
	}
	return Created, nil
}
