// Package devops provisions what the ALM Accelerator needs in an Azure
// DevOps organization — extensions, the project, the pipelines repository
// and its template import, the core pipelines, the variable group, the
// Power Platform service connections, pipeline permissions, the makers
// group and its roles, and the build service permissions — through
// Microsoft's azure-devops-go-api v7 SDK.
//
// Every Ensure operation is get-or-create keyed on the resource's natural key
// (a name, a URL, an origin id, a security token): it looks the resource up
// first, writes only what is missing or differs, and reports whether it
// found, created or updated it, so a second run makes no write at all. Lists
// are always paged through their continuation tokens. Long-running work
// (project creation, repository import) hands back its id before waiting, so
// a checkpoint can record it and a new Client can re-attach.
//
// Requests go through one http.Client per Client: the SDK's own clients are
// built with azuredevops.NewClientWithOptions and WithHTTPClient, so the
// shared transport policy (retries, Retry-After, deadlines, redaction) and a
// bearer token that is refreshed on every request apply to every area client.
// The SDK cannot do that by itself: azuredevops.Connection has no http.Client
// field and copies AuthorizationString into each cached client when it is
// created, so a token refreshed later would never reach it.
package devops
