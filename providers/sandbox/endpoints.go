package sandbox

import "almwiz/providers/sandbox/emulator"

// Endpoints is the sandbox's cloud table: where each emulated service lives,
// as GET /_sandbox/endpoints publishes it.
type Endpoints struct {
	Login               string `json:"login"`               // a tenant's authority is Login + "/" + tenant
	Graph               string `json:"graph"`               // Graph base, before /v1.0
	DevOps              string `json:"devops"`              // an organization is DevOps + "/" + org
	ExtensionManagement string `json:"extensionManagement"` // + "/" + org
	VSSPS               string `json:"vssps"`               // Azure DevOps identity area: + "/" + org
	VSAEX               string `json:"vsaex"`               // Azure DevOps member entitlements: + "/" + org
	Accounts            string `json:"accounts"`            // Azure DevOps profiles and organizations of the signed-in user (app.vssps.visualstudio.com)
	PowerPlatformAdmin  string `json:"powerPlatformAdmin"`
	PowerApps           string `json:"powerApps"`
	Dataverse           string `json:"dataverse"` // environment https://h/ is served at Dataverse + "/h/"
	GitHub              string `json:"github"`
	DeviceLogin         string `json:"deviceLogin"` // the page that approves device codes
}

// endpointsFor builds the cloud table for a base URL such as https://127.0.0.1:8443.
func endpointsFor(base string) Endpoints {
	return Endpoints{
		Login:               base + emulator.PrefixLogin,
		Graph:               base + emulator.PrefixGraph,
		DevOps:              base + emulator.PrefixDevOps,
		ExtensionManagement: base + emulator.PrefixExtensionManagement,
		VSSPS:               base + emulator.PrefixVSSPS,
		VSAEX:               base + emulator.PrefixVSAEX,
		Accounts:            base + emulator.PrefixAccounts,
		PowerPlatformAdmin:  base + emulator.PrefixPowerPlatformAdmin,
		PowerApps:           base + emulator.PrefixPowerApps,
		Dataverse:           base + emulator.PrefixDataverse,
		GitHub:              base + emulator.PrefixGitHub,
		DeviceLogin:         base + emulator.PrefixApproval,
	}
}
