package profiles

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// SchemaModeline is the first line of an exported profile: it tells editors
// with the YAML language server where the JSON Schema is (almwiz schema
// writes it).
const SchemaModeline = "# yaml-language-server: $schema=./almwiz.schema.json"

// Export renders p as a shareable profile file. It refuses a profile that
// does not validate, so an exported file always loads again; a profile has no
// field for a secret, so none can be written.
func Export(p *Profile) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return render(p, "# almwiz install profile. Shareable: it holds no secret. Check it with\n# `almwiz validate -f FILE`, see the plan with `almwiz plan -f FILE`.\n")
}

// ExportDraft renders a profile that does not validate yet, listing what is
// still missing at the top, so an admin can finish it in an editor.
func ExportDraft(p *Profile, missing []Problem) ([]byte, error) {
	header := "# almwiz install profile — DRAFT: fix these, then run `almwiz validate -f FILE`:\n"
	for _, m := range missing {
		header += "#   - " + m.String() + "\n"
	}
	return render(p, header)
}

func render(p *Profile, header string) ([]byte, error) {
	var body bytes.Buffer
	enc := yaml.NewEncoder(&body)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("render profile %q: %w", p.Metadata.Name, err)
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "%s\n%s", SchemaModeline, header)
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

// New returns a profile with almwiz's defaults for the given models, ready for
// the caller to fill in tenants, organizations and environments.
func New(name string, tenant TenantModel, devops DevOpsModel) *Profile {
	return &Profile{
		APIVersion: APIVersion, Kind: KindProfile,
		Metadata: Metadata{Name: name},
		Models:   Models{Tenant: tenant, DevOps: devops},
		Cloud:    "public",
		Identity: Identity{
			AppRegistration: DefaultAppRegistration,
			MakersGroup:     DefaultMakersGroup,
			Credential:      Credential{Kind: "client-secret", DisplayName: DefaultSecretDisplayName, LifetimeDays: DefaultSecretLifetimeDays},
		},
		Solution: Solution{Source: "release", Version: DefaultSolutionVersion},
	}
}

// NewProject returns an ALM project with the default repository and templates.
func NewProject(name string, create bool) Project {
	return Project{
		Name: name, Create: create, PipelineRepository: DefaultPipelineRepository,
		Templates: Templates{Repository: DefaultTemplateRepository, Ref: DefaultTemplateRef},
	}
}
