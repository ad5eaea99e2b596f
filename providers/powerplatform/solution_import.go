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

// Operation is what to record for a started import so that a resumed run
// can follow it: the async operation and the import job, space-separated.
func (imp SolutionImport) Operation() string {
	return strings.TrimSpace(imp.AsyncOperationID + " " + imp.ImportJobID)
}

// WaitSolutionImport follows an import recorded with Operation until it
// ends. A succeeded async operation is not enough: the import job's own
// result (RetrieveSolutionImportResult) must say Passed, as Microsoft's
// Terraform provider checks (microsoft/terraform-provider-power-platform ·
// internal/services/solution/api_solution.go, validateSolutionImportResult).
// An operation recorded without its import job (by an earlier almwiz) is
// judged by the async operation alone.
func (d *Dataverse) WaitSolutionImport(ctx context.Context, operation string, progress func(string)) error {
	asyncID, jobID, _ := strings.Cut(operation, " ")
	if _, err := d.WaitAsyncOperation(ctx, asyncID, progress); err != nil {
		return err
	}
	if jobID == "" {
		return nil
	}
	return d.solutionImportResult(ctx, jobID)
}

// solutionImportResult reads RetrieveSolutionImportResult; anything but
// Passed is an error carrying the job's error messages.
func (d *Dataverse) solutionImportResult(ctx context.Context, jobID string) error {
	op := "read the result of solution import job " + jobID
	if err := checkGUID("import job id", jobID); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	var out struct {
		Result struct {
			Status        string `json:"Status"`
			ErrorMessages []any  `json:"ErrorMessages"`
		} `json:"SolutionOperationResult"`
	}
	if err := d.get(ctx, op, "RetrieveSolutionImportResult(ImportJobId="+jobID+")", &out); err != nil {
		return err
	}
	if out.Result.Status == "Passed" {
		return nil
	}
	msgs := make([]string, 0, len(out.Result.ErrorMessages))
	for _, m := range out.Result.ErrorMessages {
		if e, ok := m.(map[string]any); ok && e["Message"] != nil {
			msgs = append(msgs, fmt.Sprint(e["Message"]))
		} else {
			msgs = append(msgs, fmt.Sprint(m))
		}
	}
	return fmt.Errorf("%s: the import %s: %s", d.in(op), firstNonEmpty(out.Result.Status, "did not pass"),
		firstNonEmpty(strings.Join(msgs, "; "), "no reason given"))
}
