package devops

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// serviceError is the body of every Azure DevOps error response.
type serviceError struct {
	ID             string `json:"$id"`
	InnerException any    `json:"innerException"`
	Message        string `json:"message"`
	TypeName       string `json:"typeName"`
	TypeKey        string `json:"typeKey"`
	ErrorCode      int    `json:"errorCode"`
	EventID        int    `json:"eventId"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8; api-version=7.1")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, message, typeKey string) {
	writeJSON(w, status, serviceError{
		ID: "1", Message: message, TypeKey: typeKey, EventID: 3000,
		TypeName: "Microsoft.TeamFoundation.Framework.Server." + typeKey + ", Microsoft.TeamFoundation.Framework.Server",
	})
}

func unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", "Bearer authorization_uri=https://login.microsoftonline.com/common")
	writeError(w, http.StatusUnauthorized,
		"TF400813: The user '' is not authorized to access this resource.", "UnauthorizedRequestException")
}

// list is the {count,value} envelope of every collection.
type list struct {
	Count int `json:"count"`
	Value any `json:"value"`
}

func (q *request) ok(v any)      { writeJSON(q.w, http.StatusOK, v) }
func (q *request) created(v any) { writeJSON(q.w, http.StatusCreated, v) }
func (q *request) accepted(v any) {
	writeJSON(q.w, http.StatusAccepted, v)
}

// list answers a collection.
func listOf[T any](q *request, items []T) {
	if items == nil {
		items = []T{}
	}
	q.ok(list{Count: len(items), Value: items})
}

// page answers items from continuationToken (an offset, as the real projects
// list hands out) taking at most $top (default def), setting
// X-MS-ContinuationToken when more remain.
func page[T any](q *request, items []T, def int) {
	start, _ := strconv.Atoi(q.query("continuationToken"))
	if skip, err := strconv.Atoi(q.query("$skip")); err == nil {
		start += skip
	}
	top, err := strconv.Atoi(q.query("$top"))
	if err != nil || top <= 0 {
		top = def
	}
	start = min(max(start, 0), len(items))
	end := min(start+top, len(items))
	if end < len(items) {
		q.w.Header().Set("X-MS-ContinuationToken", strconv.Itoa(end))
	}
	listOf(q, items[start:end])
}

func (q *request) notFound(message, typeKey string) {
	writeError(q.w, http.StatusNotFound, message, typeKey)
}

func (q *request) badRequest(message, typeKey string) {
	writeError(q.w, http.StatusBadRequest, message, typeKey)
}

func (q *request) conflict(message, typeKey string) {
	writeError(q.w, http.StatusConflict, message, typeKey)
}
