package entra

// GraphRouteTemplates lists every Graph route as "METHOD /path", paths as
// the OpenAPI description writes them.
func GraphRouteTemplates() []string {
	var out []string
	for _, rt := range graphRoutes {
		out = append(out, rt.Method+" "+rt.Path)
	}
	return out
}

// GraphRouteOf names the route a Graph request (path after /v1.0) reaches.
func GraphRouteOf(method, path string) (string, bool) {
	rt, _, _ := matchRoute(method, path)
	if rt == nil {
		return "", false
	}
	return rt.Method + " " + rt.Path, true
}
