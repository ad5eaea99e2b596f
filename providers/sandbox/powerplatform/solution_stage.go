package powerplatform

import (
	"net/http"
	"strings"
)

// stagedUpload is a solution zip checked by StageSolution, kept for the
// ImportSolutionAsync that names it.
type stagedUpload struct {
	ID      string           `json:"id"`
	Package *solutionPackage `json:"package"`
}

// stageSolution validates a zip and keeps it, answering its details.
func stageSolution(d *dvRequest, _ string) error {
	var req importRequest
	if err := readJSON(d.r, &req); err != nil {
		return badRequest(codeInvalidArg, "The request body is not valid JSON: "+err.Error())
	}
	pkg, failure, err := d.readPackage(importRequest{CustomizationFile: req.CustomizationFile})
	if err != nil {
		return err
	}
	if failure != "" {
		return badRequest(codeImportFailure, failure)
	}
	up := stagedUpload{ID: newGUID(), Package: pkg}
	d.org.Staged = append(d.org.Staged, up)
	missing := []any{}
	for _, req := range pkg.Requires {
		if d.org.solutionByName(req) == nil {
			missing = append(missing, map[string]any{"RequiredComponentSchemaName": req, "RequiredComponentType": 7})
		}
	}
	d.writeOData(http.StatusOK, map[string]any{
		"@odata.context": d.base + "/$metadata#Microsoft.Dynamics.CRM.StageSolutionResponse",
		"StageSolutionResults": map[string]any{
			"StageSolutionUploadId": up.ID, "StageSolutionStatus": "Passed",
			"SolutionValidationResults": []any{}, "MissingDependencies": missing, "SolutionComponentsDetails": []any{},
			"SolutionDetails": map[string]any{"SolutionUniqueName": pkg.UniqueName, "SolutionFriendlyName": pkg.FriendlyName,
				"SolutionVersion": pkg.Version, "IsManaged": pkg.Managed},
		},
	})
	return nil
}

// stagedUpload finds a staged zip by its upload id.
func (o *org) stagedUpload(id string) *solutionPackage {
	for _, up := range o.Staged {
		if strings.EqualFold(up.ID, id) {
			return up.Package
		}
	}
	return nil
}
