package devops

import (
	"encoding/json"
	"net/http"

	"almwiz/providers/sandbox/emulator"
)

// The resource limits route is outside the published REST specs (listed in
// providers/sandbox/contract/unspecified.go). Its answer is a collection of
// ResourceLimit as microsoft/azure-devops-go-api models it
// (azuredevops/v7/taskagent/models.go: hostId, parallelismTag, isHosted,
// totalCount, totalMinutes, isPremium, failedToReachAllProviders,
// resourceLimitsData) and actions/runner's copy of the server's
// DistributedTask web API (src/Sdk/DTWebApi/WebApi/ResourceLimit.cs) declares.
func resourceLimitRoutes() []route {
	return []route{
		{hostDevOps, http.MethodGet, "_apis/distributedtask/resourcelimits", listResourceLimits},
	}
}

// hostedParallelism is the organization's Microsoft-hosted parallel jobs
// for private projects. A new organization has none until Microsoft grants
// the free one on request (learn.microsoft.com/azure/devops/pipelines/licensing/concurrent-jobs:
// "submit a request" at https://aka.ms/azpipelines-parallelism-request);
// the lived-in world's organization has had its grant.
func (q *request) hostedParallelism() int {
	if q.org.HostedParallelism != nil {
		return *q.org.HostedParallelism
	}
	if q.s.env.LivedIn() {
		return 1
	}
	return 0
}

func listResourceLimits(q *request) {
	hosted := q.hostedParallelism()
	limit := func(tag string, isHosted bool, count, minutes int) map[string]any {
		l := map[string]any{"hostId": q.org.ID, "parallelismTag": tag, "isHosted": isHosted, "isPremium": false, "totalCount": count}
		if minutes > 0 {
			l["totalMinutes"] = minutes
		}
		return l
	}
	minutes := 0
	if hosted == 1 {
		minutes = 1800 // the free grant: one job, 1,800 minutes a month
	}
	listOf(q, []map[string]any{
		limit("Private", true, hosted, minutes),
		limit("Public", true, 0, 0),
		limit("Private", false, 1, 0), // one free self-hosted job
	})
}

// registerParallelismControl serves POST /_sandbox/devops/parallelism:
// {"organization": "contoso", "hosted": 1} sets the organization's
// Microsoft-hosted parallel jobs, standing in for Microsoft's grant or a
// purchase.
func (s *Service) registerParallelismControl(mux *http.ServeMux) {
	mux.HandleFunc("POST "+emulator.PrefixControl+"/devops/parallelism", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Organization string `json:"organization"`
			Hosted       *int   `json:"hosted"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Organization == "" || req.Hosted == nil || *req.Hosted < 0 {
			writeError(w, http.StatusBadRequest, "organization and hosted (0 or more) are required.", "InvalidRequestContent")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.org(req.Organization).HostedParallelism = req.Hosted
		w.WriteHeader(http.StatusNoContent)
	})
}
