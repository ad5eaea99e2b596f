package powerplatform

import (
	"context"
	"fmt"
	"strings"
)

// AsyncOperation is a Dataverse system job, such as a solution import.
type AsyncOperation struct {
	ID              string `json:"asyncoperationid"`
	Name            string `json:"name"`
	StateCode       int    `json:"statecode"`  // 0 ready, 1 suspended, 2 locked, 3 completed
	StatusCode      int    `json:"statuscode"` // see asyncStatus
	Message         string `json:"message"`
	FriendlyMessage string `json:"friendlymessage"`
	CompletedOn     string `json:"completedon"`
}

// Async operation status codes that end an operation.
const (
	asyncSucceeded = 30
	asyncFailed    = 31
)

// asyncStatus names the status codes, for progress text.
var asyncStatus = map[int]string{
	0: "waiting for resources", 10: "waiting", 20: "in progress", 21: "pausing", 22: "canceling",
	30: "succeeded", 31: "failed", 32: "canceled",
}

// Done reports whether the operation has ended.
func (a AsyncOperation) Done() bool { return a.StateCode == 3 || a.StatusCode >= asyncSucceeded }

// WaitAsyncOperation polls a Dataverse async operation (asyncoperations)
// until it ends, telling progress its status; a failed or canceled
// operation is an error carrying Dataverse's message.
func (d *Dataverse) WaitAsyncOperation(ctx context.Context, id string, progress func(string)) (AsyncOperation, error) {
	progress = orNoProgress(progress)
	op := "wait for async operation " + id
	if err := checkGUID("async operation id", id); err != nil {
		return AsyncOperation{}, fmt.Errorf("%s: %w", op, err)
	}
	poll, last := poller{c: d.c}, ""
	path := "asyncoperations(" + id + ")?$select=asyncoperationid,name,statecode,statuscode,message,friendlymessage,completedon"
	for {
		var a AsyncOperation
		err := d.get(ctx, op, path, &a)
		if err != nil && !isTransient(err) {
			return a, err
		}
		if err == nil {
			if text := fmt.Sprintf("%s: %s", firstNonEmpty(a.Name, "async operation"), asyncStatusName(a.StatusCode)); text != last {
				progress(text)
				last = text
			}
			if a.Done() {
				return a, asyncResult(d.in(op), a)
			}
		}
		if err := poll.wait(ctx, nil, err); err != nil {
			return AsyncOperation{}, fmt.Errorf("%s: %w", d.in(op), err)
		}
	}
}

func asyncStatusName(code int) string {
	if s, ok := asyncStatus[code]; ok {
		return s
	}
	return fmt.Sprintf("status %d", code)
}

// asyncResult is nil for a succeeded operation, else why it did not.
func asyncResult(op string, a AsyncOperation) error {
	if a.StatusCode == asyncSucceeded {
		return nil
	}
	msg := firstNonEmpty(a.FriendlyMessage, a.Message)
	if msg == "" {
		msg = "no reason given"
	}
	if a.StatusCode == asyncFailed && strings.Contains(msg, "dependencies are missing") {
		msg += "\n  Import the solutions it depends on first (the ALM Accelerator needs the Creator Kit, CreatorKitCore)."
	}
	return fmt.Errorf("%s: the operation %s: %s", op, asyncStatusName(a.StatusCode), msg)
}
