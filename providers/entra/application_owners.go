package entra

import (
	"context"
	"fmt"
)

// directoryObject is any directory object, by id.
type directoryObject struct {
	ID string `json:"id"`
}

// ensureOwners makes every id in owners an owner of app; added reports
// whether any was missing.
func (c *Client) ensureOwners(ctx context.Context, app Application, owners []string) (added bool, err error) {
	if len(owners) == 0 {
		return false, nil
	}
	have, err := c.ownersOf(ctx, app)
	if err != nil {
		return false, err
	}
	for _, id := range owners {
		if containsID(have, id) {
			continue
		}
		op := fmt.Sprintf("add owner %s to app registration %q", id, app.DisplayName)
		cl := call{method: "POST", path: "/applications/" + quote(app.ID) + "/owners/$ref", body: c.ref(id), op: op, role: roleApps, retrySafe: true}
		if _, err := c.do(ctx, cl, nil); err != nil && !alreadyExists(err) {
			return added, err
		}
		added = true
	}
	return added, nil
}

// ref is the body of a POST …/$ref naming a directory object.
func (c *Client) ref(id string) map[string]string {
	return map[string]string{"@odata.id": c.base + "/directoryObjects/" + id}
}

func containsID(objs []directoryObject, id string) bool {
	for _, o := range objs {
		if sameID(o.ID, id) {
			return true
		}
	}
	return false
}

// ownersOf lists the owners of app, waiting out replication of a new app.
func (c *Client) ownersOf(ctx context.Context, app Application) ([]directoryObject, error) {
	op := fmt.Sprintf("read the owners of app registration %q", app.DisplayName)
	var have []directoryObject
	err := c.onApp(ctx, app.ID, op, func() (err error) {
		have, err = list[directoryObject](ctx, c, call{method: "GET", path: "/applications/" + quote(app.ID) + "/owners?$select=id", op: op, role: roleApps})
		return err
	})
	return have, err
}
