// Package entra is almwiz's thin, typed Microsoft Graph v1.0 client for what
// the ALM Accelerator needs in Microsoft Entra ID: its app registration, the
// app's service principal, delegated admin consent, one client secret and the
// makers security group. One Client serves one tenant.
//
// Every Ensure operation observes first, compares with what is wanted and
// writes only what is missing, then says whether it found, created, adopted
// or updated the object (Outcome), so a step can report "unchanged" and a
// second run makes no write at all.
//
// Graph routes used, and why:
//   - GET /applications(uniqueName='…') and GET /applications?$filter=displayName eq '…':
//     find the app registration by its stable key, or one made by hand or by
//     the CoE CLI (no uniqueName) to adopt instead of duplicating it.
//   - PATCH /applications(uniqueName='…') with Prefer: create-if-missing:
//     create the app; an upsert is safe to repeat after a lost answer, where
//     POST /applications would make a second app.
//   - PATCH /applications/{id}: merge missing permissions and redirect URIs
//     into an existing app (the list is never replaced; the CoE CLI did).
//   - GET /applications/{id}/owners, POST …/owners/$ref: app owners.
//   - GET /applications/{id}, GET /applications?$filter=id eq '…': read an app
//     by object id; the list answers while a new app is still replicating.
//   - POST /applications/{id}/addPassword and …/removePassword: the only way
//     to make or drop a client secret; its value is in the addPassword answer
//     only and is handed to the caller, never logged or put in an error.
//   - GET /servicePrincipals?$filter=appId eq '…', POST /servicePrincipals:
//     the app's service principal, also for an app that has none yet; the
//     well-known resource service principals (Azure DevOps, Dataverse,
//     PowerApps-Advisor) and their delegated scope ids and values.
//   - GET /oauth2PermissionGrants?$filter=clientId eq '…' and resourceId eq '…',
//     POST /oauth2PermissionGrants, PATCH /oauth2PermissionGrants/{id}:
//     tenant-wide (AllPrincipals) delegated consent, with scope values.
//   - GET /groups?$filter=displayName eq '…', POST /groups, PATCH /groups/{id},
//     GET /groups/{id}/members, POST /groups/{id}/members/$ref: the makers
//     security group and its members.
//   - GET /organization, GET /me: the tenant id and default domain, and the
//     signed-in admin (an owner of the app).
//
// Replication: right after an app is created, Entra may answer
// POST /servicePrincipals with 400 NoBackingApplicationObject and GET by key
// with 404. EnsureServicePrincipal then waits with a bounded, context-aware
// backoff, and only while a read proves that the app exists. Throttling and
// transient failures are retried by the transport, not here.
//
// Errors are *transport.APIError (Service "Microsoft Graph"), with the
// operation naming the resource and, for Authorization_RequestDenied, the
// Entra role that can do it.
package entra
