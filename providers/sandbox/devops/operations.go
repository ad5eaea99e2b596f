package devops

import (
	"net/http"
	"time"
)

// Operation statuses as the operations area reports them.
const (
	opQueued     = "queued"
	opInProgress = "inProgress"
	opSucceeded  = "succeeded"
	opFailed     = "failed"
)

// operation is a long-running operation (project creation or deletion). It
// keeps its id for the life of the sandbox, across Snapshot and Restore, so a
// client that restarts can re-attach.
type operation struct {
	ID      string    `json:"id"`
	Org     string    `json:"organization"`
	Kind    string    `json:"kind"` // createProject, deleteProject
	Target  string    `json:"target"`
	Status  string    `json:"status"`
	Message string    `json:"resultMessage,omitempty"`
	DueAt   time.Time `json:"dueAt"`
}

// pluginID is the id of the team-project plugin that runs project operations.
const pluginID = "00000000-0000-0000-0000-000000000000"

func operationRoutes() []route {
	return []route{{hostDevOps, http.MethodGet, "_apis/operations/{operationId}", getOperation}}
}

// startOperation queues an operation of kind on target, finishing after the
// sandbox's operation delay.
func (s *Service) startOperation(o *organization, kind, target string) *operation {
	op := &operation{ID: newID(), Org: o.Name, Kind: kind, Target: target, Status: opQueued,
		DueAt: s.env.Now().Add(s.operationDelay())}
	s.st.Operations[op.ID] = op
	return op
}

func (s *Service) operationDelay() time.Duration {
	if s.env.OperationDelay == nil {
		return 0
	}
	return s.env.OperationDelay()
}

// settle finishes every operation and import whose time has come.
func (s *Service) settle() {
	now := s.env.Now()
	for _, op := range s.st.Operations {
		if (op.Status == opQueued || op.Status == opInProgress) && !now.Before(op.DueAt) {
			s.finishOperation(op)
		}
	}
	for _, o := range s.st.Orgs {
		for _, ir := range o.Imports {
			if !ir.done() && !now.Before(ir.DueAt) {
				finishImport(o, ir)
			}
		}
	}
}

func (s *Service) finishOperation(op *operation) {
	o := s.st.Orgs[op.Org]
	op.Status = opSucceeded
	switch op.Kind {
	case "createProject":
		if p := o.projectByID(op.Target); p != nil {
			p.State = "wellFormed"
			p.Revision++
		}
	case "deleteProject":
		o.removeProject(op.Target)
	}
}

func (q *request) operationRef(op *operation) map[string]any {
	url := q.base + "/_apis/operations/" + op.ID
	return map[string]any{"id": op.ID, "status": op.Status, "url": url, "pluginId": pluginID}
}

func getOperation(q *request) {
	op, ok := q.s.st.Operations[q.param("operationId")]
	if !ok || op.Org != q.org.Name {
		q.notFound("TF50309: The operation "+q.param("operationId")+" could not be found.", "OperationNotFoundException")
		return
	}
	if op.Status == opQueued {
		op.Status = opInProgress
	}
	out := q.operationRef(op)
	out["_links"] = map[string]any{"self": map[string]any{"href": out["url"]}}
	out["resultMessage"] = op.Message
	q.ok(out)
}
