package entra

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"almwiz/providers/sandbox"
)

const (
	makersGroup       = "ALMAcceleratorForMakers"
	makersDescription = "Application Lifecycle Management Accelerator for Makers"
)

func TestEnsureGroup(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(f *fixture)
		want  Outcome
	}{
		{"creates a security group with a valid mail nickname", nil, Created},
		{"gives a hand-made group the makers description", func(f *fixture) {
			f.graph("POST", "/groups", map[string]any{"displayName": makersGroup, "mailEnabled": false, "securityEnabled": true, "mailNickname": "makers"})
		}, Updated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, sandboxOptions())
			if tc.setup != nil {
				tc.setup(f)
			}
			g, got, err := f.c.EnsureGroup(context.Background(), makersGroup, makersDescription, "")
			if err != nil || got != tc.want || g.ID == "" {
				t.Fatalf("EnsureGroup = %+v, %q, %v; want %q", g, got, err, tc.want)
			}
			f.noWritesBy(func() Outcome {
				_, o, err := f.c.EnsureGroup(context.Background(), makersGroup, makersDescription, "")
				if err != nil {
					t.Fatal(err)
				}
				return o
			})
			groups := f.inventory("groups")
			if len(groups) != 1 || groups[0]["securityEnabled"] != true || groups[0]["mailEnabled"] != false || groups[0]["description"] != makersDescription {
				t.Errorf("groups = %v", groups)
			}
		})
	}
}

func TestEnsureGroupRefusesTwoGroupsOfTheSameNameNamingBoth(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.Options{})
	var ids []string
	for range 2 {
		g := f.graph("POST", "/groups", map[string]any{"displayName": makersGroup, "mailEnabled": false, "securityEnabled": true, "mailNickname": "makers"})
		ids = append(ids, g["id"].(string))
	}
	_, _, err := f.c.EnsureGroup(context.Background(), makersGroup, makersDescription, "")
	var amb *AmbiguousError
	if !errors.As(err, &amb) || !strings.Contains(err.Error(), ids[0]) || !strings.Contains(err.Error(), ids[1]) {
		t.Errorf("err = %v, want both ids %v", err, ids)
	}
}

func TestMailNicknameIsValidForEveryName(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, want string }{
		{"ALMAcceleratorForMakers", "ALMAcceleratorForMakers"},
		{"ALM Makers (Contoso) 2", "ALMMakersContoso2"},
		{"Équipe ALM", "quipeALM"},
		{"!!! ???", "group"},
		{strings.Repeat("ab", 40), strings.Repeat("ab", 32)},
	}
	for _, tc := range cases {
		if got := MailNickname(tc.name); got != tc.want {
			t.Errorf("MailNickname(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestEnsureMember(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// hideMembers makes the member list look empty, as a lagging replica would.
		hideMembers bool
	}{
		{"adds a missing member once", false},
		{"counts Graph's already-exist answer as present", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, sandboxOptions())
			ctx := context.Background()
			g, _, err := f.c.EnsureGroup(ctx, makersGroup, makersDescription, "")
			if err != nil {
				t.Fatal(err)
			}
			me := f.me()
			if got, err := f.c.EnsureMember(ctx, g.ID, me); err != nil || got != Created {
				t.Fatalf("EnsureMember = %q, %v", got, err)
			}
			c := f.c
			if tc.hideMembers {
				c = f.client(func(next http.RoundTripper) http.RoundTripper { return hideMembers{next} })
			}
			got, err := c.EnsureMember(ctx, g.ID, me)
			if err != nil || got != Unchanged {
				t.Errorf("second EnsureMember = %q, %v", got, err)
			}
			groups := f.inventory("groups")
			if members := anyStrings(groups[0]["members"]); !slices.Equal(members, []string{me}) {
				t.Errorf("members = %v, want [%s]", members, me)
			}
			if !tc.hideMembers {
				f.noWritesBy(func() Outcome { o, _ := f.c.EnsureMember(ctx, g.ID, me); return o })
			}
		})
	}
}

// hideMembers answers every member list with an empty page.
type hideMembers struct{ next http.RoundTripper }

func (h hideMembers) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := h.next.RoundTrip(req)
	if err != nil || req.Method != "GET" || !strings.HasSuffix(req.URL.Path, "/members") {
		return resp, err
	}
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader([]byte(`{"value":[]}`)))
	return resp, nil
}

func TestOrganizationAndMe(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.Options{})
	org, err := f.c.Organization(context.Background())
	if err != nil || org.DefaultDomain != tenant || org.TenantID == "" {
		t.Errorf("Organization = %+v, %v", org, err)
	}
	me, err := f.c.Me(context.Background())
	if err != nil || me.ID == "" || me.UserPrincipalName == "" {
		t.Errorf("Me = %+v, %v", me, err)
	}
}

// The mark follows the description of a group EnsureGroup creates, and only
// of such a group: one made by hand gets the description without it, so
// that destroy never takes it for almwiz's.
func TestEnsureGroupMarksOnlyTheGroupItCreates(t *testing.T) {
	t.Parallel()
	const mark = "(created by almwiz)"
	for _, tc := range []struct {
		name   string
		byHand bool
		want   string
	}{
		{"a created group carries the mark", false, makersDescription + " " + mark},
		{"a hand-made group is given the description, never the mark", true, makersDescription},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, sandboxOptions())
			if tc.byHand {
				f.graph("POST", "/groups", map[string]any{"displayName": makersGroup, "mailEnabled": false, "securityEnabled": true, "mailNickname": "makers"})
			}
			g, _, err := f.c.EnsureGroup(context.Background(), makersGroup, makersDescription, mark)
			if err != nil {
				t.Fatal(err)
			}
			f.noWritesBy(func() Outcome {
				_, o, err := f.c.EnsureGroup(context.Background(), makersGroup, makersDescription, mark)
				if err != nil {
					t.Fatal(err)
				}
				return o
			})
			read, found, err := f.c.GroupByID(context.Background(), g.ID)
			if err != nil || !found || read.Description != tc.want {
				t.Errorf("GroupByID = %+v, %t, %v; want the description %q", read, found, err, tc.want)
			}
		})
	}
}
