// Package entra emulates Microsoft Entra ID for the sandbox: sign-in (the
// identity platform v2.0 endpoints under emulator.PrefixLogin) and the part of
// Microsoft Graph v1.0 the installer uses (under emulator.PrefixGraph). Both
// live in one service because a client secret created through Graph
// addPassword must work for a client-credentials sign-in.
//
// Where it knowingly differs from the real services:
//   - Any client id may use the device-code flow; public client apps need no
//     registration. Device codes are approved automatically after a delay, or
//     on the local /devicelogin page, always as the tenant's admin user.
//   - Tokens are HS256 JWTs signed with the sandbox key; id tokens are unsigned.
//     Graph audiences are the resource URL, not the Graph app id.
//   - Graph checks the token's audience and tenant but no permissions: any
//     signed-in user or application may read and write every object.
//   - A client-credentials token is issued even when the app holds no consent
//     on the resource (as the real service does); roles are then empty.
//   - Replication lag hides a new object from GET-by-key reads only; lists
//     and $filter see it at once.
//   - $filter understands `prop eq 'value'` (joined with `and`) and
//     startswith(prop,'value') on top-level properties; $select is top-level;
//     $skiptoken is an offset.
//   - The multi-tenant authorities common and organizations sign in to the
//     tenant sandbox.onmicrosoft.com.
//   - Request bodies are not checked against Graph's schema: an unknown
//     property is stored and echoed, where Graph answers 400 ("Property ...
//     does not exist"). Answers are checked against the description in the
//     contract tests instead.
//   - Seeding a tenant with an id replaces a tenant created on first use
//     under the same domain (and whatever was created in it).
//   - Built-in resource service principals (Microsoft Graph, Azure DevOps,
//     Dataverse, PowerApps-Advisor, PowerApps Service) carry only the scopes
//     and app roles the installer uses, not their full catalogues. A fresh
//     tenant has only Microsoft Graph's, a real new tenant has hundreds of
//     Microsoft's. The others appear only through POST /servicePrincipals
//     {appId}: the sandbox issues tokens for them regardless, where Entra may
//     provision a first-party resource's service principal on first sign-in
//     or answer AADSTS500011 (resource principal not found).
//   - The lived-in world's guest admin is the same person in every tenant
//     (admin@fabrikam-partners.onmicrosoft.com, whose home tenant is not
//     served); the access token's upn claim carries that home address so the
//     other services see a delegated token, where a real guest token has no
//     upn but unique_name/email and idp. The guest holds Global Administrator.
//   - The lived-in home tenant's earlier app registration (made by hand, no
//     uniqueName, no permissions) is owned by the admin; Graph's POST
//     /applications does not add the caller as owner in the sandbox.
//   - Deleting an application deletes its service principal in the home
//     tenant at once; there is no deleted-items container or restore.
//   - MSAL Go reads the first authority path segment as the tenant, so behind
//     <base>/login/<tenant> its cache realm is "login" for every tenant.
package entra
