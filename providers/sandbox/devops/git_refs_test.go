package devops

import (
	"net/http"
	"testing"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/git"
)

func TestTemplatesImportBringsTheDefaultBranchAndAnnotatedReleaseTags(t *testing.T) {
	sb := newSandbox(t)
	a := &alm{t: t, sb: sb, conn: sb.conn("contoso")}
	a.createProject("ALM")
	a.importTemplates() // with a #CenterofExcellenceALMAccelerator-March2024 fragment, which is ignored
	g := must[git.Client](t, "git client")(git.NewClient(ctx, a.conn))
	pid, rid := a.project.Id.String(), a.repo.Id.String()
	refs := map[string]git.GitRef{}
	for _, r := range must[*git.GetRefsResponseValue](t, "refs")(g.GetRefs(ctx, git.GetRefsArgs{Project: &pid, RepositoryId: &rid, PeelTags: ptr(true)})).Value {
		refs[*r.Name] = r
	}
	main, tag := refs["refs/heads/main"], refs["refs/tags/CenterofExcellenceALMAccelerator-March2024"]
	if main.ObjectId == nil || tag.ObjectId == nil || tag.PeeledObjectId == nil {
		t.Fatalf("refs = %v, want main and an annotated March2024 tag", refs)
	}
	commit := *tag.PeeledObjectId
	if *tag.ObjectId == commit || *main.ObjectId == commit {
		t.Fatalf("tag object %s, its commit %s, main %s: want an annotated tag behind main", *tag.ObjectId, commit, *main.ObjectId)
	}
	if lw := refs["refs/tags/CenterofExcellenceALMAccelerator-October2023"]; lw.PeeledObjectId != nil {
		t.Errorf("the lightweight tag was peeled: %v", lw)
	}
	at := must[*git.GitAnnotatedTag](t, "annotated tag")(g.GetAnnotatedTag(ctx, git.GetAnnotatedTagArgs{Project: &pid, RepositoryId: &rid, ObjectId: tag.ObjectId}))
	if *at.TaggedObject.ObjectId != commit {
		t.Errorf("annotated tag tags %s, want %s", *at.TaggedObject.ObjectId, commit)
	}
	if _, err := g.GetAnnotatedTag(ctx, git.GetAnnotatedTagArgs{Project: &pid, RepositoryId: &rid, ObjectId: main.ObjectId}); status(err) != http.StatusNotFound {
		t.Errorf("annotated tag of a commit: %v, want 404", err)
	}

	update := func(old, new string) git.GitRefUpdateResult {
		res := must[*[]git.GitRefUpdateResult](t, "update refs")(g.UpdateRefs(ctx, git.UpdateRefsArgs{Project: &pid, RepositoryId: &rid,
			RefUpdates: &[]git.GitRefUpdate{{Name: ptr("refs/heads/main"), OldObjectId: &old, NewObjectId: &new}}}))
		return (*res)[0]
	}
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"a stale old object id is refused", commit, commit, "staleOldObjectId"},
		{"an unknown object is refused", *main.ObjectId, "1234567890123456789012345678901234567890", "unresolvableToCommit"},
		{"main moves to the tag's commit", *main.ObjectId, commit, "succeeded"},
	} {
		if got := update(tc.old, tc.new); string(*got.UpdateStatus) != tc.want || *got.Success != (tc.want == "succeeded") {
			t.Errorf("%s: %s success %t, want %s", tc.name, *got.UpdateStatus, *got.Success, tc.want)
		}
	}
	heads := must[*git.GetRefsResponseValue](t, "heads")(g.GetRefs(ctx, git.GetRefsArgs{Project: &pid, RepositoryId: &rid, Filter: ptr("heads/")})).Value
	if len(heads) != 1 || *heads[0].ObjectId != commit {
		t.Errorf("heads after the update = %v, want main at %s", heads, commit)
	}
}
