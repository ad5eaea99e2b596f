package powerplatform

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// Seed creates the environments a profile declares as existing, each with a
// ready Dataverse organisation at its URL. An environment whose URL is
// already served is left as it is.
func (s *Service) Seed(seed emulator.Seed) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, se := range seed.Environments {
		if err := s.seedEnvironment(se); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) seedEnvironment(se emulator.SeedEnvironment) error {
	u, err := url.Parse(se.URL)
	if err != nil || u.Hostname() == "" {
		return fmt.Errorf("seed environment %q: the URL must look like https://<name>.crm.dynamics.com/", se.URL)
	}
	host := strings.ToLower(u.Hostname())
	if _, ok := s.st.Orgs[host]; ok {
		return nil
	}
	sku := firstNonEmpty(se.Type, "Sandbox")
	if !slices.Contains(environmentSkus, sku) {
		return fmt.Errorf("seed environment %q: type %q is not one of %s", se.URL, se.Type, strings.Join(environmentSkus, ", "))
	}
	g, ok := geoByName(se.Region)
	if !ok {
		g = geoOfHost(host)
	}
	label, _, _ := strings.Cut(host, ".")
	now := s.env.Now()
	e := &environment{Name: newGUID(), DisplayName: firstNonEmpty(se.DisplayName, label), Location: g.Name,
		AzureRegion: g.AzureRegion, SKU: sku, ProvisioningState: "Succeeded", TenantID: se.Tenant, CreatedTime: now,
		CreatedBy: principal{ID: "00000000-0000-0000-0000-000000000000", DisplayName: "SYSTEM", Type: "NotSpecified"},
		Dataverse: &linkedDataverse{DomainName: label, BaseLanguage: s.baseLanguage(0), Currency: "USD", Host: host}}
	e.Dataverse.OrganizationID = s.newOrg(host, e.Name, e.Dataverse.BaseLanguage, now).OrganizationID
	s.st.Environments[e.Name] = e
	return nil
}
