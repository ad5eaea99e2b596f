package entra

import (
	"context"
	"fmt"
	"time"
)

// backoff bounds the waits for directory replication.
type backoff struct {
	first, max time.Duration
	attempts   int
}

// errStillReplicating is returned by an attempt that has proven the object
// exists but is not yet readable or usable everywhere.
type errStillReplicating struct{ what string }

// Error says which object is still replicating.
func (e errStillReplicating) Error() string {
	return e.what + " exists but has not reached every directory replica yet"
}

// untilReplicated runs attempt until it succeeds, fails for another reason,
// or the attempts run out. Only an attempt that proved the object exists
// (errStillReplicating) is repeated: a new directory object takes seconds to
// reach every replica, and nothing else is worth waiting for here.
func (c *Client) untilReplicated(ctx context.Context, op string, attempt func() error) error {
	d := c.wait.first
	for i := 1; ; i++ {
		err := attempt()
		if _, waiting := err.(errStillReplicating); !waiting {
			return err
		}
		if i >= c.wait.attempts {
			return fmt.Errorf("%s: gave up after %d attempts: %w", op, i, err)
		}
		if err := sleep(ctx, d); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		d = min(2*d, c.wait.max)
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// onApp runs fn, a call on the app with this object id, again while it
// answers 404 for an app that a read proves exists: a new app is not yet
// known to every replica. A 404 means nothing was done, so a repeat is safe.
func (c *Client) onApp(ctx context.Context, appObjectID, op string, fn func() error) error {
	return c.untilReplicated(ctx, op, func() error {
		err := fn()
		if !isNotFound(err) {
			return err
		}
		if _, rerr := c.applicationByID(ctx, appObjectID); rerr != nil {
			return err
		}
		return errStillReplicating{"app registration " + appObjectID}
	})
}
