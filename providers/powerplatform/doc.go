// Package powerplatform is almwiz's client for Power Platform: the admin
// API (environments, management apps), the PowerApps API (app sharing,
// connections, custom connectors), the Dataverse Web API of each
// environment (users, roles, teams, solutions, connection references,
// flows) and the GitHub releases that carry the solutions. It speaks plain
// net/http through the shared transport policy, with tokens from package auth.
//
// Every ensure observes first by a natural key, compares, and only then
// acts, reporting an Outcome (found, created, updated): running it twice
// writes nothing the second time. Long-running work (environment creation
// and deletion, solution import) returns its operation URL or id before
// waiting, so a step can record it in the checkpoint and a resumed run can
// re-attach with a new Client (WaitEnvironment, WaitOperation,
// WaitAsyncOperation); a run that lost its checkpoint finds the environment
// with FindEnvironmentFor and waits with WaitEnvironmentReady.
//
// # Routes and api-versions
//
// Admin API (cloud.Endpoints.PowerPlatformAdmin, token audience
// AdminAudience, e.g. https://service.powerapps.com/), under
// /providers/Microsoft.BusinessAppPlatform:
//
//	GET    scopes/admin/environments[/{name}]        2023-06-01  list (lookup by domain, URL, or display name while provisioning), read
//	POST   environments                              2023-06-01  create; 202 + Location (lifecycle operation)
//	DELETE scopes/admin/environments/{name}          2023-06-01  delete; 202 + Location, 404 = gone
//	GET    lifecycleOperations/{id}                  as given    poll; Retry-After honoured, 409 = not yet, 404 = done
//	GET|PUT|DELETE adminApplications/{appId}         2020-06-01  management app (New-/Remove-PowerAppManagementApp)
//
// 2023-06-01 is what Microsoft's Terraform provider uses for environments
// (the documented list call's 2020-10-01 answers the same shape); the
// management-app route is documented only at 2020-06-01.
//
// PowerApps API (cloud.Endpoints.PowerApps, same audience), under
// /providers/Microsoft.PowerApps:
//
//	GET  scopes/admin/environments/{env}/apps                         2020-06-01  find the canvas app
//	GET  scopes/admin/environments/{env}/apps/{app}/permissions       2020-06-01  read shares first
//	POST scopes/admin/environments/{env}/apps/{app}/modifyPermissions 2020-06-01  share (Set-AdminPowerAppRoleAssignment's body)
//	GET  apis/{api}/connections?$filter=environment eq '{env}'        2016-11-01  connections and their owners
//	GET|PATCH apis/{connectorInternalId}?$filter=environment eq '{env}' 2016-11-01 custom connector OAuth (as the CoE CLI)
//
// The admin-scoped app routes work for a Power Platform administrator who
// does not own the app, which is the installing admin's case.
//
// Dataverse Web API v9.2 (cloud.Endpoints.Dataverse(envURL); audience the
// environment URL): WhoAmI; businessunits (root: parentbusinessunitid eq
// null); systemusers by applicationid (deleted rows skipped), created with
// businessunitid@odata.bind; roles by name in the root business unit;
// systemuserroles_association and teamroles_association read, then
// associated with $ref only when missing; teams by
// azureactivedirectoryobjectid and membershiptype; solutions by uniquename;
// ImportSolutionAsync with the zip (not the synchronous ImportSolution,
// which the CoE CLI used and which hangs on large solutions) polled through
// asyncoperations({id}); connectionreferences bound by PATCH connectionid;
// workflows turned on by PATCH statecode 1 / statuscode 2; connectors read
// for the custom connector's internal id.
//
// GitHub (cloud.Endpoints.GitHub): GET /repos/{owner}/{repo}/releases and the
// asset's browser_download_url, no token.
//
// # Errors
//
// Failed calls are *transport.APIError with Service "Power Platform",
// "Dataverse" or "GitHub", the operation in words, and a suggestion where
// the admin can act: a Dataverse 403 needs System Administrator in that
// environment, an admin-API 403 the Power Platform Administrator role, a
// DLP refusal the Power Platform admin's data policy. Request bodies are
// never put in errors, and the custom connector's client secret is
// redacted from any error even if a service echoes it.
//
// Retries of single requests (429, 503, Retry-After) belong to the shared
// transport; this package only re-polls long-running operations through
// throttling.
package powerplatform
