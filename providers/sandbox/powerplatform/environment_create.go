package powerplatform

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// createEnvironmentRequest is environmentCreateDto of the admin API.
type createEnvironmentRequest struct {
	Location   string `json:"location"`
	Properties struct {
		DisplayName               string `json:"displayName"`
		Description               string `json:"description"`
		EnvironmentSku            string `json:"environmentSku"`
		AzureRegion               string `json:"azureRegion"`
		DatabaseType              string `json:"databaseType"`
		LinkedEnvironmentMetadata *struct {
			DomainName      string `json:"domainName"`
			BaseLanguage    int    `json:"baseLanguage"`
			SecurityGroupID string `json:"securityGroupId"`
			Currency        struct {
				Code string `json:"code"`
			} `json:"currency"`
		} `json:"linkedEnvironmentMetadata"`
	} `json:"properties"`
}

var environmentSkus = []string{"Sandbox", "Production", "Trial", "Developer"}

// domainPattern is what the admin centre accepts as a Dataverse URL label.
var domainPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// createEnvironment accepts a create request and starts a Create lifecycle
// operation; the environment (and its Dataverse) is ready when it finishes.
func (s *Service) createEnvironment(w http.ResponseWriter, r *http.Request, c emulator.Claims) {
	var req createEnvironmentRequest
	if err := readJSON(r, &req); err != nil {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", "The request content was invalid: "+err.Error())
		return
	}
	if busy := s.runningCreate(c.Tenant); busy != nil {
		// The real admin API answers 409 OperationNotStartable while another
		// lifecycle operation it must not run beside is going; callers wait
		// and send the request again (microsoft/terraform-provider-power-platform
		// · internal/services/environment/api_environment.go, handleHttpConflict).
		// The sandbox's trigger is another environment creation in the tenant.
		w.Header().Set("Retry-After", retryAfter(busy.ReadyAt.Sub(s.env.Now())))
		writeAPIError(w, http.StatusConflict, "OperationNotStartable", "The operation cannot be started because "+
			"another lifecycle operation ("+busy.Type+" of environment "+busy.EnvironmentName+") is in progress. Try again later.")
		return
	}
	e, code, msg := s.newEnvironment(req, c)
	if e == nil {
		writeAPIError(w, http.StatusBadRequest, code, msg)
		return
	}
	s.st.Environments[e.Name] = e
	s.acceptOperation(w, r, s.startLifecycle("Create", e.Name, c))
}

// runningCreate is a Create lifecycle operation still running in tenant.
func (s *Service) runningCreate(tenant string) *lifecycleOperation {
	for _, op := range s.st.Operations {
		if e := s.st.Environments[op.EnvironmentName]; op.Type == "Create" && op.State == opRunning &&
			e != nil && strings.EqualFold(e.TenantID, tenant) {
			return op
		}
	}
	return nil
}

// newEnvironment validates req and builds the environment it asks for.
func (s *Service) newEnvironment(req createEnvironmentRequest, c emulator.Claims) (*environment, string, string) {
	p := req.Properties
	g, ok := geoByName(req.Location)
	if !ok {
		return nil, "InvalidLocation", "The location '" + req.Location + "' is not a valid environment location."
	}
	if strings.TrimSpace(p.DisplayName) == "" {
		return nil, "InvalidDisplayName", "The environment display name is required."
	}
	if !slices.Contains(environmentSkus, p.EnvironmentSku) {
		return nil, "InvalidEnvironmentSku", "The environment SKU '" + p.EnvironmentSku + "' is not valid."
	}
	e := &environment{
		Name: newGUID(), DisplayName: p.DisplayName, Description: p.Description,
		Location: g.Name, AzureRegion: firstNonEmpty(p.AzureRegion, g.AzureRegion), SKU: p.EnvironmentSku,
		ProvisioningState: "Creating", TenantID: c.Tenant, CreatedTime: s.env.Now(), CreatedBy: callerPrincipal(c),
	}
	if m := p.LinkedEnvironmentMetadata; m != nil {
		domain := strings.ToLower(m.DomainName)
		if domain == "" {
			domain = "org" + newGUID()[:8]
		}
		if code, msg := s.checkDomain(domain); code != "" {
			return nil, code, msg
		}
		e.Dataverse = &linkedDataverse{DomainName: domain, BaseLanguage: s.baseLanguage(m.BaseLanguage),
			Currency: firstNonEmpty(m.Currency.Code, "USD"), SecurityGroupID: m.SecurityGroupID}
	}
	return e, "", ""
}

// checkDomain reports why a Dataverse domain name cannot be used, if it cannot.
func (s *Service) checkDomain(domain string) (string, string) {
	if !domainPattern.MatchString(domain) {
		return "InvalidDomainName", "The domain name '" + domain + "' is not valid. Use letters, digits and hyphens."
	}
	for _, e := range s.st.Environments {
		if e.Dataverse != nil && e.Dataverse.DomainName == domain {
			return "DomainNameAlreadyInUse", "The domain name '" + domain + "' is already in use by another environment."
		}
	}
	for host := range s.st.Orgs {
		if strings.HasPrefix(host, domain+".") {
			return "DomainNameAlreadyInUse", "The domain name '" + domain + "' is already in use by another environment."
		}
	}
	return "", ""
}

// validateEnvironmentDetails checks that a domain name is free (200) or says why not (400).
func (s *Service) validateEnvironmentDetails(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	var req struct {
		DomainName string `json:"domainName"`
	}
	if err := readJSON(r, &req); err != nil {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", err.Error())
		return
	}
	if code, msg := s.checkDomain(strings.ToLower(req.DomainName)); code != "" {
		writeAPIError(w, http.StatusBadRequest, code, msg)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func orDefault(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}
