package powerplatform

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// downloadAsset does what the installer does: list the releases, take the
// first whose name contains release, and download its first asset whose
// name contains asset.
func downloadAsset(h *harness, repo, release, asset string) []byte {
	h.t.Helper()
	var rels []map[string]any
	if err := json.Unmarshal(h.call("GET", "/github/repos/microsoft/"+repo+"/releases", "", nil).want(200).Body, &rels); err != nil {
		h.t.Fatal(err)
	}
	for _, rel := range rels {
		if !strings.Contains(rel["name"].(string), release) {
			continue
		}
		for _, a := range rel["assets"].([]any) {
			if name := path(a, "name").(string); strings.Contains(name, asset) {
				return h.call("GET", path(a, "browser_download_url").(string), "", nil).want(200).Body
			}
		}
	}
	h.t.Fatalf("no %s asset in a %q release of %s", asset, release, repo)
	return nil
}

// importAsync starts ImportSolutionAsync and returns the async operation id.
func importAsync(h *harness, host string, zip []byte) string {
	h.t.Helper()
	res := h.dv("POST", host, "ImportSolutionAsync", map[string]any{"OverwriteUnmanagedCustomizations": false,
		"PublishWorkflows": true, "CustomizationFile": base64.StdEncoding.EncodeToString(zip)}).want(200).object()
	return res["AsyncOperationId"].(string)
}

// waitAsync advances the clock past the operation delay and reads the result.
func waitAsync(h *harness, host, id string) map[string]any {
	h.t.Helper()
	h.clock.Advance(operationDelay)
	return h.dv("GET", host, "asyncoperations("+id+")", nil).want(200).object()
}

// installALM imports the Creator Kit and then the ALM Accelerator from the sandbox's releases.
func installALM(h *harness, host string) {
	h.t.Helper()
	for _, s := range []struct{ repo, release, asset string }{
		{"powercat-creator-kit", "Creator Kit", "CreatorKitCore"},
		{"coe-starter-kit", "CoE Starter Kit", "CenterofExcellenceALMAccelerator"},
	} {
		op := waitAsync(h, host, importAsync(h, host, downloadAsset(h, s.repo, s.release, s.asset)))
		if op["statuscode"] != float64(30) {
			h.t.Fatalf("import of %s: %v", s.asset, op)
		}
	}
}

func TestGitHubReleasesServeStandInSolutions(t *testing.T) {
	h := newHarness(t)
	latest := h.call("GET", "/github/repos/microsoft/coe-starter-kit/releases/latest", "", nil).want(200).object()
	if latest["tag_name"] != "CoEStarterKit-March2024" || !strings.Contains(latest["name"].(string), "CoE Starter Kit") {
		t.Fatalf("latest release %v", latest)
	}
	asset := latest["assets"].([]any)[0]
	if path(asset, "name") != "CenterofExcellenceALMAccelerator_1.0.20240305.1_managed.zip" ||
		!strings.HasPrefix(path(asset, "browser_download_url").(string), h.srv.URL+"/github/download/") {
		t.Fatalf("asset %v", asset)
	}
	zip := h.call("GET", path(asset, "url").(string), "", nil, "Accept", "application/octet-stream").want(200).Body
	pkg, err := readSolutionZip(zip)
	if err != nil || pkg.UniqueName != almSolution || pkg.Version != "1.0.20240305.1" {
		t.Fatalf("asset zip: %+v, %v", pkg, err)
	}
	kit := h.call("GET", "/github/repos/microsoft/powercat-creator-kit/releases/latest", "", nil).want(200).object()
	if name := path(kit["assets"].([]any)[0], "name").(string); !strings.HasPrefix(name, "CreatorKitCore_") {
		t.Fatalf("creator kit asset %q", name)
	}
	h.call("GET", "/github/repos/microsoft/nothing/releases/latest", "", nil).want(404)
}

func TestStandInZipsCarryTheirManifest(t *testing.T) {
	for _, p := range standInSolutions {
		t.Run(p.UniqueName, func(t *testing.T) {
			got, err := readSolutionZip(buildSolutionZip(p))
			if err != nil {
				t.Fatal(err)
			}
			if got.UniqueName != p.UniqueName || got.Version != p.Version || !got.Managed ||
				len(got.Components.ConnectionReferences) != len(p.Components.ConnectionReferences) ||
				strings.Join(got.Requires, ",") != strings.Join(p.Requires, ",") {
				t.Fatalf("read back %+v", got)
			}
		})
	}
}

func TestSolutionImportFromGitHubReleases(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	id := importAsync(h, host, downloadAsset(h, "powercat-creator-kit", "Creator Kit", "CreatorKitCore"))
	running := h.dv("GET", host, "asyncoperations("+id+")", nil).want(200).object()
	if running["statecode"] != float64(2) || running["statuscode"] != float64(20) || running["completedon"] != nil {
		t.Fatalf("operation before the delay: %v", running)
	}
	if done := waitAsync(h, host, id); done["statecode"] != float64(3) || done["statuscode"] != float64(30) || done["completedon"] == nil {
		t.Fatalf("operation after the delay: %v", done)
	}
	installALM(h, host)
	sols := h.dv("GET", host, "solutions?$expand=publisherid&$filter="+url.QueryEscape("uniquename eq 'CenterofExcellenceALMAccelerator'"), nil).want(200).values()
	if len(sols) != 1 || sols[0]["version"] != "1.0.20240305.1" || sols[0]["ismanaged"] != true || path(sols[0], "publisherid.uniquename") != "catteam" {
		t.Fatalf("solutions %v", sols)
	}
}

func TestSolutionImportFailures(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	alm := downloadAsset(h, "coe-starter-kit", "CoE Starter Kit", "CenterofExcellenceALMAccelerator")
	tests := []struct {
		name, message string
		zip           []byte
	}{
		{"malformed zip", "not a valid compressed (zip) file", []byte("this is not a zip")},
		{"ALM Accelerator before the Creator Kit", "Some dependencies are missing", alm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := waitAsync(h, host, importAsync(h, host, tt.zip))
			if op["statecode"] != float64(3) || op["statuscode"] != float64(31) || !strings.Contains(op["message"].(string), tt.message) {
				t.Fatalf("failed operation %v", op)
			}
		})
	}
	sync := h.dv("POST", host, "ImportSolution", map[string]any{"CustomizationFile": base64.StdEncoding.EncodeToString([]byte("junk")),
		"OverwriteUnmanagedCustomizations": true, "PublishWorkflows": true, "ImportJobId": newGUID()}).want(400)
	if sync.errorCode() != codeImportFailure {
		t.Fatalf("synchronous import of junk: %s", sync.Body)
	}
	if n := len(h.dv("GET", host, "solutions", nil).values()); n != 0 {
		t.Fatalf("%d solutions installed by failed imports", n)
	}
}

func TestSynchronousImportSolution(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	kit := downloadAsset(h, "powercat-creator-kit", "Creator Kit", "CreatorKitCore")
	h.dv("POST", host, "ImportSolution", map[string]any{"CustomizationFile": base64.StdEncoding.EncodeToString(kit),
		"OverwriteUnmanagedCustomizations": true, "PublishWorkflows": true, "ImportJobId": newGUID()}).want(204)
	sols := h.dv("GET", host, "solutions?$filter="+url.QueryEscape("uniquename eq 'CreatorKitCore'"), nil).want(200).values()
	if len(sols) != 1 {
		t.Fatalf("solutions %v", sols)
	}
}

func TestStagedImportAndResult(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	kit := downloadAsset(h, "powercat-creator-kit", "Creator Kit", "CreatorKitCore")
	staged := h.dv("POST", host, "StageSolution", map[string]any{"CustomizationFile": base64.StdEncoding.EncodeToString(kit)}).want(200).object()
	upload := path(staged, "StageSolutionResults.StageSolutionUploadId").(string)
	if path(staged, "StageSolutionResults.SolutionDetails.SolutionUniqueName") != creatorKitSolution {
		t.Fatalf("staged %v", staged)
	}
	res := h.dv("POST", host, "ImportSolutionAsync", map[string]any{"PublishWorkflows": true,
		"SolutionParameters": map[string]any{"StageSolutionUploadId": upload}}).want(200).object()
	waitAsync(h, host, res["AsyncOperationId"].(string))
	result := h.call("GET", "/dataverse/"+host+"/api/data/v9.0/RetrieveSolutionImportResult(ImportJobId="+res["ImportJobKey"].(string)+")",
		h.token("https://"+host, false), nil).want(200).object()
	if path(result, "SolutionOperationResult.Status") != "Passed" {
		t.Fatalf("import result %v", result)
	}
}
