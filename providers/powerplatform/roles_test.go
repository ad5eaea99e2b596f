package powerplatform_test

import (
	"context"
	"testing"

	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
)

func TestBuiltInRolesAreFoundByTemplateInEveryBaseLanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		world      emulator.World
		sysAdmin   string
		basicUser  string
		customizer string
	}{
		{emulator.WorldFresh, "System Administrator", "Basic User", "System Customizer"},
		{emulator.WorldLivedIn, "Systemadministrator", "Standardbenutzer", "Systemanpasser"},
	} {
		t.Run(string(tc.world), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, sandbox.Options{World: tc.world})
			dv := w.dataverse(w.client(), hostURL)
			for asked, want := range map[string]string{powerplatform.RoleSystemAdministrator: tc.sysAdmin,
				powerplatform.RoleBasicUser: tc.basicUser, "system customizer": tc.customizer} {
				role, err := dv.RoleByName(context.Background(), asked)
				if err != nil {
					t.Fatalf("find %q: %v", asked, err)
				}
				if role.Name != want {
					t.Errorf("role %q is named %q here, want %q", asked, role.Name, want)
				}
			}
			if _, err := dv.RoleByName(context.Background(), "Environment Maker"); (err == nil) == (tc.world == emulator.WorldLivedIn) {
				t.Errorf("a role without a template is found by its name only: err = %v", err)
			}
		})
	}
}
