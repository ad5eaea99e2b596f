package entra

import "context"

// SubscribedSku is one commercial subscription of the tenant (Graph
// subscribedSku): its part number, e.g. POWERAPPS_PER_USER, and units.
type SubscribedSku struct {
	SkuPartNumber     string
	CapabilityStatus  string // Enabled, Warning, Suspended, Deleted, LockedOut
	EnabledUnits      int    // prepaidUnits.enabled
	ConsumedUnits     int
	ServicePlanNames  []string
	AppliesToUsers    bool
	HasAvailableUnits bool // enabled units not all consumed
}

type subscribedSkuWire struct {
	SkuPartNumber    string `json:"skuPartNumber"`
	CapabilityStatus string `json:"capabilityStatus"`
	AppliesTo        string `json:"appliesTo"`
	ConsumedUnits    int    `json:"consumedUnits"`
	PrepaidUnits     struct {
		Enabled int `json:"enabled"`
	} `json:"prepaidUnits"`
	ServicePlans []struct {
		ServicePlanName string `json:"servicePlanName"`
	} `json:"servicePlans"`
}

// SubscribedSkus lists the tenant's subscriptions (GET /subscribedSkus,
// Graph v1.0; Organization.Read.All or LicenseAssignment.Read.All).
func (c *Client) SubscribedSkus(ctx context.Context) ([]SubscribedSku, error) {
	ws, err := list[subscribedSkuWire](ctx, c, call{method: "GET", path: "/subscribedSkus", op: "read the tenant's licences", role: roleLicences})
	if err != nil {
		return nil, err
	}
	out := make([]SubscribedSku, 0, len(ws))
	for _, w := range ws {
		s := SubscribedSku{SkuPartNumber: w.SkuPartNumber, CapabilityStatus: w.CapabilityStatus,
			EnabledUnits: w.PrepaidUnits.Enabled, ConsumedUnits: w.ConsumedUnits, AppliesToUsers: w.AppliesTo == "User"}
		s.HasAvailableUnits = s.EnabledUnits > s.ConsumedUnits
		for _, p := range w.ServicePlans {
			s.ServicePlanNames = append(s.ServicePlanNames, p.ServicePlanName)
		}
		out = append(out, s)
	}
	return out, nil
}
