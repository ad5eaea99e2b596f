package powerplatform

import (
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// pendingImport is an ImportSolutionAsync job: its async operation finishes
// after OperationDelay by installing the package or failing with Failure.
type pendingImport struct {
	AsyncOperationID string           `json:"asyncOperationId"`
	ImportJobKey     string           `json:"importJobKey"`
	ReadyAt          time.Time        `json:"readyAt"`
	Package          *solutionPackage `json:"package,omitempty"`
	Failure          string           `json:"failure,omitempty"`
	// JobFailure is a failure of the import job that its async operation
	// does not show: the operation succeeds, RetrieveSolutionImportResult
	// says Failed.
	JobFailure string `json:"jobFailure,omitempty"`
	Done       bool   `json:"done"`
}

// importRequest holds the parameters ImportSolution and ImportSolutionAsync share.
type importRequest struct {
	CustomizationFile  string `json:"CustomizationFile"`
	ImportJobID        string `json:"ImportJobId"`
	SolutionParameters *struct {
		StageSolutionUploadID string `json:"StageSolutionUploadId"`
	} `json:"SolutionParameters"`
}

// dvActions are the unbound functions and actions, by method and name.
func dvActions() map[string]func(*dvRequest, string) error {
	return map[string]func(*dvRequest, string) error{
		"GET WhoAmI":                       whoAmI,
		"POST ImportSolution":              importSolution,
		"POST ImportSolutionAsync":         importSolutionAsync,
		"POST StageSolution":               stageSolution,
		"GET RetrieveSolutionImportResult": retrieveSolutionImportResult,
	}
}

// readPackage decodes the base64 CustomizationFile (or a staged upload) and
// parses it; a malformed zip comes back as the failure text.
func (d *dvRequest) readPackage(req importRequest) (*solutionPackage, string, error) {
	if req.CustomizationFile == "" && req.SolutionParameters != nil {
		if st := d.org.stagedUpload(req.SolutionParameters.StageSolutionUploadID); st != nil {
			return st, "", nil
		}
		return nil, "", notFound("stagesolutionupload", req.SolutionParameters.StageSolutionUploadID)
	}
	if req.CustomizationFile == "" {
		return nil, "", badRequest(codeInvalidArg, "CustomizationFile is required.")
	}
	data, err := base64.StdEncoding.DecodeString(req.CustomizationFile)
	if err != nil {
		return nil, "", badRequest(codeInvalidArg, "CustomizationFile is not valid base64: "+err.Error())
	}
	pkg, err := readSolutionZip(data)
	if err != nil {
		return nil, "Solution import failed: " + err.Error(), nil
	}
	return pkg, "", nil
}

// importSolution is the synchronous ImportSolution action: 204 once installed.
func importSolution(d *dvRequest, _ string) error {
	var req importRequest
	if err := readJSON(d.r, &req); err != nil {
		return badRequest(codeInvalidArg, "The request body is not valid JSON: "+err.Error())
	}
	pkg, failure, err := d.readPackage(req)
	if err != nil {
		return err
	}
	if failure == "" {
		failure = d.org.install(pkg, d.now)
	}
	if failure != "" {
		return badRequest(codeImportFailure, failure)
	}
	d.w.WriteHeader(http.StatusNoContent)
	return nil
}

// importSolutionAsync queues the import and answers its async operation id.
func importSolutionAsync(d *dvRequest, _ string) error {
	var req importRequest
	if err := readJSON(d.r, &req); err != nil {
		return badRequest(codeInvalidArg, "The request body is not valid JSON: "+err.Error())
	}
	pkg, failure, err := d.readPackage(req)
	if err != nil {
		return err
	}
	op := d.org.insert("asyncoperations", record{"name": "ImportSolution", "messagename": "ImportSolutionAsync",
		"operationtype": 54, "statecode": 0, "statuscode": 0, "startedon": nil, "completedon": nil,
		"message": nil, "friendlymessage": nil, "errorcode": nil, "depth": 1, "retrycount": 0,
		"_ownerid_value": d.caller.str("systemuserid"), "_owningbusinessunit_value": d.caller.str("_businessunitid_value"),
		"correlationid": newGUID()}, d.now)
	imp := &pendingImport{AsyncOperationID: op.str("asyncoperationid"), ImportJobKey: firstNonEmpty(req.ImportJobID, newGUID()),
		ReadyAt: d.now.Add(d.s.env.OperationDelay()), Package: pkg, Failure: failure}
	if failure == "" && d.org.importRunning(pkg.UniqueName) {
		imp.JobFailure = "Solution manipulation failed: Cannot start another [Import] because there is a previous " +
			"[Import] running at this moment. Use Solution History for more details."
	}
	d.org.Imports = append(d.org.Imports, imp)
	d.writeOData(http.StatusOK, map[string]any{
		"@odata.context":   d.base + "/$metadata#Microsoft.Dynamics.CRM.ImportSolutionAsyncResponse",
		"ImportJobKey":     imp.ImportJobKey,
		"AsyncOperationId": imp.AsyncOperationID,
	})
	return nil
}

// settleImports moves queued imports to in progress, and those whose time
// has come to Succeeded (30) or Failed (31).
func (s *Service) settleImports(o *org, now time.Time) {
	for _, imp := range o.Imports {
		op := o.get("asyncoperations", imp.AsyncOperationID)
		if imp.Done || op == nil {
			continue
		}
		if now.Before(imp.ReadyAt) {
			if op.num("statecode") == 0 {
				op["statecode"], op["statuscode"], op["startedon"] = 2, 20, isoTime(now)
				o.touch(op)
			}
			continue
		}
		if imp.Failure == "" && imp.JobFailure == "" {
			imp.Failure = o.install(imp.Package, now)
		}
		imp.Done = true
		op["statecode"], op["statuscode"], op["completedon"] = 3, 30, isoTime(now)
		op["startedon"] = firstNonEmpty(op.str("startedon"), isoTime(now))
		if imp.Failure != "" {
			op["statuscode"], op["message"], op["friendlymessage"] = 31, imp.Failure, imp.Failure
			op["errorcode"] = -2147188685 // 0x80048033
		}
		o.touch(op)
	}
}

// importRunning reports whether an import of the solution uniqueName is
// queued or in progress.
func (o *org) importRunning(uniqueName string) bool {
	for _, imp := range o.Imports {
		if !imp.Done && imp.Package != nil && strings.EqualFold(imp.Package.UniqueName, uniqueName) {
			return true
		}
	}
	return false
}

// retrieveSolutionImportResult answers RetrieveSolutionImportResult(ImportJobId=<key>).
func retrieveSolutionImportResult(d *dvRequest, key string) error {
	_, id, _ := strings.Cut(key, "=")
	for _, imp := range d.org.Imports {
		if strings.EqualFold(imp.ImportJobKey, strings.Trim(id, "'")) {
			status, errs := "Passed", []any{}
			if !imp.Done {
				status = "InProgress"
			} else if msg := firstNonEmpty(imp.Failure, imp.JobFailure); msg != "" {
				status, errs = "Failed", []any{map[string]any{"ErrorCode": codeImportFailure, "Message": msg}}
			}
			d.writeOData(http.StatusOK, map[string]any{
				"@odata.context": d.base + "/$metadata#Microsoft.Dynamics.CRM.RetrieveSolutionImportResultResponse",
				"SolutionOperationResult": map[string]any{"Type": "Import", "Status": status,
					"WarningMessages": []any{}, "ErrorMessages": errs, "ActionLink": map[string]any{}},
			})
			return nil
		}
	}
	return notFound("importjob", id)
}
