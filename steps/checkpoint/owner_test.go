package checkpoint

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestACheckpointOfAnotherTenantOrOrganizationIsRefused(t *testing.T) {
	contoso := Owner{Tenants: []string{"contoso.onmicrosoft.com"}, Organizations: []string{"https://dev.azure.com/contoso/"}}
	dir := t.TempDir()
	s, err := Open(dir, Options{Command: "almwiz apply", Profile: "demo", Owner: contoso})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	st, _ := Load(dir)
	if strings.Join(st.Tenants, ",") != "contoso.onmicrosoft.com" || strings.Join(st.Organizations, ",") != "https://dev.azure.com/contoso" {
		t.Fatalf("recorded %v %v", st.Tenants, st.Organizations)
	}
	for _, tc := range []struct {
		name  string
		owner Owner
		ok    bool
	}{
		{"the same, spelled otherwise", Owner{[]string{"Contoso.onmicrosoft.com"}, []string{"https://dev.azure.com/Contoso"}}, true},
		{"one more tenant", Owner{[]string{"contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com"}, []string{"https://dev.azure.com/contoso"}}, true},
		{"another tenant", Owner{[]string{"fabrikam.onmicrosoft.com"}, []string{"https://dev.azure.com/contoso"}}, false},
		{"another organization", Owner{[]string{"contoso.onmicrosoft.com"}, []string{"https://dev.azure.com/fabrikam"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(dir, Options{Command: "almwiz apply", Owner: tc.owner})
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				s.Close()
				return
			}
			var foreign *ForeignError
			if !errors.As(err, &foreign) {
				t.Fatalf("Open: %v, want a ForeignError", err)
			}
			for _, want := range []string{dir, "contoso.onmicrosoft.com", "https://dev.azure.com/contoso", tc.owner.Tenants[0], tc.owner.Organizations[0]} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not name %q: %v", want, err)
				}
			}
			// The lock is released: the right profile still opens it.
			s, err = Open(dir, Options{Command: "almwiz apply", Owner: contoso})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		})
	}
}

// A checkpoint made before the owner was recorded is accepted, and gets it.
func TestAnOldCheckpointWithoutOwnerIsAcceptedAndRecorded(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(`{"schemaVersion":1,"profile":"demo","steps":{}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, Options{Command: "almwiz apply", Owner: Owner{Tenants: []string{"fabrikam.onmicrosoft.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if st, _ := Load(dir); strings.Join(st.Tenants, ",") != "fabrikam.onmicrosoft.com" {
		t.Errorf("recorded %v", st.Tenants)
	}
}
