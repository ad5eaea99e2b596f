package devops

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"almwiz/providers/sandbox/emulator"
)

// exampleKeys are the fields of the response body of an official example;
// for a collection, those of its first item.
func exampleKeys(t *testing.T, suffix string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(specDir, "httpExamples", "*"+suffix))
	if len(files) != 1 {
		t.Fatalf("%d examples end with %s", len(files), suffix)
	}
	raw, _ := os.ReadFile(files[0])
	var ex struct {
		Responses map[string]struct {
			Body json.RawMessage `json:"body"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")), &ex); err != nil {
		t.Fatal(err)
	}
	for _, r := range ex.Responses {
		return bodyKeys(r.Body)
	}
	return nil
}

// bodyKeys lists the fields of a JSON object, or of the first item of a
// {count,value} collection or array.
func bodyKeys(body []byte) []string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		var arr []json.RawMessage
		if json.Unmarshal(body, &arr) != nil || len(arr) == 0 {
			return nil
		}
		return bodyKeys(arr[0])
	}
	if v, ok := obj["value"]; ok && obj["count"] != nil {
		return bodyKeys(v)
	}
	var keys []string
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestResponsesCarryEveryFieldOfTheOfficialExamples(t *testing.T) {
	sb := newSandbox(t)
	a := &alm{t: t, sb: sb, conn: sb.conn("contoso")}
	a.createProject("ALM")
	a.extensions() // the Build Tools bring the powerplatform-spn connection type
	a.importTemplates()
	a.createPipelines()
	a.createVariableGroup()
	a.createServiceConnections([]string{"https://contoso-dev.crm.dynamics.com/"})
	a.authorizePipelines()
	a.makersGroup()
	a.buildServicePermissions()
	pid, repo := a.project.Id.String(), "/devops/contoso/ALM/_apis/git/repositories/"+a.repo.Id.String()
	acl := "/devops/contoso/_apis/accesscontrollists/" + namespaceGitRepositories + "?token=" + url.QueryEscape("repoV2/"+pid)
	for _, tc := range []struct{ example, method, path, body string }{
		{"projects__GET__projects.json", "GET", "/devops/contoso/_apis/projects", ""},
		{"importRequests__GET__git_repositories__repositoryId__importRequests.json", "GET", repo + "/importRequests", ""},
		{"repositories__GET__git_repositories__repositoryId_.json", "GET", repo, ""},
		{"refs__GET__git_repositories__repositoryId__refs_heads.json", "GET", repo + "/refs?filter=heads/", ""},
		{"GET_VariableGroupsByGroupName.json", "GET", "/devops/contoso/ALM/_apis/distributedtask/variablegroups?groupName=alm*", ""},
		{"GET__ServiceEndpointsByNames.json", "GET", "/devops/contoso/ALM/_apis/serviceendpoint/endpoints?endpointNames=" + url.QueryEscape("https://contoso-dev.crm.dynamics.com/"), ""},
		{"GetPipelinePermissionsForResource.json", "GET", "/devops/contoso/ALM/_apis/pipelines/pipelinePermissions/queue/" + strconv.Itoa(a.queueID) + "?api-version=7.1-preview.1", ""},
		{"Groups__GetAllGroups.json", "GET", "/vssps/contoso/_apis/graph/groups", ""},
		{"Memberships__GetMembershipVSTSGroup.json", "GET", "/vssps/contoso/_apis/graph/memberships/" + a.entra + "/" + a.makers, ""},
		{"Descriptors__GetDescriptorById.json", "GET", "/vssps/contoso/_apis/graph/descriptors/" + pid, ""},
		{"accesscontrollists__securityNamespaceId___token-_existingToken_.json", "GET", acl + "&recurse=true", ""},
		{"accesscontrolentries__securityNamespaceId__merge.json", "POST", "/devops/contoso/_apis/accesscontrolentries/" + namespaceBuild + "?api-version=7.1",
			`{"token":"` + pid + `","merge":true,"accessControlEntries":[{"descriptor":"Microsoft.TeamFoundation.Identity;S-1-9-1","allow":1,"deny":0}]}`},
		{"securitynamespaces__securityNamespaceId__.json", "GET", "/devops/contoso/_apis/securitynamespaces/" + namespaceGitRepositories, ""},
		{"GetInstalledSampleExtension.json", "GET", "/extmgmt/contoso/_apis/ExtensionManagement/InstalledExtensionsByName/qetza/replacetokens", ""},
	} {
		t.Run(tc.example, func(t *testing.T) {
			resp := sb.do(t, tc.method, withAPIVersion(tc.path), sb.token(emulator.AudienceDevOps), tc.body)
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s %s = %d %s", tc.method, tc.path, resp.StatusCode, buf.String())
			}
			ours := bodyKeys(buf.Bytes())
			for _, k := range exampleKeys(t, tc.example) {
				if !slices.Contains(ours, k) {
					t.Errorf("response lacks %q (has %v)", k, ours)
				}
			}
		})
	}
}

// withAPIVersion adds the api-version the SDK would send (7.1-preview.1 is
// accepted for released and preview operations alike) unless path has one.
func withAPIVersion(path string) string {
	if strings.Contains(path, "api-version=") {
		return path
	}
	if strings.Contains(path, "?") {
		return path + "&api-version=7.1-preview.1"
	}
	return path + "?api-version=7.1-preview.1"
}
