package devops

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/git"
)

// TemplatePosition is where a branch of a templates repository stands
// against the release tag the profile pins, read from one list of its refs.
type TemplatePosition struct {
	Imported bool   // the pinned tag is in the repository
	At       string // the commit the branch is at (zeros when it is missing)
	Want     string // the commit the pinned tag names, peeled
	// AtTag is another tag (its short name) whose commit the branch is
	// exactly at, or "": the branch is at a release, with nothing of its own.
	AtTag string
}

// Pinned reports whether the branch is at the pinned tag's commit.
func (p TemplatePosition) Pinned() bool { return p.Imported && p.At == p.Want }

// TemplatePosition lists the repository's refs once, with peelTags=true
// (git 7.1 Refs_List: an annotated tag then carries peeledObjectId, its
// commit), and says where branch stands against ref (a tag or a full ref
// name). A pinned annotated tag the answer did not peel is peeled with the
// annotated tags API.
func (c *Client) TemplatePosition(ctx context.Context, projectID, repoID, branch, ref string) (TemplatePosition, error) {
	if !strings.HasPrefix(ref, "refs/") {
		ref = "refs/tags/" + ref
	}
	refs, err := c.listRefs(ctx, git.GetRefsArgs{Project: &projectID, RepositoryId: &repoID, PeelTags: ptr(true)})
	if err != nil {
		return TemplatePosition{}, err
	}
	pos := TemplatePosition{At: zeroObjectID}
	tags := map[string]string{} // commit → tag
	for _, r := range refs {
		name, commit := val(r.Name), val(r.PeeledObjectId)
		if commit == "" {
			commit = val(r.ObjectId)
		}
		switch {
		case name == branch:
			pos.At = val(r.ObjectId)
		case name == ref:
			pos.Imported, pos.Want = true, val(r.PeeledObjectId)
			if pos.Want == "" {
				if pos.Want, err = c.peel(ctx, projectID, repoID, val(r.ObjectId)); err != nil {
					return TemplatePosition{}, err
				}
			}
		case strings.HasPrefix(name, "refs/tags/"):
			tags[commit] = strings.TrimPrefix(name, "refs/tags/")
		}
	}
	if !pos.Pinned() {
		pos.AtTag = tags[pos.At]
	}
	return pos, nil
}

// releaseTag is how the accelerator's releases are tagged: the product, a
// dash, the month and the year (CenterofExcellenceALMAccelerator-March2024,
// ALMAcceleratorForAdvancedMakers-July2021; microsoft/coe-starter-kit and
// microsoft/coe-alm-accelerator-templates releases).
var releaseTag = regexp.MustCompile(`-(January|February|March|April|May|June|July|August|September|October|November|December)(\d{4})$`)

// ReleaseOlder reports whether tag a is a release of the same product made
// before release b, by the month and year their names carry; false when
// either is not named as a release.
func ReleaseOlder(a, b string) bool {
	da, pa, okA := releaseOf(a)
	db, pb, okB := releaseOf(b)
	return okA && okB && strings.EqualFold(pa, pb) && da.Before(db)
}

func releaseOf(tag string) (time.Time, string, bool) {
	tag = strings.TrimPrefix(tag, "refs/tags/")
	m := releaseTag.FindStringSubmatchIndex(tag)
	if m == nil {
		return time.Time{}, "", false
	}
	year, _ := strconv.Atoi(tag[m[4]:m[5]])
	month, err := time.Parse("January", tag[m[2]:m[3]])
	if err != nil {
		return time.Time{}, "", false
	}
	return time.Date(year, month.Month(), 1, 0, 0, 0, 0, time.UTC), tag[:m[0]], true
}
