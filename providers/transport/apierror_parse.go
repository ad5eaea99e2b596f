package transport

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 64 << 10

// FromResponse reads and closes resp's body and builds the APIError it
// describes. service may be empty: it is then named from the request URL.
// operation is what almwiz was doing, e.g. `create group "ALM Makers"`.
func FromResponse(resp *http.Response, service, operation string) *APIError {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
	if service == "" && resp.Request != nil {
		service = ServiceOf(resp.Request.URL)
	}
	e := ParseError(service, resp.StatusCode, body)
	e.Operation = operation
	return e
}

// ParseError builds an APIError from a status and an error body in any of
// the shapes Microsoft services answer with — Graph/OData, BAP and
// Dataverse {"error":{"code","message"}}, Azure DevOps {"message","typeKey"},
// Entra {"error","error_description"} — or plain text. The message is
// redacted and the suggestion looked up in the suggestion table.
func ParseError(service string, status int, body []byte) *APIError {
	code, msg := parseErrorBody(body)
	e := &APIError{Service: service, Status: status, Code: code, Message: Redact(msg)}
	e.Suggestion = Suggest(e)
	return e
}

// errorBody is the union of the services' error shapes.
type errorBody struct {
	Error            json.RawMessage `json:"error"`
	ErrorDescription string          `json:"error_description"`
	Message          string          `json:"message"`
	TypeKey          string          `json:"typeKey"`
}

// odataError is {"code","message"} inside "error" (Graph, BAP, Dataverse).
type odataError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// devOpsCode is the TFnnnnn code an Azure DevOps message starts with.
var devOpsCode = regexp.MustCompile(`^(TF\d+|VS\d+):`)

func parseErrorBody(body []byte) (code, msg string) {
	text := strings.TrimSpace(string(body))
	var b errorBody
	if err := json.Unmarshal(body, &b); err != nil {
		return "", truncate(text, 2000)
	}
	var inner odataError
	var entraCode string
	switch {
	case json.Unmarshal(b.Error, &inner) == nil && (inner.Code != "" || inner.Message != ""):
		return inner.Code, inner.Message
	case json.Unmarshal(b.Error, &entraCode) == nil && entraCode != "":
		return entraCode, b.ErrorDescription
	case b.Message != "":
		if m := devOpsCode.FindStringSubmatch(b.Message); m != nil {
			return m[1], b.Message
		}
		return b.TypeKey, b.Message
	}
	return "", truncate(text, 2000)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
