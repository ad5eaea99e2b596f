// Package powerplatform is the sandbox's Power Platform: the admin API (BAP),
// the PowerApps API, the Dataverse Web API of every environment and a GitHub
// releases stand-in that carries the solutions the installer imports.
//
// # Routes
//
// Admin API, under emulator.PrefixPowerPlatformAdmin, token audience
// emulator.AudiencePowerPlatform, api-version required (2019-05-01,
// 2020-06-01, 2020-10-01, 2021-04-01 or 2023-06-01):
//
//	GET    /providers/Microsoft.BusinessAppPlatform/scopes/admin/environments[?$expand=...]
//	GET    /providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/{name}
//	DELETE /providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/{name}      202 + Location
//	POST   /providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/{name}/addAppUser
//	POST   /providers/Microsoft.BusinessAppPlatform/environments                           202 + Location
//	POST   /providers/Microsoft.BusinessAppPlatform/validateEnvironmentDetails
//	GET    /providers/Microsoft.BusinessAppPlatform/lifecycleOperations/{id}
//	GET|PUT|DELETE /providers/Microsoft.BusinessAppPlatform/adminApplications[/{appId}]
//
// DLP policies, on the same host and audience, no api-version (as the
// Terraform provider calls them); POST /_sandbox/powerplatform/dlp-policies
// adds one:
//
//	GET    /providers/PowerPlatform.Governance/v2/policies[/{name}]
//
// PowerApps API, under emulator.PrefixPowerApps, same audience, api-version required:
//
//	GET  /providers/Microsoft.PowerApps/apps?$filter=environment eq '{env}'
//	GET  /providers/Microsoft.PowerApps/scopes/admin/environments/{env}/apps[/{app}]
//	GET  /providers/Microsoft.PowerApps/apps/{app}[/permissions]
//	POST /providers/Microsoft.PowerApps/apps/{app}/modifyPermissions          (and the admin-scoped form)
//	GET  /providers/Microsoft.PowerApps/apis/{api}/connections?$filter=environment eq '{env}'
//	GET  /providers/Microsoft.PowerApps/scopes/admin/environments/{env}/connections
//	GET|PUT|DELETE /providers/Microsoft.PowerApps/apis/{api}/connections/{name}
//	GET|PATCH /providers/Microsoft.PowerApps/apis/{connectorinternalid}      (custom connector, PATCH whole)
//	GET  /_blobs/apis/{connectorinternalid}/swagger.json                      (originalSwaggerUrl, no token)
//	GET  /providers/Microsoft.PowerApps/scopes/admin/environments/{env}/apis/{connector}/permissions
//	POST /providers/Microsoft.PowerApps/scopes/admin/environments/{env}/apis/{connector}/modifyPermissions
//	POST /api/invoke                                                          (x-ms-path-query proxy)
//
// Dataverse, under emulator.PrefixDataverse: https://{host}/api/data/v9.x/...
// is served at /dataverse/{host}/api/data/v9.x/... (v9.0, v9.1, v9.2), token
// audience https://{host}. Tables: businessunits, systemusers, roles, teams,
// solutions, publishers, asyncoperations, connectionreferences, connectors,
// workflows, canvasapps, solutioncomponents, solutioncomponentdefinitions,
// organizations (one row; PATCH changes iscustomcontrolsincanvasappsenabled,
// plugintracelogsetting and isauditenabled only); navigation systemuserroles_association and
// teamroles_association (with $ref); functions and actions WhoAmI,
// ImportSolution, ImportSolutionAsync, StageSolution,
// RetrieveSolutionImportResult. Query options $filter (eq, ne, and, or, not,
// startswith, endswith, contains), $select, $expand (with nested $select),
// $top; keys by id or alternate key (teams(azureactivedirectoryobjectid=..,membershiptype=0)).
//
// GitHub, under emulator.PrefixGitHub, no token:
// /repos/{owner}/{repo}/releases[/latest|/tags/{tag}|/assets/{id}] for
// microsoft/coe-starter-kit and microsoft/powercat-creator-kit, and
// /download/{owner}/{repo}/{tag}/{asset} for browser_download_url.
//
// Control: POST /_sandbox/powerplatform/connections (and Service.CreateConnection)
// creates a Connected connection owned by a given person; POST
// /_sandbox/powerplatform/break deletes an application user or turns the
// flows off (break_control.go).
//
// # Where the shapes come from
//
// Routes, bodies and status codes follow ../shared/specs/power-platform
// (microsoft/terraform-provider-power-platform at 57ba091a, whose recorded
// responses are copied to testdata/specs/power-platform and checked by the
// contract test), ../shared/reference (api-endpoints.md D and E,
// alm-accelerator.md §3, §5, §6, alm-docs.md §3.9-3.12) and the CoE CLI
// trace in reference/coe-cli.md: modifyPermissions takes
// {"put":[{"properties":{"principal":{"id","email","type":"Group","tenantId"},
// "roleName":"CanView","NotifyShareTargetOption":"DoNotNotify"}}]} at
// api-version 2020-06-01 (the Microsoft.PowerApps.Administration.PowerShell
// module's Set-AdminPowerAppRoleAssignment sends the same shape); connections
// are listed at api-version 2016-11-01. Learn's "Troubleshoot Dataverse client
// errors" gives "Cannot insert duplicate key" as -2147220937 (0x80040237),
// the error a repeated role association gets.
//
// # Known differences from the real services
//
//   - Environments: the 202 of create and delete has no body; a created
//     environment is listed at once with provisioningState Creating and no
//     linkedEnvironmentMetadata. Lifecycle polls answer 200 with state Running
//     (never 409). A create while another environment creation in the same
//     tenant is still running answers 409 {"error":{"code":
//     "OperationNotStartable"}} with Retry-After; the real admin API answers
//     it while a lifecycle operation it will not run beside is going (the
//     trigger and the message are the emulator's own; callers wait and
//     retry as microsoft/terraform-provider-power-platform ·
//     internal/services/environment/api_environment.go does). Every operation succeeds after OperationDelay; there is no
//     capacity, licence, billing policy or environment group logic, no
//     provisionInstance, modifySku or PATCH. Domain names are checked for
//     shape and uniqueness only (error codes InvalidDomainName and
//     DomainNameAlreadyInUse are the emulator's own). Capacity and addons are
//     empty arrays with $expand, parentEnvironmentGroup and usedBy are absent.
//   - Management apps: the response body of PUT adminApplications is the
//     emulator's own shape (the real one is undocumented); app-only tokens
//     get 403, as only a signed-in administrator can register one.
//   - Dataverse schema: rows are loosely typed; unknown attributes in a create
//     are stored, not rejected, and there is no $metadata. Only the listed
//     tables, relationships and query options exist; $orderby, $count, $skip,
//     paging, batch requests, upsert by PATCH and FetchXML are not served.
//     OData-EntityId and @odata.context use the sandbox URL the client called.
//     Option-set and managed-property attributes (iscustomizable and the like)
//     are null.
//   - Base language: environments take the requested baseLanguage in the
//     fresh world; in the lived-in world every environment is German (1031)
//     whatever the request asks, to model a tenant whose environments an
//     admin created in German. Only the built-in roles' names are localised
//     (Systemadministrator, Standardbenutzer, Systemanpasser,
//     Umgebungsersteller); they carry the template ids Learn lists in
//     "Security roles and templates", and Environment Maker has none here.
//   - Callers: a person's token makes them a systemuser with System
//     Administrator on first use (the real service syncs environment admins
//     similarly); an application must already be an application user, or gets
//     403 0x80072560. There is no privilege check beyond that.
//   - Duplicates: a second application user for the same applicationid, a
//     second group team for the same group and membership type, and a
//     repeated role association answer 412 with 0x80040237. The real
//     messages differ in wording for the first two.
//   - Solutions: only the zip's solution.xml (UniqueName, Version, Managed,
//     publisher, MissingDependencies) and a small subset of customizations.xml
//     (Roles, Workflows, connectionreferences, CanvasApps, Connectors) are
//     read. Dependencies are checked at the end of the operation, not at
//     staging; a lower version than the installed one fails, the same or a
//     higher version upgrades in place keeping bindings and flow states.
//     Import progress is Waiting (0/0), In Progress (2/20), then Succeeded
//     (3/30) or Failed (3/31); there are no importjobs rows, and
//     RetrieveSolutionImportResult has no FormattedResults. An import of a
//     solution while another import of it is running fails with Dataverse's
//     "Cannot start another [Import]" message in RetrieveSolutionImportResult
//     only, its async operation succeeding: the sandbox's way to let a test
//     see an async operation and an import job disagree (the real split of
//     outcomes between the two is not documented; Microsoft's Terraform
//     provider checks both). Deleting a
//     solution removes its components at once.
//   - solutioncomponents lists only the roles, flows, canvas apps,
//     connectors and connection references a solution brought (no
//     subcomponents, no rootsolutioncomponentid), with connection references
//     as component type 10132; solutioncomponentdefinitions holds only those
//     five types.
//   - Stand-in solutions are tiny zips generated at run time with the real
//     unique names, versions and the components the installer touches; the
//     canvas app keeps its real logical name cat_poweropsdevopsedition_7f3f4
//     (display name "ALM Accelerator for Power Platform"), and the PowerApps
//     app name of a canvas app is its canvasappid.
//   - Flows turn on only when every connection reference of their solution has
//     a connection (real flows check the references they use); the error text
//     is the emulator's own.
//   - Connections are created Connected by PUT or the control route, with no
//     consent; connection references accept only a connection of the same
//     connector in the same environment. Custom connectors keep the OAuth
//     client secret aside: it is never returned, and appears in the
//     inventory only with secrets. A connector's OpenAPI definition is served
//     without a token at its originalSwaggerUrl (a storage blob with a SAS in
//     the real service); the stand-in definition and its one policy template
//     instance are the emulator's own. PATCH apis/{api} replaces the
//     connector: a body without openApiDefinition, backendService,
//     environment or connectionParameters is refused with 400
//     InvalidApiDefinition (code and wording are the emulator's; paconn and
//     the CoE CLI always send them all), and policyTemplateInstances not sent
//     are dropped. There is no validateApiSwagger or icon upload.
//   - App sharing: modifyPermissions answers 200 with {}; the principal's
//     display name is the email given. Custom connector sharing takes the
//     body Set-AdminPowerAppConnectorRoleAssignment sends and answers 200
//     with {}; every principal is shown as type Group, and the permissions
//     are not in the inventory.
//   - GitHub: no rate limits, pagination or authentication; the CoE Starter
//     Kit repository has two releases (March and February 2024) carrying only
//     the ALM Accelerator, and the Creator Kit one release. The February one
//     has three connection references (no Microsoft Dataverse one), as the
//     public Customizations.xml at coe-starter-kit 2ced8564 has; which real
//     release had which set is not checked.
package powerplatform
