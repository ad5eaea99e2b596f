package devops

import (
	"context"
	"fmt"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/taskagent"
)

// QueueID is the id of the project's agent queue named name (e.g. "Azure
// Pipelines"), for pipelines, pipeline permissions and queue roles.
func (c *Client) QueueID(ctx context.Context, project, name string) (int, error) {
	qs, err := c.agent.GetAgentQueues(ctx, taskagent.GetAgentQueuesArgs{Project: &project, QueueName: &name})
	if err != nil {
		return 0, fmt.Errorf("look up agent queue %q: %w", name, c.apiError(err))
	}
	for _, q := range *qs {
		if strings.EqualFold(val(q.Name), name) {
			return val(q.Id), nil
		}
	}
	return 0, fmt.Errorf("look up agent queue %q: project %s has none by that name", name, project)
}
