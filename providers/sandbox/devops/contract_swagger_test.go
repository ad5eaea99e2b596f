package devops

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"almwiz/providers/sandbox/contract"
)

const specDir = "../../../testdata/specs/azure-devops"

// swaggerOp is one method on one path of the official 7.1 descriptions.
type swaggerOp struct {
	host, area, areaID, resource, version string
}

var paramRe = regexp.MustCompile(`\{\*?[^}]*\}`)

// normalRoute lower-cases a route and blanks its parameter names, so
// "{project}/_apis/git/repositories/{repositoryId}" and the Swagger path
// "/{organization}/{project}/_apis/git/repositories/{repositoryId}" compare equal.
func normalRoute(p string) string {
	p, _, _ = strings.Cut(p, "?")
	return paramRe.ReplaceAllString(strings.ToLower(strings.Trim(p, "/")), "{}")
}

// loadSwagger indexes every operation of the copied specs by "METHOD route".
func loadSwagger(t *testing.T) map[string][]swaggerOp {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(specDir, "*.json"))
	if len(files) == 0 {
		t.Fatalf("no specs in %s", specDir)
	}
	ops := map[string][]swaggerOp{}
	for _, f := range files {
		var spec struct {
			Host   string                                `json:"host"`
			Area   string                                `json:"x-ms-vss-area"`
			AreaID string                                `json:"x-ms-vss-resource-area-id"`
			Paths  map[string]map[string]json.RawMessage `json:"paths"`
			XPaths map[string]map[string]json.RawMessage `json:"x-ms-paths"`
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")), &spec); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, paths := range []map[string]map[string]json.RawMessage{spec.Paths, spec.XPaths} {
			for path, methods := range paths {
				route := normalRoute(strings.TrimPrefix(path, "/{organization}"))
				for method, body := range methods {
					var op struct {
						Resource string `json:"x-ms-vss-resource"`
						Version  string `json:"x-ms-docs-override-version"`
					}
					_ = json.Unmarshal(body, &op)
					key := strings.ToUpper(method) + " " + route
					ops[key] = append(ops[key], swaggerOp{host: spec.Host, area: spec.Area, areaID: spec.AreaID, resource: op.Resource, version: op.Version})
				}
			}
		}
	}
	return ops
}

// swaggerHost is the real host each emulated host stands for.
var swaggerHost = map[host]string{hostDevOps: "dev.azure.com", hostExtMgmt: "extmgmt.dev.azure.com", hostVSSPS: "vssps.dev.azure.com",
	hostVSAEX: "vsaex.dev.azure.com", hostAccounts: "app.vssps.visualstudio.com"}

// notInSpecs reports whether a served route is in the sandbox's one list of
// real routes the copied 7.1 descriptions do not cover (discovery, IMS
// identities, security roles), providers/sandbox/contract/unspecified.go.
func notInSpecs(h host, method, route string) bool {
	return contract.IsUnspecified(swaggerHost[h], method, route)
}

func TestEveryServedRouteExistsInTheSwaggerWithThatMethod(t *testing.T) {
	ops := loadSwagger(t)
	for _, rt := range served {
		route := normalRoute(rt.pattern)
		if notInSpecs(rt.host, rt.method, route) {
			continue
		}
		found := ops[rt.method+" "+route]
		if found == nil {
			// The SDK leaves out a trailing route value that is nil
			// (InstallExtensionByName without a version, all namespaces).
			found = ops[rt.method+" "+route+"/{}"]
		}
		if found == nil {
			t.Errorf("%s %s is not in the Swagger", rt.method, rt.pattern)
			continue
		}
		if found[0].host != swaggerHost[rt.host] {
			t.Errorf("%s %s is served on %s, the Swagger puts it on %s", rt.method, rt.pattern, swaggerHost[rt.host], found[0].host)
		}
	}
}

// expand fills {area} and {resource} in a location's route template.
func (l location) expand() string {
	r := strings.ReplaceAll(l.RouteTemplate, "{area}", l.Area)
	return strings.ReplaceAll(r, "{resource}", l.ResourceName)
}

// swaggerMatches finds the Swagger operations of a location's template,
// dropping trailing optional route values one by one until some match.
func swaggerMatches(ops map[string][]swaggerOp, route string) []swaggerOp {
	var out []swaggerOp
	for r := route; ; {
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"} {
			out = append(out, ops[m+" "+r]...)
		}
		i := strings.LastIndex(r, "/")
		if len(out) > 0 || i < 0 || !strings.HasSuffix(r, "/{}") {
			return out
		}
		r = r[:i]
	}
}

func TestEveryAdvertisedLocationMatchesTheSwagger(t *testing.T) {
	ops := loadSwagger(t)
	for _, l := range locations {
		route := normalRoute(l.expand())
		if notInSpecs(l.host, "", route) {
			continue
		}
		t.Run(l.Area+"/"+l.ResourceName+"/"+l.ID[:8], func(t *testing.T) {
			found := swaggerMatches(ops, route)
			if len(found) == 0 {
				t.Fatalf("template %s (%s) matches no Swagger path", l.RouteTemplate, route)
			}
			for _, op := range found {
				if !strings.EqualFold(op.resource, l.ResourceName) {
					t.Errorf("resource %s, Swagger says %s", l.ResourceName, op.resource)
				}
				if op.host != swaggerHost[l.host] {
					t.Errorf("host %s, Swagger says %s", swaggerHost[l.host], op.host)
				}
				if !strings.EqualFold(specArea(l.Area), op.area) {
					t.Errorf("area %s, Swagger says %s", l.Area, op.area)
				}
				checkResourceArea(t, l, op)
				checkVersion(t, l, op.version)
			}
		})
	}
}

// checkVersion: a preview-only resource must not claim a released version,
// a released one must, and 7.1 must lie within min and max.
func checkVersion(t *testing.T, l location, version string) {
	t.Helper()
	isPreview := strings.Contains(version, "-preview")
	if isPreview != (l.ReleasedVersion == preview) {
		t.Errorf("releasedVersion %s, Swagger version %s", l.ReleasedVersion, version)
	}
	if l.MinVersion > "7.1" || l.MaxVersion < "7.1" {
		t.Errorf("version range %s..%s excludes 7.1", l.MinVersion, l.MaxVersion)
	}
	if _, n, ok := strings.Cut(version, "-preview."); ok && n > string(rune('0'+l.ResourceVersion)) {
		t.Errorf("resourceVersion %d below Swagger %s", l.ResourceVersion, version)
	}
}

// specArea is the Swagger's name for a location area (the distributedtask
// area is described in the TaskAgent document).
func specArea(area string) string {
	if strings.EqualFold(area, "distributedtask") {
		return "TaskAgent"
	}
	return area
}

// checkResourceArea: ResourceAreas must give the location's area the id the
// Swagger declares, on the location's host.
func checkResourceArea(t *testing.T, l location, op swaggerOp) {
	t.Helper()
	if op.areaID == "" {
		return
	}
	for _, a := range resourceAreas {
		if strings.EqualFold(a.name, l.Area) {
			if a.id != op.areaID || a.host != l.host {
				t.Errorf("resource area %s is %s on host %d, Swagger says %s", a.name, a.id, a.host, op.areaID)
			}
			return
		}
	}
	t.Errorf("ResourceAreas does not list area %s (%s)", l.Area, op.areaID)
}
