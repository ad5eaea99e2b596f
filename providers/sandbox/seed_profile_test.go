package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"almwiz/profiles"
)

func TestSeedingWithAProfileCreatesWhatItDeclaresAsExisting(t *testing.T) {
	srv, err := Start(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	src, _ := profiles.PresetSource("multi-tenant")
	resp, err := srv.Client().Post(srv.URL()+"/_sandbox/seed", "application/yaml", bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("seed: %s", resp.Status)
	}
	inv := srv.Inventory(false)
	envs, _ := json.Marshal(inv["environments"])
	for _, host := range []string{"contosodev-alm.crm.dynamics.com", "contoso-prod.crm.dynamics.com"} {
		if !bytes.Contains(envs, []byte(host)) {
			t.Errorf("environment %s not seeded: %s", host, envs)
		}
	}
	projects, _ := json.Marshal(inv["projects"])
	if bytes.Contains(projects, []byte(`"alm"`)) {
		t.Errorf("a project the profile asks to create was seeded: %s", projects)
	}
	orgs, _ := json.Marshal(inv["organizations"])
	if !bytes.Contains(orgs, []byte("contosodev")) {
		t.Errorf("organization not seeded: %s", orgs)
	}
}

func TestSeedingWithABrokenProfileIsRefused(t *testing.T) {
	srv, err := Start(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	resp, err := srv.Client().Post(srv.URL()+"/_sandbox/seed", "application/yaml", bytes.NewReader([]byte("kind: nope\n")))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status %s", resp.Status)
	}
}
