package powerplatform_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
)

func TestReleasesPickTheSolutionZip(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := w.client()
	tests := []struct {
		name, repo, asset, version string
		wantTag, wantVersion       string
	}{
		{"latest ALM Accelerator", powerplatform.RepoCoEStarterKit, powerplatform.SolutionALMAccelerator, "", "CoEStarterKit-March2024", almVersion},
		{"pinned older ALM Accelerator", powerplatform.RepoCoEStarterKit, powerplatform.SolutionALMAccelerator, "1.0.20240206.1", "CoEStarterKit-February2024", "1.0.20240206.1"},
		{"latest Creator Kit", powerplatform.RepoCreatorKit, powerplatform.SolutionCreatorKit, "", "CreatorKit-March2024", "1.0.20240311.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rel := must[powerplatform.Release](t)(c.ReleaseWithVersion(ctx, tt.repo, tt.asset, tt.version))
			if rel.Tag != tt.wantTag {
				t.Errorf("tag = %s, want %s", rel.Tag, tt.wantTag)
			}
			pkg := must[powerplatform.SolutionPackage](t)(powerplatform.ReadSolutionZip(must[[]byte](t)(c.Download(ctx, rel.Asset.URL))))
			if pkg.UniqueName != tt.asset || pkg.Version != tt.wantVersion || !pkg.Managed {
				t.Errorf("zip = %+v, want managed %s %s", pkg, tt.asset, tt.wantVersion)
			}
		})
	}
	t.Run("a version no release carries is an error naming it", func(t *testing.T) {
		_, err := c.ReleaseWithVersion(ctx, powerplatform.RepoCoEStarterKit, powerplatform.SolutionALMAccelerator, "9.9.9.9")
		if err == nil || !strings.Contains(err.Error(), "9.9.9.9") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("an unknown repository is a GitHub 404", func(t *testing.T) {
		if _, err := c.LatestRelease(ctx, "microsoft/none", "x"); err == nil || !strings.Contains(err.Error(), "GitHub answered 404") {
			t.Errorf("err = %v", err)
		}
	})
}
