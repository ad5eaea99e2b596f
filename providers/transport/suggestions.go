package transport

import "strings"

// suggestion is one row of the suggestion table: when an error matches every
// condition set (service, status, code, a fragment of code or message), Text
// says what to do and who can do it.
type suggestion struct {
	Service  string
	Status   int
	Code     string
	Contains string
	Text     string
}

// suggestions is checked in order, most specific first; the first match wins.
var suggestions = []suggestion{
	{Code: "Authorization_RequestDenied", Text: "Your account lacks the Microsoft Entra role for this. Ask a Global Administrator to assign you Application Administrator (app registrations, and admin consent to the ALM Accelerator's APIs, none of which is Microsoft Graph), or to run `almwiz apply --scope entra` themselves."},
	{Contains: "AADSTS7000215", Text: "The client secret is wrong or expired: set AZURE_CLIENT_SECRET to the secret's value (not its ID), or ask an Application Administrator for a new secret."},
	{Contains: "AADSTS700016", Text: "The application in AZURE_CLIENT_ID is not registered in this tenant: check AZURE_CLIENT_ID and AZURE_TENANT_ID."},
	{Contains: "AADSTS65001", Text: "Admin consent is missing: a Cloud Application Administrator, Application Administrator, Privileged Role Administrator or Global Administrator must grant consent to the application."},
	{Contains: "AADSTS50076", Text: "Multi-factor authentication is required: sign in again with a device code in a terminal."},
	{Code: "invalid_grant", Text: "The sign-in has expired or was revoked: run almwiz in a terminal to sign in again."},
	{Code: "invalid_client", Text: "The service principal's credential was refused: check AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH)."},
	{Code: "TF400813", Text: "The account is not a member of this Azure DevOps organization, or the organization is not connected to this Microsoft Entra tenant. Ask an organization owner to add you (Organization settings → Users) or to connect the organization to the tenant (Organization settings → Microsoft Entra)."},
	{Code: "TF50309", Text: "You lack this permission in Azure DevOps: ask a Project Collection Administrator to add you to the Project Collection Administrators group (Organization settings → Permissions)."},
	{Service: ServiceDevOps, Status: 401, Text: "The account is not a member of this Azure DevOps organization, or the organization is not backed by this Microsoft Entra tenant. Ask an organization owner to add you, or connect the organization to the tenant (Organization settings → Microsoft Entra)."},
	{Service: ServiceDevOps, Status: 403, Text: "You lack this permission in Azure DevOps: ask a Project Collection Administrator to grant it."},
	{Contains: "0x80040220", Text: "You lack a privilege in this Dataverse environment: ask a Power Platform Administrator to give your account the System Administrator security role in the environment."},
	{Contains: "0x80072560", Text: "The account is not a user of this Dataverse environment: ask a Power Platform Administrator to add you to the environment's security group and give you the System Administrator role."},
	{Contains: "BusinessDataPolicyViolation", Text: "A data loss prevention (DLP) policy blocks a connector the ALM Accelerator needs: ask a Power Platform Administrator to allow the connector for this environment (Power Platform admin center → Policies → Data policies)."},
	{Contains: "DlpPolicy", Text: "A data loss prevention (DLP) policy blocks a connector the ALM Accelerator needs: ask a Power Platform Administrator to allow the connector for this environment (Power Platform admin center → Policies → Data policies)."},
	{Contains: "licen", Text: "The account lacks a licence this needs: ask a licence administrator to assign a Power Apps licence (per user or Developer Plan) in the Microsoft 365 admin center."},
	{Service: ServicePowerPlatform, Status: 403, Text: "This needs the Power Platform Administrator (or Dynamics 365 Administrator) role in Microsoft Entra: ask a Global Administrator or Privileged Role Administrator to assign it."},
	{Service: ServiceGraph, Status: 403, Text: "Your account lacks the Microsoft Entra role for this: ask a Global Administrator to assign you Application Administrator or Privileged Role Administrator."},
	{Status: 409, Text: "The name is taken: choose another name, or reuse the existing object if it is yours."},
	{Contains: "already exists", Text: "The name is taken: choose another name, or reuse the existing object if it is yours."},
	{Status: 429, Text: "The service is throttling almwiz: wait a few minutes and run `almwiz resume`."},
	{Status: 401, Text: "The sign-in was refused: run almwiz in a terminal to sign in again."},
}

// Suggest returns what an admin can do about e, from the suggestion table;
// empty when no row matches.
func Suggest(e *APIError) string {
	for _, s := range suggestions {
		if s.matches(e) {
			return s.Text
		}
	}
	return ""
}

func (s suggestion) matches(e *APIError) bool {
	if s.Service != "" && s.Service != e.Service || s.Status != 0 && s.Status != e.Status {
		return false
	}
	if s.Code != "" && !strings.EqualFold(s.Code, e.Code) {
		return false
	}
	if s.Contains == "" {
		return true
	}
	frag := strings.ToLower(s.Contains)
	return strings.Contains(strings.ToLower(e.Code), frag) || strings.Contains(strings.ToLower(e.Message), frag)
}
