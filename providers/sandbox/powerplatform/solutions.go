package powerplatform

import (
	"strconv"
	"strings"
	"time"
)

// solutionHooks: solutions are listed and read with their publisher; they
// change only through imports, and deleting one uninstalls its components.
func solutionHooks() tableHooks {
	return tableHooks{
		remove: func(d *dvRequest, row record) error {
			d.org.uninstall(row.str("solutionid"))
			return nil
		},
		expand: map[string]func(*dvRequest, record, []string) any{
			"publisherid": func(d *dvRequest, row record, sel []string) any {
				if p := d.org.get("publishers", row.str("_publisherid_value")); p != nil {
					return project(p, "publisherid", sel)
				}
				return nil
			},
		},
	}
}

// solutionByName finds an installed solution by unique name.
func (o *org) solutionByName(name string) record {
	for _, s := range o.Tables["solutions"] {
		if strings.EqualFold(s.str("uniquename"), name) {
			return s
		}
	}
	return nil
}

// upsertSolution records pkg as installed and returns its solution row.
func (o *org) upsertSolution(pkg *solutionPackage, now time.Time) record {
	pub := o.upsertPublisher(pkg, now)
	sol := o.solutionByName(pkg.UniqueName)
	if sol == nil {
		sol = o.insert("solutions", record{"uniquename": pkg.UniqueName, "isvisible": true}, now)
	}
	sol["friendlyname"], sol["version"], sol["ismanaged"] = pkg.FriendlyName, pkg.Version, pkg.Managed
	sol["installedon"], sol["modifiedon"], sol["_publisherid_value"] = isoTime(now), isoTime(now), pub.str("publisherid")
	o.touch(sol)
	return sol
}

func (o *org) upsertPublisher(pkg *solutionPackage, now time.Time) record {
	for _, p := range o.Tables["publishers"] {
		if strings.EqualFold(p.str("uniquename"), pkg.Publisher) {
			return p
		}
	}
	return o.insert("publishers", record{"uniquename": pkg.Publisher, "friendlyname": pkg.Publisher,
		"customizationprefix": pkg.Prefix}, now)
}

// uninstall removes a solution and every component it brought.
func (o *org) uninstall(solutionID string) {
	o.forgetSolutionComponents(solutionID)
	for _, set := range []string{"roles", "canvasapps", "connectors", "connectionreferences", "workflows"} {
		for _, row := range o.find(set, func(r record) bool { return strings.EqualFold(r.str("solutionid"), solutionID) }) {
			o.remove(set, row.str(entitySets[set].Key))
		}
	}
}

// olderVersion reports whether version a is lower than b (dotted numbers).
func olderVersion(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		na, nb := versionPart(pa, i), versionPart(pb, i)
		if na != nb {
			return na < nb
		}
	}
	return false
}

func versionPart(parts []string, i int) int {
	if i >= len(parts) {
		return 0
	}
	n, _ := strconv.Atoi(parts[i])
	return n
}
