package powerplatform

// entityColumns are the attributes every row of a table carries, null when
// unset, so rows have the shape of the real ones (taken from the Terraform
// provider's recorded responses in testdata/specs/power-platform).
var entityColumns = map[string][]string{
	"roles": {
		"_businessunitid_value", "_createdby_value", "_createdonbehalfby_value", "_modifiedby_value",
		"_modifiedonbehalfby_value", "_parentroleid_value", "_parentrootroleid_value", "_roletemplateid_value",
		"canbedeleted", "componentstate", "createdon", "importsequencenumber", "iscustomizable", "isinherited",
		"ismanaged", "modifiedon", "name", "organizationid", "overriddencreatedon", "overwritetime", "roleid",
		"roleidunique", "solutionid", "versionnumber",
	},
	"solutions": {
		"_configurationpageid_value", "_createdby_value", "_createdonbehalfby_value", "_modifiedby_value",
		"_modifiedonbehalfby_value", "_organizationid_value", "_parentsolutionid_value", "_publisherid_value",
		"createdon", "description", "friendlyname", "installedon", "isapimanaged", "ismanaged", "isvisible",
		"modifiedon", "pinpointassetid", "pinpointpublisherid", "pinpointsolutiondefaultlocale",
		"pinpointsolutionid", "solutionid", "solutionpackageversion", "solutiontype", "templatesuffix",
		"thumbprint", "uniquename", "updatedon", "upgradeinfo", "version", "versionnumber",
	},
	"asyncoperations": {
		"_createdby_value", "_createdonbehalfby_value", "_modifiedby_value", "_modifiedonbehalfby_value",
		"_ownerid_value", "_owningbusinessunit_value", "_owningextensionid_value", "_owningteam_value",
		"_owninguser_value", "_regardingobjectid_value", "_workflowactivationid_value", "asyncoperationid",
		"breadcrumbid", "callerorigin", "completedon", "correlationid", "correlationupdatedtime", "createdon",
		"data", "datablobid", "datablobid_name", "dependencytoken", "depth", "errorcode", "executiontimespan",
		"expanderstarttime", "friendlymessage", "hostid", "iswaitingforevent", "message", "messagename",
		"modifiedon", "name", "operationtype", "parentpluginexecutionid", "postponeuntil", "primaryentitytype",
		"recurrencepattern", "recurrencestarttime", "requestid", "retainjobhistory", "retrycount",
		"rootexecutioncontext", "sequence", "startedon", "statecode", "statuscode", "subtype",
		"timezoneruleversionnumber", "utcconversiontimezonecode", "workflowstagename", "workload",
	},
}
