package devops

import (
	"net/http"
	"slices"
	"time"
)

// installedExtension is a Marketplace extension installed in the organization.
type installedExtension struct {
	PublisherID   string    `json:"publisherId"`
	ExtensionID   string    `json:"extensionId"`
	PublisherName string    `json:"publisherName"`
	ExtensionName string    `json:"extensionName"`
	Version       string    `json:"version"`
	Installed     time.Time `json:"installedOn"`
}

// marketplace is what the sandbox knows of the extensions an install uses:
// display names and the version installed when none is asked for. Any other
// publisher/extension installs too, at version 1.0.0.
var marketplace = map[string][3]string{ // "publisher.extension" → publisher display, extension display, version
	"microsoft-isvexptools.powerplatform-buildtools": {"Microsoft", "Power Platform Build Tools", "2.0.94"},
	"qetza.replacetokens":                            {"Guillaume Rouchon", "Replace Tokens", "6.1.0"},
	"sariftools.scans":                               {"Microsoft DevLabs", "SARIF SAST Scans Tab", "2.1.4"},
}

func extensionRoutes() []route {
	const byName = "_apis/ExtensionManagement/InstalledExtensionsByName/{publisherName}/{extensionName}"
	return []route{
		{hostExtMgmt, http.MethodGet, byName, getExtension},
		{hostExtMgmt, http.MethodPost, byName, installExtension},
		{hostExtMgmt, http.MethodPost, byName + "/{version}", installExtension},
		{hostExtMgmt, http.MethodDelete, byName, uninstallExtension},
		{hostExtMgmt, http.MethodGet, "_apis/ExtensionManagement/InstalledExtensions", listExtensions},
	}
}

func (o *organization) extension(publisher, name string) *installedExtension {
	for _, e := range o.Extensions {
		if sameName(e.PublisherID, publisher) && sameName(e.ExtensionID, name) {
			return e
		}
	}
	return nil
}

func extensionJSON(e *installedExtension) map[string]any {
	return map[string]any{
		"publisherId": e.PublisherID, "publisherName": e.PublisherName, "extensionId": e.ExtensionID,
		"extensionName": e.ExtensionName, "version": e.Version, "flags": "none", "lastPublished": e.Installed,
		"installState":    map[string]any{"flags": "none", "lastUpdated": e.Installed},
		"baseUri":         "https://" + lower(e.PublisherID) + ".gallerycdn.vsassets.io/extensions/" + lower(e.PublisherID) + "/" + lower(e.ExtensionID) + "/" + e.Version,
		"fallbackBaseUri": "https://" + lower(e.PublisherID) + ".gallery.vsassets.io/_apis/public/gallery/publisher/" + e.PublisherID + "/extension/" + e.ExtensionID + "/" + e.Version + "/assetbyname",
		"manifestVersion": 1, "scopes": []string{}, "files": []any{}, "contributionTypes": []any{}, "contributions": []any{},
	}
}

func (q *request) extensionNotInstalled() {
	q.notFound("TF1590010: Extension "+q.param("publisherName")+"."+q.param("extensionName")+" is not installed in organization "+q.org.Name+".", "InstalledExtensionNotFoundException")
}

func getExtension(q *request) {
	e := q.org.extension(q.param("publisherName"), q.param("extensionName"))
	if e == nil {
		q.extensionNotInstalled()
		return
	}
	q.ok(extensionJSON(e))
}

func installExtension(q *request) {
	pub, ext := q.param("publisherName"), q.param("extensionName")
	if q.org.extension(pub, ext) != nil {
		q.conflict("TF1590011: Extension "+pub+"."+ext+" is already installed in organization "+q.org.Name+".", "ExtensionAlreadyInstalledException")
		return
	}
	info, known := marketplace[lower(pub+"."+ext)]
	if !known {
		info = [3]string{pub, ext, "1.0.0"}
	}
	e := &installedExtension{PublisherID: pub, ExtensionID: ext, PublisherName: info[0], ExtensionName: info[1],
		Version: orDefault(q.param("version"), info[2]), Installed: q.s.env.Now().UTC()}
	q.org.Extensions = append(q.org.Extensions, e)
	q.ok(extensionJSON(e))
}

func uninstallExtension(q *request) {
	e := q.org.extension(q.param("publisherName"), q.param("extensionName"))
	if e == nil {
		q.extensionNotInstalled()
		return
	}
	q.org.Extensions = slices.DeleteFunc(q.org.Extensions, func(x *installedExtension) bool { return x == e })
	q.w.WriteHeader(http.StatusNoContent)
}

func listExtensions(q *request) {
	var out []map[string]any
	for _, e := range q.org.Extensions {
		out = append(out, extensionJSON(e))
	}
	listOf(q, out)
}
