package devops

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/taskagent"
)

// The resource limits location of the distributedtask area (TaskResourceIds
// .ResourceLimits, "resourcelimits", in actions/runner ·
// src/Sdk/DTWebApi/WebApi/TaskResourceIds.cs) and the version asked of it:
// the route has no published REST description (see HostedParallelism).
var resourceLimitsLocation = uuid.MustParse("1f1f0557-c445-42a6-b4a0-0df605a3a0f8")

const resourceLimitsVersion = "7.1-preview.1"

// Parallelism is what the organization may run at once on Microsoft-hosted
// agents.
type Parallelism struct {
	// Hosted is the number of parallel jobs on Microsoft-hosted agents for
	// private projects; 0 until the free grant is approved or jobs are bought.
	Hosted int
	// Minutes is the monthly limit of hosted minutes, 0 for none.
	Minutes int
}

// HostedParallelism reads the organization's resource limits: GET
// {org}/_apis/distributedtask/resourcelimits, through the SDK's location
// lookup as every other call. The route is outside the
// published REST specs; its answer is a list of ResourceLimit, the model
// microsoft/azure-devops-go-api carries (taskagent.ResourceLimit:
// parallelismTag, isHosted, totalCount, totalMinutes) and Azure DevOps'
// own TaskAgentHttpClient.GetResourceLimitsAsync returns. The "Private"
// hosted limit is the one private projects' pipelines use.
func (c *Client) HostedParallelism(ctx context.Context) (Parallelism, error) {
	const op = "read the organization's parallel jobs"
	resp, err := c.agentRaw.Send(ctx, http.MethodGet, resourceLimitsLocation, resourceLimitsVersion, nil, nil, nil, "",
		azuredevops.MediaTypeApplicationJson, nil)
	if err != nil {
		return Parallelism{}, fmt.Errorf("%s: %w", op, c.apiError(err))
	}
	var limits []taskagent.ResourceLimit
	if err := c.agentRaw.UnmarshalCollectionBody(resp, &limits); err != nil {
		return Parallelism{}, fmt.Errorf("%s: %w", op, err)
	}
	var p Parallelism
	for _, l := range limits {
		if val(l.IsHosted) && strings.EqualFold(val(l.ParallelismTag), "Private") {
			p.Hosted, p.Minutes = val(l.TotalCount), val(l.TotalMinutes)
		}
	}
	return p, nil
}
