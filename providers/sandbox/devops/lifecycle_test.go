package devops

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"almwiz/providers/sandbox/emulator"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/git"
	sdklocation "github.com/microsoft/azure-devops-go-api/azuredevops/v7/location"
)

func seeded(t *testing.T, org string, projects ...string) *sandbox {
	t.Helper()
	sb := newSandbox(t)
	if err := sb.svc.Seed(emulator.Seed{Organizations: []emulator.SeedOrganization{{Name: org, Projects: projects}}}); err != nil {
		t.Fatal(err)
	}
	return sb
}

func TestImportFromAnotherSourceFailsWithAReason(t *testing.T) {
	sb := seeded(t, "contoso", "ALM")
	g := must[git.Client](t, "git client")(git.NewClient(ctx, sb.conn("contoso")))
	repo := must[*git.GitRepository](t, "get default repository")(g.GetRepository(ctx, git.GetRepositoryArgs{Project: ptr("alm"), RepositoryId: ptr("ALM")}))
	if repo.DefaultBranch != nil {
		t.Errorf("new default repository has default branch %s, want none", *repo.DefaultBranch)
	}
	ir := must[*git.GitImportRequest](t, "create import")(g.CreateImportRequest(ctx, git.CreateImportRequestArgs{Project: ptr("ALM"), RepositoryId: ptr(repo.Id.String()),
		ImportRequest: &git.GitImportRequest{Parameters: &git.GitImportRequestParameters{GitSource: &git.GitImportGitSource{Url: ptr("https://github.com/example/other.git")}}}}))
	sb.clock.Advance(opDelay)
	ir = must[*git.GitImportRequest](t, "get import")(g.GetImportRequest(ctx, git.GetImportRequestArgs{Project: ptr("ALM"), RepositoryId: ptr("alm"), ImportRequestId: ir.ImportRequestId}))
	if *ir.Status != git.GitAsyncOperationStatusValues.Failed || *ir.DetailedStatus.ErrorMessage == "" {
		t.Errorf("import status %s, error %q; want failed with a reason", *ir.Status, *ir.DetailedStatus.ErrorMessage)
	}
}

func TestConnectionDataNamesTheSignedInUser(t *testing.T) {
	sb := newSandbox(t)
	cd := must[*sdklocation.ConnectionData](t, "connection data")(sdklocation.NewClient(ctx, sb.conn("contoso")).GetConnectionData(ctx, sdklocation.GetConnectionDataArgs{}))
	if cd.AuthenticatedUser.Id.String() != "11111111-2222-3333-4444-555555555555" {
		t.Errorf("authenticated user = %v", cd.AuthenticatedUser.Id)
	}
}

func TestResetForgetsEverything(t *testing.T) {
	sb := seeded(t, "contoso", "ALM")
	sb.svc.Reset()
	if inv := sb.svc.Inventory(true); len(inv) != 0 {
		t.Errorf("inventory after reset = %v", inv)
	}
}

func TestConcurrentClientsAreSerialisedSafely(t *testing.T) {
	sb := seeded(t, "contoso", "ALM")
	conn := sb.conn("contoso")
	g := must[git.Client](t, "git client")(git.NewClient(ctx, conn))
	c := must[core.Client](t, "core client")(core.NewClient(ctx, conn))
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := g.CreateRepository(ctx, git.CreateRepositoryArgs{Project: ptr("ALM"), GitRepositoryToCreate: &git.GitRepositoryCreateOptions{Name: ptr(fmt.Sprintf("repo-%d", i))}})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := c.GetProjects(ctx, core.GetProjectsArgs{})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	repos := must[*[]git.GitRepository](t, "list repositories")(g.GetRepositories(ctx, git.GetRepositoriesArgs{Project: ptr("alm")}))
	if len(*repos) != 21 {
		t.Errorf("repositories = %d, want 21", len(*repos))
	}
}

func TestSeedRejectsInvalidProjectNames(t *testing.T) {
	sb := newSandbox(t)
	err := sb.svc.Seed(emulator.Seed{Organizations: []emulator.SeedOrganization{{Name: "contoso", Projects: []string{"bad/name"}}}})
	if err == nil || !strings.Contains(err.Error(), "bad/name") {
		t.Errorf("err = %v, want it to name the project", err)
	}
}
