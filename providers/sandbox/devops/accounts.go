package devops

import (
	"net/http"
	"slices"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// The accounts host (app.vssps.visualstudio.com) answers who the signed-in
// user is and which organizations they belong to, above any organization:
//
//   - GET _apis/profile/profiles/me — MicrosoftDocs/vsts-rest-api-specs ·
//     specification/profile/7.1/profile.json (Profiles_Get, 7.1-preview.3;
//     the example httpExamples/profiles/GET__profile_profiles_me.json has
//     id, displayName, publicAlias, emailAddress); microsoft/azure-devops-go-api
//     · azuredevops/v7/profile/client.go (location f83735dc-…).
//   - GET _apis/accounts?memberId= — specification/account/7.1/accounts.json
//     (Accounts_List, 7.1-preview.1, "one of the following parameters is
//     required: ownerId, memberId"; example GET__Accounts_memberId-_userId_.json
//     with accountId, accountUri https://vssps.dev.azure.com/<name>/,
//     accountName); azuredevops/v7/accounts/client.go (location 229a6a53-…).
//
// The signed-in user is a member of every organization the sandbox holds
// (seeded from the profile, or made by first use). A fresh world without a
// seed has none, as a new tenant's admin has none until they create one
// (learn.microsoft.com · azure/devops/organizations/accounts/create-organization:
// "Sign in to Azure DevOps … select New organization").
func accountRoutes() []route {
	return []route{
		{hostAccounts, http.MethodOptions, "_apis", listLocations},
		{hostAccounts, http.MethodGet, "_apis/ResourceAreas", listAccountAreas},
		{hostAccounts, http.MethodGet, "_apis/ResourceAreas/{areaId}", getAccountArea},
		{hostAccounts, http.MethodGet, "_apis/profile/profiles/{id}", getProfile},
		{hostAccounts, http.MethodGet, "_apis/accounts", listAccounts},
	}
}

// accountAreas are the resource areas the accounts host serves (ids from
// the specs' x-ms-vss-resource-area-id).
var accountAreas = []resourceArea{
	{"8ccfef3d-2b87-4e99-8ccb-66e343d2daa8", "Profile", hostAccounts},
	{"0d55247a-1c47-4462-9b1f-5e2125590ee6", "Account", hostAccounts},
}

func listAccountAreas(q *request) {
	out := make([]resourceAreaInfo, 0, len(accountAreas))
	for _, a := range accountAreas {
		out = append(out, resourceAreaInfo{ID: a.id, Name: a.name, LocationURL: q.base + "/"})
	}
	listOf(q, out)
}

func getAccountArea(q *request) {
	for _, a := range accountAreas {
		if sameName(a.id, q.param("areaId")) {
			q.ok(resourceAreaInfo{ID: a.id, Name: a.name, LocationURL: q.base + "/"})
			return
		}
	}
	q.notFound("Resource area "+q.param("areaId")+" was not found.", "ResourceAreaNotFoundException")
}

// profileID is the caller's profile id: the sandbox uses the object id, as
// connectionData does for the authenticated user.
func (q *request) profileID() string { return q.claims.ObjectID }

func getProfile(q *request) {
	id := q.param("id")
	if !strings.EqualFold(id, "me") && !sameName(id, q.profileID()) {
		q.notFound("Profile "+id+" was not found.", "ProfileNotFoundException")
		return
	}
	email := q.claims.UPN
	q.ok(map[string]any{
		"id": q.profileID(), "publicAlias": q.profileID(), "displayName": q.claims.Name,
		"emailAddress": email, "coreRevision": 1, "revision": 1, "timeStamp": q.s.env.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00"),
	})
}

type account struct {
	AccountID   string         `json:"accountId"`
	AccountURI  string         `json:"accountUri"`
	AccountName string         `json:"accountName"`
	Properties  map[string]any `json:"properties"`
}

func listAccounts(q *request) {
	member, owner := q.query("memberId"), q.query("ownerId")
	if member == "" && owner == "" {
		q.badRequest("One of the following parameters is required: ownerId, memberId.", "ArgumentException")
		return
	}
	var out []account
	if sameName(member, q.profileID()) || sameName(owner, q.profileID()) {
		vssps := emulator.BaseURL(q.r) + emulator.PrefixVSSPS + "/"
		for _, o := range q.s.st.Orgs {
			out = append(out, account{AccountID: o.ID, AccountName: o.Name, AccountURI: vssps + lower(o.Name) + "/", Properties: map[string]any{}})
		}
	}
	slices.SortFunc(out, func(a, b account) int { return strings.Compare(lower(a.AccountName), lower(b.AccountName)) })
	listOf(q, out)
}
