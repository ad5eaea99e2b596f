package devops

import (
	"context"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/operations"
)

// WaitOperation polls a long-running operation — by the URL QueueProject
// returned or by its id — until it succeeds, telling progress each status
// change. A new Client can re-attach to an operation a checkpoint recorded.
func (c *Client) WaitOperation(ctx context.Context, operation string, progress func(string)) error {
	id, err := operationID(operation)
	if err != nil {
		return err
	}
	last := operations.OperationStatus("")
	for {
		op, err := c.ops.GetOperation(ctx, operations.GetOperationArgs{OperationId: &id})
		if err != nil {
			return fmt.Errorf("check operation %s: %w", id, c.apiError(err))
		}
		status := val(op.Status)
		if status != last && progress != nil {
			progress("operation " + id.String() + ": " + string(status))
		}
		last = status
		switch status {
		case operations.OperationStatusValues.Succeeded:
			return nil
		case operations.OperationStatusValues.Failed, operations.OperationStatusValues.Cancelled:
			return fmt.Errorf("operation %s %s: %s", id, status, strings.TrimSpace(val(op.ResultMessage)+" "+val(op.DetailedMessage)))
		}
		if err := sleep(ctx, c.poll); err != nil {
			return fmt.Errorf("wait for operation %s: %w", id, err)
		}
	}
}

// operationID takes the id from an operation URL (…/_apis/operations/<id>)
// or an id.
func operationID(s string) (uuid.UUID, error) {
	s = strings.TrimRight(strings.SplitN(s, "?", 2)[0], "/")
	id, err := uuid.Parse(path.Base(s))
	if err != nil {
		return uuid.Nil, fmt.Errorf("%q names no Azure DevOps operation", s)
	}
	return id, nil
}

// WaitProject polls until the project named name is wellFormed: the way to
// wait for a creation whose operation URL was never recorded.
func (c *Client) WaitProject(ctx context.Context, name string, progress func(string)) (*Project, error) {
	for {
		p, err := c.FindProject(ctx, name)
		if err != nil {
			return nil, err
		}
		if p == nil {
			return nil, fmt.Errorf("wait for project %q: it does not exist", name)
		}
		if p.State == "wellFormed" {
			return p, nil
		}
		if progress != nil {
			progress("project " + name + ": " + p.State)
		}
		if err := sleep(ctx, c.poll); err != nil {
			return nil, fmt.Errorf("wait for project %q: %w", name, err)
		}
	}
}

// sleep waits d or until ctx ends.
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
