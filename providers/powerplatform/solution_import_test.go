package powerplatform_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
)

func TestSolutionImport(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{OperationDelay: 1500 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := w.client()
	dv := w.dataverse(c, hostURL)
	download := func(repo, solution, version string) []byte {
		rel := must[powerplatform.Release](t)(c.ReleaseWithVersion(ctx, repo, solution, version))
		return must[[]byte](t)(c.Download(ctx, rel.Asset.URL))
	}
	alm := download(powerplatform.RepoCoEStarterKit, powerplatform.SolutionALMAccelerator, almVersion)
	creatorKit := download(powerplatform.RepoCreatorKit, powerplatform.SolutionCreatorKit, "")

	t.Run("ALM Accelerator before the Creator Kit is refused without a write", func(t *testing.T) {
		mark := w.requestCount()
		_, err := dv.ImportSolution(ctx, alm, nil)
		var missing *powerplatform.MissingDependencyError
		if !errors.As(err, &missing) || missing.Missing[0] != powerplatform.SolutionCreatorKit {
			t.Fatalf("err = %v, want the Creator Kit missing", err)
		}
		if writes := w.writesSince(mark); len(writes) > 0 {
			t.Errorf("a refused import wrote %v", writes)
		}
	})
	t.Run("imports run asynchronously and report progress", func(t *testing.T) {
		for _, zip := range [][]byte{creatorKit, alm} {
			var progress progressLog
			imp := must[powerplatform.SolutionImport](t)(dv.ImportSolution(ctx, zip, progress.add))
			if imp.Skipped || imp.AsyncOperationID == "" {
				t.Fatalf("import = %+v, want an async operation", imp)
			}
			// Waited on by a new client, as after a resume.
			resumed := w.dataverse(w.client(), hostURL)
			if _, err := resumed.WaitAsyncOperation(ctx, imp.AsyncOperationID, progress.add); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"importing " + imp.Package.UniqueName, "in progress", "succeeded"} {
				if !strings.Contains(progress.text(), want) {
					t.Errorf("%s progress lacks %q:\n%s", imp.Package.UniqueName, want, progress.text())
				}
			}
		}
		sol, found, err := dv.Solution(ctx, powerplatform.SolutionALMAccelerator)
		if err != nil || !found || sol.Version != almVersion {
			t.Fatalf("installed ALM Accelerator = %+v, %v, %v", sol, found, err)
		}
	})
	t.Run("the same or an older version is skipped without a write", func(t *testing.T) {
		older := download(powerplatform.RepoCoEStarterKit, powerplatform.SolutionALMAccelerator, "1.0.20240206.1")
		mark := w.requestCount()
		for _, zip := range [][]byte{alm, older} {
			imp := must[powerplatform.SolutionImport](t)(dv.ImportSolution(ctx, zip, nil))
			if !imp.Skipped || imp.InstalledVersion != almVersion {
				t.Errorf("import of %s = %+v, want skipped over %s", imp.Package.Version, imp, almVersion)
			}
		}
		if writes := w.writesSince(mark); len(writes) > 0 {
			t.Errorf("skipped imports wrote %v", writes)
		}
	})
}

func TestSolutionImportThatDidNotPassIsAFailureEvenWhenItsAsyncOperationSucceeded(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{OperationDelay: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := w.client()
	dv := w.dataverse(c, hostURL)
	rel := must[powerplatform.Release](t)(c.ReleaseWithVersion(ctx, powerplatform.RepoCreatorKit, powerplatform.SolutionCreatorKit, ""))
	zip := must[[]byte](t)(c.Download(ctx, rel.Asset.URL))
	// Two imports of one solution at once: Dataverse runs the first; the
	// second's import job fails while its async operation succeeds.
	first := must[powerplatform.SolutionImport](t)(dv.ImportSolution(ctx, zip, nil))
	second := must[powerplatform.SolutionImport](t)(dv.ImportSolution(ctx, zip, nil))
	if err := dv.WaitSolutionImport(ctx, first.Operation(), nil); err != nil {
		t.Fatalf("first import: %v", err)
	}
	if _, err := dv.WaitAsyncOperation(ctx, second.AsyncOperationID, nil); err != nil {
		t.Fatalf("the second import's async operation: %v, want it succeeded", err)
	}
	err := dv.WaitSolutionImport(ctx, second.Operation(), nil)
	if err == nil || !strings.Contains(err.Error(), "previous [Import] running") {
		t.Errorf("second import: %v, want the import job's failure", err)
	}
}
