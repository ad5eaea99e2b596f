package entra

// earlierAppName is the display name the accelerator's documentation and the
// CoE CLI give its app registration (reference/coe-cli.md A.1, `aad`).
const earlierAppName = "ALMAcceleratorServicePrincipal"

// addEarlierInstallApp leaves in t what an install begun by hand left: the
// app registration the admin registered in the Microsoft Entra admin center
// (reference/alm-docs.md, setup-admin-tasks.md: the app registration comes
// first) before stopping — no
// uniqueName (the admin center sets none), no API permissions yet, the admin
// who registered it its owner. Once there (or adopted), it is not added again.
func (s *Service) addEarlierInstallApp(t *tenant) {
	for _, a := range t.Applications {
		if a.str("displayName") == earlierAppName {
			return
		}
	}
	app := s.newApplication(t, map[string]any{"displayName": earlierAppName, "signInAudience": "AzureADMyOrg"})
	app.VisibleAt = s.now()
	if admin := s.adminOf(t); admin != nil {
		app.Owners = append(app.Owners, admin.id())
	}
}
