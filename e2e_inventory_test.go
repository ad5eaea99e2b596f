package main

// The sandbox inventory as the end-to-end suites read it, and its normalised
// form: what two installs are compared by.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

// items returns the objects of one kind of an inventory.
func items(inv map[string]any, kind string) []map[string]any {
	list, _ := inv[kind].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, v := range list {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// str reads a string at a dotted path of an object.
func str(m map[string]any, path string) string {
	var v any = m
	for _, k := range strings.Split(path, ".") {
		mm, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = mm[k]
	}
	s, _ := v.(string)
	return s
}

// Normalised inventories: every object with its volatile parts removed.

// transientKinds are records of operations, not resources: a resumed run may
// legitimately poll or start another.
var transientKinds = map[string]bool{"asyncOperations": true, "lifecycleOperations": true}

// volatileKeys are fields that differ between two identical installs.
var volatileKeys = map[string]bool{
	"id": true, "@odata.etag": true, "versionnumber": true, "revision": true, "hint": true, "keyid": true,
	"secrettext": true, "clientsecret": true, "securityidentifier": true, "operationid": true,
	"createdon": true, "modifiedon": true, "installedon": true, "overriddencreatedon": true, "completedon": true,
	"startedon": true, "createddatetime": true, "lastactiondatetime": true, "registeredtime": true,
	"authorizedon": true, "lastupdated": true, "lastpublished": true, "startdatetime": true, "enddatetime": true,
	"time": true, "createdtime": true, "lastmodifiedtime": true, "url_etag": true,
}

var volatileValues = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?`), "<time>"},
	{regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), "<guid>"},
	{regexp.MustCompile(`(?i)[0-9a-f]{16,}`), "<hex>"},
	{regexp.MustCompile(`\bunq[0-9a-f]{8}\b`), "unq<hex>"}, // an environment's unique name
	{regexp.MustCompile(`^(vssgp|aadgp|aadsp|svc|aad|vss)\.[A-Za-z0-9_-]+$`), "<descriptor>"},
}

func scrub(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if volatileKeys[strings.ToLower(k)] {
				continue
			}
			out[k] = scrub(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		keys := make([]string, len(x))
		for i, val := range x {
			out[i] = scrub(val)
			b, _ := json.Marshal(out[i])
			keys[i] = string(b)
		}
		sort.Sort(byKey{out, keys})
		return out
	case string:
		for _, r := range volatileValues {
			x = r.re.ReplaceAllString(x, r.with)
		}
		return x
	}
	return v
}

type byKey struct {
	v []any
	k []string
}

func (b byKey) Len() int           { return len(b.v) }
func (b byKey) Less(i, j int) bool { return b.k[i] < b.k[j] }
func (b byKey) Swap(i, j int)      { b.v[i], b.v[j] = b.v[j], b.v[i]; b.k[i], b.k[j] = b.k[j], b.k[i] }

// normalInventory is, per kind, the sorted objects of an inventory without
// ids, timestamps, secrets or other volatile values: two installs compare
// equal iff the same resources exist, with the same names, settings,
// permissions and role assignments, the same number of times.
type normalInventory map[string][]string

func normalise(inv map[string]any) normalInventory {
	out := normalInventory{}
	for kind, v := range inv {
		list, ok := v.([]any)
		if !ok || transientKinds[kind] {
			continue
		}
		var objs []string
		for _, o := range list {
			b, _ := json.Marshal(scrub(o))
			objs = append(objs, string(b))
		}
		sort.Strings(objs)
		if len(objs) > 0 {
			out[kind] = objs
		}
	}
	return out
}

// diff lists what got has more or less than want, per kind; empty when equal.
func (want normalInventory) diff(got normalInventory) string {
	var b strings.Builder
	kinds := map[string]bool{}
	for k := range want {
		kinds[k] = true
	}
	for k := range got {
		kinds[k] = true
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		missing, extra := multisetDiff(want[k], got[k])
		for _, m := range missing {
			fmt.Fprintf(&b, "  %s: missing %s\n", k, head(m, 1500))
		}
		for _, e := range extra {
			fmt.Fprintf(&b, "  %s: extra   %s\n", k, head(e, 1500))
		}
	}
	return b.String()
}

func multisetDiff(want, got []string) (missing, extra []string) {
	count := map[string]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		count[g]--
	}
	for k, n := range count {
		for ; n > 0; n-- {
			missing = append(missing, k)
		}
		for ; n < 0; n++ {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}

// cleanInventories caches, per preset, the normalised inventory of a clean
// install on a fresh sandbox, the reference the other suites compare with.
var cleanInventories = struct {
	sync.Mutex
	m map[string]normalInventory
}{m: map[string]normalInventory{}}

func cleanInventory(t testing.TB, preset string) normalInventory {
	t.Helper()
	cleanInventories.Lock()
	defer cleanInventories.Unlock()
	if inv, ok := cleanInventories.m[preset]; ok {
		return inv
	}
	sb := newE2ESandbox(t)
	c := newE2EClient(t, sb, preset)
	if err := c.Install(); err != nil {
		t.Fatalf("clean install of %s: %v", preset, err)
	}
	raw, err := sb.Inventory(false)
	if err != nil {
		t.Fatal(err)
	}
	inv := normalise(raw)
	cleanInventories.m[preset] = inv
	return inv
}

// setCleanInventory records a clean install measured by another test.
func setCleanInventory(preset string, inv normalInventory) {
	cleanInventories.Lock()
	defer cleanInventories.Unlock()
	if _, ok := cleanInventories.m[preset]; !ok {
		cleanInventories.m[preset] = inv
	}
}

// almwizSecretCount counts the client secrets named "almwiz" (followed by
// almwiz's mark, or without it) of the app registration.
func almwizSecretCount(inv map[string]any) int {
	n := 0
	for _, app := range items(inv, "applications") {
		if str(app, "displayName") != "ALMAcceleratorServicePrincipal" {
			continue
		}
		creds, _ := app["passwordCredentials"].([]any)
		for _, c := range creds {
			if m, ok := c.(map[string]any); ok && strings.TrimSuffix(str(m, "displayName"), " (created by almwiz)") == "almwiz" {
				n++
			}
		}
	}
	return n
}
