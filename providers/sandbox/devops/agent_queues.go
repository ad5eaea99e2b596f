package devops

import (
	"net/http"
	"strconv"
	"strings"
)

// agentQueue is a project's view of an agent pool. Every project gets the
// hosted "Azure Pipelines" queue and the self-hosted "Default" queue.
type agentQueue struct {
	ID        int    `json:"id"`
	ProjectID string `json:"projectId"`
	Name      string `json:"name"`
	PoolID    int    `json:"poolId"`
	IsHosted  bool   `json:"isHosted"`
}

// Organization-wide agent pools every new organization has.
var defaultPools = []struct {
	id     int
	name   string
	hosted bool
}{{1, "Default", false}, {9, "Azure Pipelines", true}}

func queueRoutes() []route {
	return []route{
		{hostDevOps, http.MethodGet, "{project}/_apis/distributedtask/queues", listQueues},
		{hostDevOps, http.MethodGet, "{project}/_apis/distributedtask/queues/{queueId}", getQueue},
	}
}

func (o *organization) addQueues(p *project) {
	for _, pool := range defaultPools {
		o.Counters.Queue++
		o.Queues = append(o.Queues, &agentQueue{ID: o.Counters.Queue, ProjectID: p.ID, Name: pool.name, PoolID: pool.id, IsHosted: pool.hosted})
	}
}

// queue finds a project's queue by name or numeric id.
func (o *organization) queue(projectID, nameOrID string) *agentQueue {
	for _, a := range o.Queues {
		if a.ProjectID == projectID && (sameName(a.Name, nameOrID) || strconv.Itoa(a.ID) == nameOrID) {
			return a
		}
	}
	return nil
}

func queueJSON(a *agentQueue) map[string]any {
	return map[string]any{"id": a.ID, "projectId": a.ProjectID, "name": a.Name,
		"pool": map[string]any{"id": a.PoolID, "name": a.Name, "isHosted": a.IsHosted, "poolType": "automation", "size": 1}}
}

// wildcardMatch matches name against a pattern where * stands for any text,
// case-insensitively, as the real name filters do.
func wildcardMatch(pattern, name string) bool {
	pattern, name = strings.ToLower(pattern), strings.ToLower(name)
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(name, part)
		if i < 0 {
			return false
		}
		name = name[i+len(part):]
	}
	return strings.HasSuffix(name, parts[len(parts)-1])
}

func listQueues(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	name, names, ids := q.query("queueName"), q.query("queueNames"), q.query("queueIds")
	var out []map[string]any
	for _, a := range q.org.Queues {
		if a.ProjectID != p.ID || (name != "" && !wildcardMatch(name, a.Name)) ||
			(names != "" && !inCSV(names, a.Name)) || (ids != "" && !inCSV(ids, strconv.Itoa(a.ID))) {
			continue
		}
		out = append(out, queueJSON(a))
	}
	listOf(q, out)
}

func getQueue(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	a := q.org.queue(p.ID, q.param("queueId"))
	if a == nil {
		q.notFound("Queue with id "+q.param("queueId")+" does not exist or you do not have permissions.", "TaskAgentQueueNotFoundException")
		return
	}
	q.ok(queueJSON(a))
}

// inCSV reports whether v is one of the comma-separated values, ignoring case.
func inCSV(csv, v string) bool {
	for _, x := range strings.Split(csv, ",") {
		if sameName(strings.TrimSpace(x), v) {
			return true
		}
	}
	return false
}
