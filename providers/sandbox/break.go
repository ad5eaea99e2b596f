package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// Breakage is one broken state an installation can be put in through the
// control route POST /_sandbox/<Service>/break: each stands in for what an
// admin does in a portal, or for time passing, so that doctor's findings
// can be tested against the real APIs. The states and their keys:
//
//	entra          secret-expiring {tenant, application, in}   secret-expired {tenant, application}
//	powerplatform  application-user-deleted {environment, application}   flows-off {environment}
//	devops         pipeline-permission-revoked {organization, project, resourceType, resource}
//	               build-service-acl-removed {organization, project}
//	               templates-behind {organization, project, repository, tag}
//	               templates-customised {organization, project, repository}
//
// An installation made without almwiz is POST /_sandbox/seed with a
// profile (what it declares as existing is created), not a breakage.
type Breakage struct {
	Service string            // entra, powerplatform or devops
	State   string            // e.g. secret-expired
	Keys    map[string]string // where: tenant, application, organization ...
}

// Break puts the sandbox in b's state over HTTPS, as a test or a script
// outside the process would, with the control token; an answer other than
// 204 is an error carrying the sandbox's message (which names a missing key).
func (s *Server) Break(b Breakage) error {
	body := map[string]string{"state": b.State}
	for k, v := range b.Keys {
		body[k] = v
	}
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	url := s.URL() + emulator.PrefixControl + "/" + b.Service + "/break"
	resp, err := s.Client().Post(url, "application/json", bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("break %s %s: %w", b.Service, b.State, err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("break %s %s: %s %s", b.Service, b.State, resp.Status, strings.TrimSpace(string(msg)))
	}
	return nil
}
