package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// No secret the sandbox issued or stored — client secrets (the first one and
// the one rotate-secret made), the connector's copy, the service
// connections' copies — nor any token of the token cache appears in
// anything almwiz wrote: the state directory, stdout and stderr of every
// run (NDJSON and --debug request logs included). State and token-cache
// files are readable by their owner only.
func TestE2ESecretsNeverLeaveTheSandbox(t *testing.T) {
	for _, p := range e2ePresets {
		t.Run(p.Name, func(t *testing.T) {
			sb := newE2ESandbox(t)
			c := newE2EClient(t, sb, p.Name)
			if err := c.Install(); err != nil {
				t.Fatal(err)
			}
			secrets := map[string]string{}
			collect := func() {
				inv, err := sb.Inventory(true)
				if err != nil {
					t.Fatal(err)
				}
				collectSecrets(inv, "", secrets)
			}
			collect()
			before, err := sb.Inventory(true)
			if err != nil {
				t.Fatal(err)
			}
			first := stringsUnder(before, "secretText", "")
			r, err := c.Run(nil, "rotate-secret", "--debug")
			if err != nil || r.Code != 0 {
				t.Fatalf("rotate-secret: exit %d %v\n%s", r.Code, err, tail(r.Stderr, 3000))
			}
			collect()
			inv, err := sb.Inventory(true)
			if err != nil {
				t.Fatal(err)
			}
			current := stringsUnder(inv, "secretText", "")
			if len(current) != 1 || len(first) != 1 || current[0] == first[0] {
				t.Errorf("rotate-secret: client secrets before %d, after %d (want one new one)", len(first), len(current))
			}
			for _, v := range stringsUnder(inv, "clientSecret", "") {
				if len(current) == 1 && v != current[0] {
					t.Errorf("a consumer still holds an old secret after rotate-secret")
				}
			}
			if r, err := c.Run(nil, "apply", "--debug"); err != nil || r.Code != 0 {
				t.Fatalf("apply --debug: exit %d %v", r.Code, err)
			}
			tokens := cachedTokens(t, filepath.Join(c.Home, ".cache", "almwiz"))
			if len(tokens) == 0 {
				t.Errorf("no token cache under %s (XDG_CACHE_HOME)", filepath.Join(c.Home, ".cache"))
			}
			for i, tok := range tokens {
				secrets[tok] = "cached token " + string(rune('a'+i%26))
			}
			if len(secrets) < 3 {
				t.Fatalf("only %d secret values collected: %v", len(secrets), secrets)
			}

			// A scan that read nothing proves nothing: count what it read.
			files, bytes := 0, 0
			scan := func(where, text string) {
				bytes += len(text)
				for v, what := range secrets {
					if strings.Contains(text, v) {
						t.Errorf("%s holds a secret (%s)", where, what)
					}
				}
			}
			transcript := c.Transcript()
			if len(transcript) == 0 {
				t.Error("the runs' stdout and stderr are empty: nothing to scan")
			}
			scan("stdout and stderr of almwiz", transcript)
			sawState := false
			walkFiles(t, c.StateDir, func(path string, info fs.FileInfo, data []byte) {
				files++
				sawState = sawState || filepath.Base(path) == "state.json" && len(data) > 0
				scan(path, string(data))
				if info.Mode().Perm()&0o077 != 0 {
					t.Errorf("%s has mode %v, want 0600", path, info.Mode().Perm())
				}
			})
			if !sawState {
				t.Errorf("the scan of %s read %d files and no non-empty state.json", c.StateDir, files)
			}
			cacheFiles := 0
			walkFiles(t, filepath.Join(c.Home, ".cache"), func(path string, info fs.FileInfo, _ []byte) {
				cacheFiles++
				if info.Mode().Perm()&0o077 != 0 {
					t.Errorf("%s has mode %v, want 0600", path, info.Mode().Perm())
				}
			})
			if cacheFiles == 0 {
				t.Errorf("no token-cache file under %s to check the mode of", filepath.Join(c.Home, ".cache"))
			}
			t.Logf("%s: %d secret values and tokens searched for in %d bytes: %d files of the state directory and the outputs of %d runs (%d bytes); %d token-cache files checked for mode 0600",
				p.Name, len(secrets), bytes, files, c.Runs, len(transcript), cacheFiles)
		})
	}
}

// collectSecrets gathers every string under a key naming a secret.
func collectSecrets(v any, key string, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			collectSecrets(val, k, out)
		}
	case []any:
		for _, val := range x {
			collectSecrets(val, key, out)
		}
	case string:
		if strings.Contains(strings.ToLower(key), "secret") {
			if len(x) >= 8 {
				out[x] = key
			}
		}
	}
}

// stringsUnder lists the distinct non-empty strings under key, sorted.
func stringsUnder(v any, key, at string) []string {
	seen := map[string]bool{}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				walk(val, k)
			}
		case []any:
			for _, val := range x {
				walk(val, at)
			}
		case string:
			if at == key && x != "" {
				seen[x] = true
			}
		}
	}
	walk(v, at)
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// cachedTokens reads the access and refresh tokens of MSAL caches in dir.
func cachedTokens(t *testing.T, dir string) []string {
	var out []string
	walkFiles(t, dir, func(_ string, _ fs.FileInfo, data []byte) {
		var cache map[string]map[string]map[string]any
		if json.Unmarshal(data, &cache) != nil {
			return
		}
		for _, section := range []string{"AccessToken", "RefreshToken", "IdToken"} {
			for _, entry := range cache[section] {
				if s, ok := entry["secret"].(string); ok && len(s) > 16 {
					out = append(out, s)
				}
			}
		}
	})
	return out
}

func walkFiles(t *testing.T, root string, visit func(string, fs.FileInfo, []byte)) {
	t.Helper()
	err := filepath.Walk(root, func(path string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		visit(path, info, data)
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Error(err)
	}
}
