package powerplatform

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// Lifecycle-operation states as the admin API reports them in state.id.
const (
	opRunning   = "Running"
	opSucceeded = "Succeeded"
	opFailed    = "Failed"
)

// lifecycleOperation is a long-running admin-API operation on an environment.
type lifecycleOperation struct {
	ID              string    `json:"id"`
	Type            string    `json:"type"` // Create, Delete
	EnvironmentName string    `json:"environmentName"`
	State           string    `json:"state"`
	CreatedAt       time.Time `json:"createdAt"`
	ReadyAt         time.Time `json:"readyAt"`
	FinishedAt      time.Time `json:"finishedAt,omitzero"`
	RequestedBy     principal `json:"requestedBy"`
}

const lifecyclePath = "/providers/Microsoft.BusinessAppPlatform/lifecycleOperations/"

func (s *Service) registerOperations(mux *http.ServeMux) {
	mux.HandleFunc("GET "+bapRoot+"/lifecycleOperations/{id}", s.bap(s.getLifecycle))
}

// startLifecycle records a running operation that finishes after OperationDelay.
func (s *Service) startLifecycle(kind, envName string, c emulator.Claims) *lifecycleOperation {
	now := s.env.Now()
	op := &lifecycleOperation{ID: newGUID(), Type: kind, EnvironmentName: envName, State: opRunning,
		CreatedAt: now, ReadyAt: now.Add(s.env.OperationDelay()), RequestedBy: callerPrincipal(c)}
	s.st.Operations[op.ID] = op
	return op
}

// acceptOperation answers 202 pointing at the operation, as the admin API does.
func (s *Service) acceptOperation(w http.ResponseWriter, r *http.Request, op *lifecycleOperation) {
	loc := emulator.BaseURL(r) + emulator.PrefixPowerPlatformAdmin + lifecyclePath + op.ID + "?api-version=2023-06-01"
	w.Header().Set("Location", loc)
	w.Header().Set("Operation-Location", loc)
	w.Header().Set("Retry-After", retryAfter(s.env.OperationDelay()))
	w.WriteHeader(http.StatusAccepted)
}

// retryAfter is a polite polling interval for an operation lasting d: 1-10 seconds.
func retryAfter(d time.Duration) string {
	sec := int(math.Ceil(d.Seconds() / 2))
	return strconv.Itoa(min(max(sec, 1), 10))
}

func (s *Service) getLifecycle(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	op, ok := s.st.Operations[strings.ToLower(r.PathValue("id"))]
	if !ok {
		writeAPIError(w, http.StatusNotFound, "LifecycleOperationNotFound", "The lifecycle operation was not found.")
		return
	}
	if op.State == opRunning {
		w.Header().Set("Retry-After", retryAfter(op.ReadyAt.Sub(s.env.Now())))
	}
	writeJSON(w, http.StatusOK, op.dto())
}

// finishLifecycle completes op: a created environment becomes ready with its
// Dataverse organisation, a deleted one disappears.
func (s *Service) finishLifecycle(op *lifecycleOperation, now time.Time) {
	op.State, op.FinishedAt = opSucceeded, now
	e, ok := s.st.Environments[op.EnvironmentName]
	if !ok {
		return
	}
	switch op.Type {
	case "Create":
		e.ProvisioningState = "Succeeded"
		if d := e.Dataverse; d != nil {
			d.Host = d.DomainName + "." + geoOfName(e.Location).CRMSuffix
			o := s.newOrg(d.Host, e.Name, d.BaseLanguage, now)
			d.OrganizationID = o.OrganizationID
		}
	case "Delete":
		if e.Dataverse != nil {
			delete(s.st.Orgs, strings.ToLower(e.Dataverse.Host))
		}
		delete(s.st.Environments, e.Name)
	}
}

func geoOfName(name string) geo {
	g, ok := geoByName(name)
	if !ok {
		return geos[0]
	}
	return g
}

// dto renders the operation in the shape of the real lifecycle response.
func (op *lifecycleOperation) dto() map[string]any {
	last := op.CreatedAt
	if !op.FinishedAt.IsZero() {
		last = op.FinishedAt
	}
	stages := []any{}
	for _, name := range []string{"Validate", "Prepare", "Run", "Finalize"} {
		st := op.State
		if st == opRunning && name == "Validate" {
			st = opSucceeded
		} else if st == opRunning && name != "Prepare" {
			st = "NotStarted"
		}
		stages = append(stages, map[string]any{"id": name, "name": name, "state": map[string]any{"id": st},
			"firstActionDateTime": isoTime(op.CreatedAt), "lastActionDateTime": isoTime(last)})
	}
	return map[string]any{
		"id": op.ID,
		"links": map[string]any{
			"self":        map[string]any{"path": lifecyclePath + op.ID},
			"environment": map[string]any{"path": "/providers/Microsoft.BusinessAppPlatform/environments/" + op.EnvironmentName},
		},
		"type": map[string]any{"id": op.Type}, "typeDisplayName": op.Type,
		"state":           map[string]any{"id": op.State},
		"createdDateTime": isoTime(op.CreatedAt), "lastActionDateTime": isoTime(last),
		"requestedBy": op.RequestedBy, "stages": stages,
	}
}
