package devops

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const sdkModule = "github.com/microsoft/azure-devops-go-api/azuredevops/v7"

// sdkCall is a location the SDK sends to, and the version it asks for.
type sdkCall struct{ method, version string }

var sdkSendRe = regexp.MustCompile(`(?s)locationId, _ := uuid\.Parse\("([0-9a-f-]+)"\).*?Send\(ctx, http\.Method(\w+), locationId, "([^"]+)"`)

// sdkLocations reads the location ids the SDK's clients hard-code, from the
// module source the test was built with.
func sdkLocations(t *testing.T) map[string][]sdkCall {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", sdkModule).Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("SDK source not found: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "client.go"))
	files = append(files, filepath.Join(dir, "client.go"))
	calls := map[string][]sdkCall{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Skipf("SDK source: %v", err)
		}
		for _, m := range sdkSendRe.FindAllStringSubmatch(string(src), -1) {
			calls[m[1]] = append(calls[m[1]], sdkCall{strings.ToUpper(m[2]), m[3]})
		}
	}
	return calls
}

// notInSDK are locations the Go SDK has no client for.
var notInSDK = map[string]bool{
	"9461c234-c84c-4ed2-b918-2f0f92ad0a35": true, // securityroles roleassignments
	"1f1f0557-c445-42a6-b4a0-0df605a3a0f8": true, // distributedtask resourcelimits (the SDK has the model, not the call)
}

func TestEveryAdvertisedLocationIdIsTheOneTheSDKUses(t *testing.T) {
	calls := sdkLocations(t)
	for _, l := range locations {
		if notInSDK[l.ID] {
			continue
		}
		cs := calls[l.ID]
		if len(cs) == 0 {
			t.Errorf("%s/%s: the SDK never sends to location %s", l.Area, l.ResourceName, l.ID)
		}
		for _, c := range cs {
			if _, n, ok := strings.Cut(c.version, "-preview."); ok {
				if v, _ := strconv.Atoi(n); v > l.ResourceVersion {
					t.Errorf("%s/%s: SDK asks %s, location offers resource version %d", l.Area, l.ResourceName, c.version, l.ResourceVersion)
				}
			}
		}
	}
}

func TestEveryAdvertisedLocationIsServed(t *testing.T) {
	for _, l := range locations {
		route := normalRoute(l.expand())
		served := false
		for r := route; !served; {
			served = servedOn(l.host, r)
			i := strings.LastIndex(r, "/")
			if i < 0 || !strings.HasSuffix(r, "/{}") {
				break
			}
			r = r[:i]
		}
		if !served {
			t.Errorf("%s/%s: nothing serves %s or a form without its trailing route values", l.Area, l.ResourceName, route)
		}
	}
}

func servedOn(h host, route string) bool {
	for _, rt := range served {
		if rt.host == h && normalRoute(rt.pattern) == route {
			return true
		}
	}
	return false
}
