package devops

import (
	"testing"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/build"
)

func TestJobAuthorizationScopeOfTheOrganizationForcesTheProjectSetting(t *testing.T) {
	sb := seeded(t, "contoso", "ALM")
	b := must[build.Client](t, "build client")(build.NewClient(ctx, sb.conn("contoso")))
	get := func() bool {
		s := must[*build.PipelineGeneralSettings](t, "general settings")(b.GetBuildGeneralSettings(ctx, build.GetBuildGeneralSettingsArgs{Project: ptr("ALM")}))
		return *s.EnforceJobAuthScope
	}
	if !get() {
		t.Error("a new organization does not limit job authorization scope")
	}
	sb.svc.SetJobAuthorizationScope("Contoso", false)
	if get() {
		t.Error("the project still limits the scope after the organization stopped")
	}
	_ = must[*build.PipelineGeneralSettings](t, "update settings")(b.UpdateBuildGeneralSettings(ctx, build.UpdateBuildGeneralSettingsArgs{Project: ptr("ALM"),
		NewSettings: &build.PipelineGeneralSettings{EnforceJobAuthScope: ptr(true)}}))
	if !get() {
		t.Error("the project setting did not stick")
	}
	if s := sb.svc.Inventory(false)["settings"].([]map[string]any)[0]; s["enforceJobAuthScope"] != false {
		t.Errorf("inventory settings = %v", s)
	}
}

func TestRepositoryProtectionIsOnInNewOrganizationsAndProjects(t *testing.T) {
	sb := seeded(t, "contoso", "ALM")
	b := must[build.Client](t, "build client")(build.NewClient(ctx, sb.conn("contoso")))
	set := func(on bool) bool {
		s := must[*build.PipelineGeneralSettings](t, "update settings")(b.UpdateBuildGeneralSettings(ctx, build.UpdateBuildGeneralSettingsArgs{Project: ptr("ALM"),
			NewSettings: &build.PipelineGeneralSettings{EnforceReferencedRepoScopedToken: &on}}))
		return *s.EnforceReferencedRepoScopedToken
	}
	s := must[*build.PipelineGeneralSettings](t, "general settings")(b.GetBuildGeneralSettings(ctx, build.GetBuildGeneralSettingsArgs{Project: ptr("ALM")}))
	if !*s.EnforceReferencedRepoScopedToken {
		t.Error("a new organization does not protect access to repositories in YAML pipelines")
	}
	if !set(false) {
		t.Error("the project turned protection off while the organization forces it on")
	}
	sb.svc.SetRepositoryProtection("contoso", false)
	if set(false) {
		t.Error("the project cannot turn protection off once the organization leaves it to projects")
	}
}
