package powerplatform

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
)

// SolutionImport is what ImportSolution found and started.
type SolutionImport struct {
	Package          SolutionPackage // the zip's solution
	InstalledVersion string          // the version installed before, "" when none
	Skipped          bool            // the same or a newer version is installed: nothing was started
	AsyncOperationID string          // the import's async operation, to record and pass to WaitAsyncOperation
	ImportJobID      string
}

// MissingDependencyError says a solution needs others installed first.
type MissingDependencyError struct {
	Solution    string
	Missing     []string
	Environment string
}

func (e *MissingDependencyError) Error() string {
	return fmt.Sprintf("import solution %q in %s: it needs %s, which is not installed there\n  Import %s first "+
		"(the ALM Accelerator needs the Creator Kit from https://github.com/microsoft/powercat-creator-kit/releases).",
		e.Solution, e.Environment, strings.Join(e.Missing, ", "), strings.Join(e.Missing, " and "))
}

// ImportSolution starts an asynchronous import of a solution zip
// (ImportSolutionAsync) and returns, before waiting, the async operation to
// record and pass to WaitAsyncOperation. It starts nothing when the same
// or a newer version is installed, and refuses when a solution the zip
// depends on is missing.
func (d *Dataverse) ImportSolution(ctx context.Context, zip []byte, progress func(string)) (SolutionImport, error) {
	progress = orNoProgress(progress)
	pkg, err := ReadSolutionZip(zip)
	if err != nil {
		return SolutionImport{}, err
	}
	imp := SolutionImport{Package: pkg}
	installed, found, err := d.Solution(ctx, pkg.UniqueName)
	if err != nil {
		return imp, err
	}
	if found {
		imp.InstalledVersion = installed.Version
		if CompareVersions(installed.Version, pkg.Version) >= 0 {
			progress(fmt.Sprintf("%s %s is installed (the zip has %s): nothing to import", pkg.UniqueName, installed.Version, pkg.Version))
			imp.Skipped = true
			return imp, nil
		}
	}
	if err := d.checkDependencies(ctx, pkg); err != nil {
		return imp, err
	}
	return d.startImport(ctx, imp, zip, progress)
}

// checkDependencies reports the solutions pkg needs that are not installed.
func (d *Dataverse) checkDependencies(ctx context.Context, pkg SolutionPackage) error {
	var missing []string
	for _, name := range pkg.Requires {
		_, found, err := d.Solution(ctx, name)
		if err != nil {
			return err
		}
		if !found {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return &MissingDependencyError{Solution: pkg.UniqueName, Missing: missing, Environment: d.envURL}
	}
	return nil
}

// startImport posts ImportSolutionAsync with the zip itself.
func (d *Dataverse) startImport(ctx context.Context, imp SolutionImport, zip []byte, progress func(string)) (SolutionImport, error) {
	op := fmt.Sprintf("import solution %q %s", imp.Package.UniqueName, imp.Package.Version)
	imp.ImportJobID = newGUID()
	body := map[string]any{
		"CustomizationFile":                base64.StdEncoding.EncodeToString(zip),
		"ImportJobId":                      imp.ImportJobID,
		"PublishWorkflows":                 true,
		"OverwriteUnmanagedCustomizations": false,
	}
	var out struct {
		ImportJobKey     string `json:"ImportJobKey"`
		AsyncOperationID string `json:"AsyncOperationId"`
	}
	if _, err := d.call(ctx, op, "POST", "ImportSolutionAsync", body, &out, notRepeatable); err != nil {
		return imp, err
	}
	if !isGUID(out.AsyncOperationID) {
		return imp, fmt.Errorf("%s: Dataverse answered without an async operation id", d.in(op))
	}
	imp.AsyncOperationID, imp.ImportJobID = out.AsyncOperationID, firstNonEmpty(out.ImportJobKey, imp.ImportJobID)
	progress(fmt.Sprintf("importing %s %s (async operation %s)", imp.Package.UniqueName, imp.Package.Version, imp.AsyncOperationID))
	return imp, nil
}
