package entra

func init() {
	route("GET", "/subscribedSkus", (*Service).listSubscribedSkus)
}

// sku is one commercial subscription of a tenant: skuPartNumber and skuId as
// Microsoft lists them in "Product names and service plan identifiers for
// licensing" (learn.microsoft.com/entra/identity/users/licensing-service-plan-reference);
// the properties are the subscribedSku entity of the Graph v1.0 CSDL.
type sku struct {
	id, partNumber string
	enabled, used  int
	plans          []string
}

// freshSkus is what a new demo tenant holds: the Microsoft 365 E5
// developer subscription (25 licences) and the Power Apps Plan 2 trial an
// admin starts from the maker portal, which shows 10,000 units — the
// trial the accelerator's demo model relies on.
var freshSkus = []sku{
	{"c42b9cae-ea4f-4ab7-9717-81576235ccac", "DEVELOPERPACK_E5", 25, 1, []string{"EXCHANGE_S_ENTERPRISE", "POWERAPPS_O365_P3", "FLOW_O365_P3"}},
	{"dcb1a3ae-b33f-4487-846a-a640262fadf4", "POWERAPPS_VIRAL", 10000, 0, []string{"DYN365_CDS_VIRAL", "POWERAPPS_P2_VIRAL", "FLOW_P2_VIRAL"}},
}

// livedInSkus is an enterprise tenant that licenses its makers.
var livedInSkus = []sku{
	{"6fd2c87f-b296-42f0-b197-1e91e994b900", "ENTERPRISEPACK", 120, 97, []string{"EXCHANGE_S_ENTERPRISE", "POWERAPPS_O365_P2", "FLOW_O365_P2"}},
	{"b30411f5-fea1-4a59-9ad9-3db7c7ead579", "POWERAPPS_PER_USER", 25, 18, []string{"DYN365_CDS_P2", "POWERAPPS_PER_USER", "Flow_PowerApps_PerUser"}},
}

func (s *Service) listSubscribedSkus(g *graphReq) reply {
	skus := freshSkus
	if s.env.LivedIn() {
		skus = livedInSkus
	}
	var items []rendered
	for i, k := range skus {
		var plans []any
		for _, p := range k.plans {
			plans = append(plans, map[string]any{"servicePlanName": p, "provisioningStatus": "Success", "appliesTo": "User"})
		}
		items = append(items, rendered{int64(i), map[string]any{
			"id": g.t.ID + "_" + k.id, "skuId": k.id, "skuPartNumber": k.partNumber, "appliesTo": "User",
			"capabilityStatus": "Enabled", "consumedUnits": k.used, "accountName": g.t.Domain, "accountId": g.t.ID,
			"prepaidUnits":    map[string]any{"enabled": k.enabled, "suspended": 0, "warning": 0, "lockedOut": 0},
			"servicePlans":    plans,
			"subscriptionIds": []any{},
		}})
	}
	return g.listReply("subscribedSkus", items)
}
