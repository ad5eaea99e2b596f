package powerplatform

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// release is a GitHub release of a repository that carries solution zips.
type release struct {
	Repo      string // owner/name
	ID        int
	Tag       string
	Name      string
	Published time.Time
	Solutions []solutionPackage
}

// releases are newest first per repository, as GitHub lists them. The CoE
// CLI and the installer pick the first release whose name contains
// "CoE Starter Kit" (or "Creator Kit") and its first matching asset.
var releases = []release{
	{"microsoft/coe-starter-kit", 150418001, "CoEStarterKit-March2024", "CoE Starter Kit March 2024",
		time.Date(2024, 3, 7, 17, 0, 0, 0, time.UTC), []solutionPackage{standInSolutions[1]}},
	{"microsoft/coe-starter-kit", 144117002, "CoEStarterKit-February2024", "CoE Starter Kit February 2024",
		time.Date(2024, 2, 8, 17, 0, 0, 0, time.UTC), []solutionPackage{withThreeReferences(withVersion(standInSolutions[1], "1.0.20240206.1"))}},
	{"microsoft/powercat-creator-kit", 148200003, "CreatorKit-March2024", "Creator Kit March 2024",
		time.Date(2024, 3, 12, 17, 0, 0, 0, time.UTC), []solutionPackage{standInSolutions[0]}},
}

func withVersion(p solutionPackage, v string) solutionPackage {
	p.Version = v
	return p
}

// withThreeReferences gives p the connection references of the public
// Customizations.xml at microsoft/coe-starter-kit commit 2ced8564
// (CenterofExcellenceALMAccelerator/SolutionPackage/Other/Customizations.xml):
// cat_CDSDevOps, cat_sharedpowerappsforappmakers_c4094 and
// cat_sharedwebcontents_0df3a, without the Microsoft Dataverse one other
// versions carry, so an installer that assumes a fixed list fails on it.
func withThreeReferences(p solutionPackage) solutionPackage {
	var refs []connRefXML
	for _, r := range p.Components.ConnectionReferences {
		if r.LogicalName != "cat_sharedcommondataserviceforapps_3bba0" {
			refs = append(refs, r)
		}
	}
	p.Components.ConnectionReferences = refs
	return p
}

func (s *Service) registerGitHub(mux *http.ServeMux) {
	repo := emulator.PrefixGitHub + "/repos/{owner}/{repo}/releases"
	mux.HandleFunc("GET "+repo, s.githubReleases)
	mux.HandleFunc("GET "+repo+"/latest", s.githubRelease)
	mux.HandleFunc("GET "+repo+"/tags/{tag}", s.githubRelease)
	mux.HandleFunc("GET "+repo+"/assets/{id}", s.githubAsset)
	mux.HandleFunc("GET "+emulator.PrefixGitHub+"/download/{owner}/{repo}/{tag}/{name}", s.githubDownload)
}

func repoReleases(r *http.Request) []release {
	var out []release
	for _, rel := range releases {
		if strings.EqualFold(rel.Repo, r.PathValue("owner")+"/"+r.PathValue("repo")) {
			out = append(out, rel)
		}
	}
	return out
}

func (s *Service) githubReleases(w http.ResponseWriter, r *http.Request) {
	rels := repoReleases(r)
	if rels == nil {
		writeGitHubNotFound(w)
		return
	}
	out := []any{}
	for _, rel := range rels {
		out = append(out, rel.dto(emulator.BaseURL(r)))
	}
	writeJSON(w, http.StatusOK, out)
}

// githubRelease answers /releases/latest (the newest) or /releases/tags/{tag}.
func (s *Service) githubRelease(w http.ResponseWriter, r *http.Request) {
	for _, rel := range repoReleases(r) {
		if tag := r.PathValue("tag"); tag == "" || tag == rel.Tag {
			writeJSON(w, http.StatusOK, rel.dto(emulator.BaseURL(r)))
			return
		}
	}
	writeGitHubNotFound(w)
}

// githubAsset answers an asset's metadata, or its bytes with Accept: application/octet-stream.
func (s *Service) githubAsset(w http.ResponseWriter, r *http.Request) {
	for _, rel := range repoReleases(r) {
		for i, p := range rel.Solutions {
			if strconv.Itoa(rel.assetID(i)) != r.PathValue("id") {
				continue
			}
			if r.Header.Get("Accept") == "application/octet-stream" {
				writeZip(w, p)
				return
			}
			writeJSON(w, http.StatusOK, rel.assetDTO(emulator.BaseURL(r), i))
			return
		}
	}
	writeGitHubNotFound(w)
}

// githubDownload serves browser_download_url: the zip generated from the stand-in solution.
func (s *Service) githubDownload(w http.ResponseWriter, r *http.Request) {
	for _, rel := range repoReleases(r) {
		for _, p := range rel.Solutions {
			if rel.Tag == r.PathValue("tag") && p.zipFileName() == r.PathValue("name") {
				writeZip(w, p)
				return
			}
		}
	}
	writeGitHubNotFound(w)
}

func writeZip(w http.ResponseWriter, p solutionPackage) {
	data := buildSolutionZip(p)
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", "attachment; filename="+p.zipFileName())
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

func writeGitHubNotFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found",
		"documentation_url": "https://docs.github.com/rest/releases/releases", "status": "404"})
}

func (rel release) assetID(i int) int { return rel.ID*10 + i + 1 }

func (rel release) dto(base string) map[string]any {
	api := base + emulator.PrefixGitHub + "/repos/" + rel.Repo + "/releases/" + strconv.Itoa(rel.ID)
	assets := []any{}
	for i := range rel.Solutions {
		assets = append(assets, rel.assetDTO(base, i))
	}
	owner, _, _ := strings.Cut(rel.Repo, "/")
	return map[string]any{
		"url": api, "assets_url": api + "/assets", "upload_url": api + "/assets{?name,label}",
		"html_url": "https://github.com/" + rel.Repo + "/releases/tag/" + rel.Tag,
		"id":       rel.ID, "node_id": "RE_" + strconv.Itoa(rel.ID), "tag_name": rel.Tag, "target_commitish": "main",
		"name": rel.Name, "draft": false, "prerelease": false,
		"created_at": isoTime(rel.Published), "published_at": isoTime(rel.Published),
		"author":      map[string]any{"login": owner, "id": 6154722, "type": "Organization"},
		"tarball_url": base + emulator.PrefixGitHub + "/repos/" + rel.Repo + "/tarball/" + rel.Tag,
		"zipball_url": base + emulator.PrefixGitHub + "/repos/" + rel.Repo + "/zipball/" + rel.Tag,
		"assets":      assets, "body": "Stand-in release served by the almwiz sandbox.",
	}
}

func (rel release) assetDTO(base string, i int) map[string]any {
	p := rel.Solutions[i]
	id := rel.assetID(i)
	return map[string]any{
		"url": base + emulator.PrefixGitHub + "/repos/" + rel.Repo + "/releases/assets/" + strconv.Itoa(id),
		"id":  id, "node_id": "RA_" + strconv.Itoa(id), "name": p.zipFileName(), "label": "",
		"content_type": "application/x-zip-compressed", "state": "uploaded", "size": len(buildSolutionZip(p)),
		"download_count": 0, "created_at": isoTime(rel.Published), "updated_at": isoTime(rel.Published),
		"browser_download_url": base + emulator.PrefixGitHub + "/download/" + rel.Repo + "/" + rel.Tag + "/" + p.zipFileName(),
	}
}
