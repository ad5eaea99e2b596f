package powerplatform

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// OperationResult is how an admin-API lifecycle operation ended.
type OperationResult struct {
	Type            string // Create, Delete…
	State           string // Succeeded, or NotFound when the service no longer knows the operation (404 means done)
	EnvironmentName string
}

// lifecycleDTO is the admin API's lifecycle operation.
type lifecycleDTO struct {
	Links struct {
		Environment struct {
			Path string `json:"path"`
		} `json:"environment"`
	} `json:"links"`
	State struct {
		ID string `json:"id"`
	} `json:"state"`
	Type struct {
		ID string `json:"id"`
	} `json:"type"`
	Stages []struct {
		Name  string `json:"name"`
		State struct {
			ID string `json:"id"`
		} `json:"state"`
	} `json:"stages"`
}

// WaitOperation polls an admin-API lifecycle operation (the Location of a
// 202) until it succeeds or fails, honouring Retry-After; 409 means "not
// yet", 404 that the operation is over and forgotten. Only URLs on the
// admin API's host are followed, so a tampered checkpoint cannot send the
// admin's token elsewhere.
func (c *Client) WaitOperation(ctx context.Context, operationURL string, progress func(string)) (OperationResult, error) {
	progress = orNoProgress(progress)
	op := "wait for Power Platform operation " + operationURL
	if err := c.checkAdminURL(operationURL); err != nil {
		return OperationResult{}, fmt.Errorf("%s: %w", op, err)
	}
	poll := poller{c: c}
	for {
		resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "GET", url: operationURL, tokens: c.adminTokens()})
		switch {
		case isStatus(err, http.StatusNotFound):
			return OperationResult{State: "NotFound"}, nil
		case isStatus(err, http.StatusConflict):
			err = nil // the operation cannot be read yet; the API says to wait
		case err != nil && !isTransient(err):
			return OperationResult{}, err
		case err == nil:
			if res, done, err := readLifecycle(op, resp, progress); done || err != nil {
				return res, err
			}
		}
		var header http.Header
		if resp != nil {
			header = resp.header
		}
		if err := poll.wait(ctx, header, err); err != nil {
			return OperationResult{}, fmt.Errorf("%s: %w", op, err)
		}
	}
}

// readLifecycle reports progress and whether the operation has ended.
func readLifecycle(op string, resp *response, progress func(string)) (OperationResult, bool, error) {
	var d lifecycleDTO
	if err := resp.decode(op, &d); err != nil {
		return OperationResult{}, true, err
	}
	res := OperationResult{Type: d.Type.ID, State: d.State.ID, EnvironmentName: lastSegment(d.Links.Environment.Path)}
	progress(fmt.Sprintf("%s environment: %s%s", strings.ToLower(firstNonEmpty(res.Type, "change")), res.State, currentStage(d)))
	switch res.State {
	case "Succeeded":
		return res, true, nil
	case "Failed", "Canceled", "Cancelled":
		return res, true, fmt.Errorf("%s: the operation ended %s%s", op, res.State, currentStage(d))
	}
	return res, false, nil
}

// currentStage names the first stage not yet succeeded, for progress text.
func currentStage(d lifecycleDTO) string {
	for _, s := range d.Stages {
		if s.State.ID != "Succeeded" {
			return " (stage " + s.Name + ")"
		}
	}
	return ""
}

// checkAdminURL accepts only URLs on the admin API's scheme and host, or a
// regional host under it (unitedstates.api.bap.microsoft.com).
func (c *Client) checkAdminURL(raw string) error {
	u, err := url.Parse(raw)
	base, _ := url.Parse(c.ep.PowerPlatformAdmin())
	ok := err == nil && base != nil && u.Scheme == base.Scheme &&
		(strings.EqualFold(u.Host, base.Host) || strings.HasSuffix(strings.ToLower(u.Hostname()), "."+strings.ToLower(base.Hostname())))
	if !ok {
		return fmt.Errorf("%q is not an operation of the Power Platform admin API at %s", raw, c.ep.PowerPlatformAdmin())
	}
	return nil
}

// maxPollFailures bounds consecutive throttled or unavailable polls.
const maxPollFailures = 10

// maxPollWait caps one wait between polls, whatever Retry-After says.
const maxPollWait = time.Minute

// poller paces the polls of one long-running operation.
type poller struct {
	c        *Client
	failures int
}

// wait sleeps before the next poll: Retry-After when the service gave one,
// else the client's PollInterval. It gives up with lastErr after too many
// consecutive failed polls, and with ctx.
func (p *poller) wait(ctx context.Context, header http.Header, lastErr error) error {
	if lastErr != nil {
		if p.failures++; p.failures > maxPollFailures {
			return lastErr
		}
	} else {
		p.failures = 0
	}
	d := retryAfter(header, p.c.PollInterval)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryAfter reads Retry-After (seconds or an HTTP date), else fallback.
func retryAfter(h http.Header, fallback time.Duration) time.Duration {
	v := h.Get("Retry-After")
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return min(time.Duration(secs)*time.Second, maxPollWait)
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(time.Until(t), 0), maxPollWait)
	}
	if fallback <= 0 {
		return 5 * time.Second
	}
	return fallback
}
