// Package devops emulates Azure DevOps Services for the sandbox cloud: the
// organization host (dev.azure.com), extension management
// (extmgmt.dev.azure.com), the identity and graph host
// (vssps.dev.azure.com) and member entitlement management
// (vsaex.dev.azure.com), closely enough that azure-devops-go-api v7 cannot
// tell it from the real service for everything an ALM Accelerator install
// touches.
//
// The SDK routes every call from the server's own answers: OPTIONS
// {base}/_apis lists resource locations (id, area, resource name, route
// template, versions) and GET _apis/ResourceAreas tells it which base URL
// serves each area. locations.go mirrors the real location ids and route
// templates; the contract tests check them against the SDK's hard-coded ids
// and the official 7.1 Swagger copied under testdata/specs/azure-devops
// (route, resource name, area, resource area id, host, version range), check
// that every served route exists in the Swagger with its method, and that
// responses carry every field of the official examples.
//
// Served: discovery (OPTIONS _apis, ResourceAreas, connectionData); core
// projects and processes; operations; git repositories, import requests,
// refs and items; build definitions and general settings; distributedtask
// agent queues and variable groups; service endpoints; pipeline
// permissions; installed extensions; security namespaces, access control
// entries and lists; security role assignments; graph groups, memberships,
// descriptors, storage keys and service principals; IMS identities; group
// entitlements (group rules with an access level).
//
// # Where this emulator knowingly differs from Azure DevOps
//
// Hosts and accounts
//   - The four hosts are path prefixes of one loopback host (/devops,
//     /extmgmt, /vssps, /vsaex); ResourceAreas advertises them as locationUrl.
//   - Any organization name is served and created on first use; names are
//     case-insensitive. No organization is backed by a tenant check, has
//     billing, parallelism grants or users.
//   - Only bearer tokens from the sandbox issuer with the Azure DevOps
//     audience are accepted (no PAT, no Basic); failures are always 401
//     TF400813, never the 203 sign-in page. Every caller may do everything:
//     permissions are recorded, never enforced.
//   - OPTIONS lists only the locations served here, all with minVersion 1.0
//     and maxVersion 7.2. api-version (query or Accept header) is checked as
//     the real service does: required for writes, at most 7.2, and -preview
//     required above a location's released version. There is no throttling,
//     no ETag, no X-TFS-Session, and every timestamp comes from the sandbox
//     clock.
//   - Routes outside the copied Swagger: OPTIONS _apis, ResourceAreas,
//     connectionData, IMS identities and securityroles (their shapes follow
//     the SDK models and the CoE CLI's recorded calls); the one list of them,
//     with sources, is providers/sandbox/contract/unspecified.go, rendered
//     into providers/sandbox/DIFFERENCES.md.
//   - Error messages carry the real TF/VS codes where known; others
//     (import into a non-empty repository, extension not installed or
//     already installed, graph group exists) are close paraphrases, and
//     typeName always names the Framework.Server assembly.
//
// Projects and operations
//   - A queued project is visible at once in state "new"; its default
//     repository (named after it, empty), its agent queues, default groups
//     and build service identity exist from that moment, not from the end
//     of the operation. The project list shows wellFormed projects by
//     default, sorted by name; its continuationToken is an offset ($skip also
//     works). Teams are not served; defaultTeam is only an id and a name.
//   - Operations go queued → inProgress (on the first poll) → succeeded once
//     OperationDelay has passed; they never fail. Deleting a project removes
//     its project-scoped resources; org-scoped service endpoints and variable
//     groups keep their share of it.
//
// Git
//   - There is no Git protocol: nothing can be cloned or pushed, and content
//     only comes from an import. Items answers files of the default branch
//     whatever version is asked for; commits, pushes and trees are not
//     served, nor the organization-level repository routes.
//   - Only https://github.com/microsoft/coe-alm-accelerator-templates (with
//     or without .git or a trailing slash) imports: like the real import it
//     brings the default branch (refs/heads/main, at a commit past the last
//     release) and every release tag; the stand-in files at the real
//     template paths are a comment, never Microsoft's templates. The
//     commits and tag objects have fixed ids, as an import keeps the
//     source's. CenterofExcellenceALMAccelerator-March2024 is an annotated
//     tag and October2023 a lightweight one; whether the real release tags
//     are annotated was not verified. A "#ref" fragment on the source URL is
//     recorded and ignored (what the real service does with one is not
//     documented). Any other source fails, as the sandbox has no network.
//   - Ref updates (POST refs) check oldObjectId (staleOldObjectId) and that
//     the new object resolves to a commit (unresolvableToCommit); a branch
//     set to a tag object points at its commit. There is no history: any
//     known commit may be set, no fast-forward or force-push rule applies,
//     and the files do not change with main. GET annotatedtags of an object
//     that is no tag answers 404 with a paraphrased message.
//
// Pipelines
//   - Build definitions are stored as sent and echoed back; only the agent
//     queue is resolved and checked. Updates need the current revision (409
//     otherwise); a duplicate name in a folder is 409. No builds run.
//   - Every project has the queues "Default" (pool 1) and "Azure Pipelines"
//     (hosted, pool 9); queues and pools are read-only.
//   - A service endpoint of a type an extension contributes (powerplatform-spn,
//     Power Platform Build Tools) is refused with the real 400
//     ServiceEndpointException until that extension is installed; other
//     types count as built in. An update must carry the endpoint's id in its
//     body (400 otherwise, message paraphrased).
//   - Service endpoints are always ready and never verified. Secret
//     authorization parameters (clientSecret, password, serviceprincipalkey
//     and the like) are stored for the inventory and answered as null; an
//     update that leaves one out keeps it. GET of an unknown endpoint or
//     variable group answers 200 with a null body, as the real service does.
//   - Pipeline permissions accept any resource id of the supported types
//     without checking that the resource exists.
//   - "Limit job authorization scope to current project" has no official
//     organization-level REST route (the portal uses an internal contribution
//     data provider). Service.SetJobAuthorizationScope sets it, the
//     "settings" inventory kind reports it, and the official project-level
//     build generalsettings route reports the effective value (organization
//     OR project). New organizations have it on, as new real ones do. The
//     same holds for "Protect access to repositories in YAML pipelines"
//     (Service.SetRepositoryProtection), which new projects also have on.
//     A project-level PATCH while the organization forces a setting on is
//     stored and has no effect; what the real service answers then is not
//     documented.
//
// Extensions, security and identity
//   - Any publisher and extension installs; the version comes from a small
//     table of the extensions an install uses, else 1.0.0. Built-in
//     extensions are not listed.
//   - Six security namespaces are known (Git Repositories, Build,
//     DistributedTask, ServiceEndpoints, Library, Project) with their real
//     action bits. Access control lists store explicit bits only:
//     extendedInfo repeats them, inheritance is not computed.
//   - Role assignments accept Reader, User, Creator and Administrator in any
//     distributedtask.* scope, for any identity id (a group's origin id is
//     resolved to its name); permission bits in the answers are indicative.
//   - Descriptors have the real prefixes (scp., vssgp., aadgp., svc.) over a
//     base64url of an id, not the real encoded SIDs. Entra groups and
//     service principals are materialised by origin id without asking the
//     directory, so their display name is the origin id, and no access level
//     is assigned except by a group rule. With Env.ReplicationLag, an Entra
//     group is refused with 503 (as the real service does while the
//     directory replicates; the body's wording is the sandbox's) for that
//     long after the organization is first asked for it, since the emulator
//     cannot see when the directory made it.
//   - Group rules: POST/GET/PATCH/DELETE groupentitlements succeed at once
//     (completed, one result); members, extension rules and project
//     entitlements are ignored, and adding a rule for a group that has one
//     replaces its access level. Error messages are paraphrased. Graph users are not served; aad. descriptors are accepted
//     as members on trust. Memberships are direct only.
//   - IMS identities knows the build service identities and the groups;
//     search is a case-insensitive prefix match on display and account
//     names, and queryMembership is ignored.
package devops
