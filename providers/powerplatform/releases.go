package powerplatform

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Repositories whose releases carry the solutions almwiz imports.
const (
	RepoCoEStarterKit = "microsoft/coe-starter-kit"      // CenterofExcellenceALMAccelerator_<version>_managed.zip
	RepoCreatorKit    = "microsoft/powercat-creator-kit" // CreatorKitCore_<version>_managed.zip
)

// Release is a GitHub release and the asset almwiz picked from it.
type Release struct {
	Tag       string
	Name      string
	Published time.Time
	Asset     Asset
}

// Asset is a file attached to a release.
type Asset struct {
	Name string
	URL  string // browser_download_url
	Size int64
}

type releaseDTO struct {
	TagName     string    `json:"tag_name"`
	Name        string    `json:"name"`
	Draft       bool      `json:"draft"`
	Prerelease  bool      `json:"prerelease"`
	PublishedAt time.Time `json:"published_at"`
	Assets      []struct {
		Name string `json:"name"`
		URL  string `json:"browser_download_url"`
		Size int64  `json:"size"`
	} `json:"assets"`
}

var repoPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)

// LatestRelease is the newest published release of repo with an asset whose
// name contains assetSubstring (e.g. "CenterofExcellenceALMAccelerator").
func (c *Client) LatestRelease(ctx context.Context, repo, assetSubstring string) (Release, error) {
	return c.ReleaseWithVersion(ctx, repo, assetSubstring, "")
}

// ReleaseWithVersion is the newest published release of repo with an asset
// whose name contains assetSubstring and, unless version is "", the
// solution version (1.0.20240305.1), so a pinned install stays pinned.
func (c *Client) ReleaseWithVersion(ctx context.Context, repo, assetSubstring, version string) (Release, error) {
	op := fmt.Sprintf("find the %s release of %s", firstNonEmpty(version, "latest"), repo)
	if !repoPattern.MatchString(repo) {
		return Release{}, fmt.Errorf("%s: %q is not owner/name", op, repo)
	}
	resp, err := c.send(ctx, request{service: serviceGitHub, op: op, method: "GET",
		url: c.ep.GitHub() + "/repos/" + repo + "/releases?per_page=100", header: map[string]string{"Accept": "application/vnd.github+json"}})
	if err != nil {
		return Release{}, err
	}
	var list []releaseDTO
	if err := resp.decode(op, &list); err != nil {
		return Release{}, err
	}
	if rel, ok := pickRelease(list, assetSubstring, version); ok {
		return rel, nil
	}
	return Release{}, fmt.Errorf("%s: no release has an asset named like %q%s", op, assetSubstring, withVersion(version))
}

func withVersion(v string) string {
	if v == "" {
		return ""
	}
	return " with version " + v
}

// pickRelease chooses, from releases newest first as GitHub lists them, the
// first published one with a managed-solution asset matching.
func pickRelease(releases []releaseDTO, assetSubstring, version string) (Release, bool) {
	for _, r := range releases {
		if r.Draft || r.Prerelease {
			continue
		}
		for _, a := range r.Assets {
			if assetMatches(a.Name, assetSubstring, version) {
				return Release{Tag: r.TagName, Name: r.Name, Published: r.PublishedAt, Asset: Asset{Name: a.Name, URL: a.URL, Size: a.Size}}, true
			}
		}
	}
	return Release{}, false
}

// assetMatches accepts managed zips only (an unmanaged one is never
// imported) named <solution>_<version>_managed.zip, the version exactly.
func assetMatches(name, substring, version string) bool {
	lower := strings.ToLower(name)
	if !strings.Contains(lower, strings.ToLower(substring)) || !strings.HasSuffix(lower, ".zip") || strings.Contains(lower, "unmanaged") {
		return false
	}
	return version == "" || slices.Contains(strings.Split(strings.TrimSuffix(name, ".zip"), "_"), version)
}

// Download fetches a release asset (a solution zip).
func (c *Client) Download(ctx context.Context, assetURL string) ([]byte, error) {
	op := "download " + assetURL
	if u, err := url.Parse(assetURL); err != nil || u.Scheme != "https" {
		return nil, fmt.Errorf("%s: not an https URL", op)
	}
	resp, err := c.send(ctx, request{service: serviceGitHub, op: op, method: "GET", url: assetURL,
		header: map[string]string{"Accept": "application/octet-stream"}})
	if err != nil {
		return nil, err
	}
	return resp.body, nil
}
