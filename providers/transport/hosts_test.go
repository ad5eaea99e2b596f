package transport

import "testing"

func TestContinuationLinksStayOnTheServicesHost(t *testing.T) {
	base := "https://graph.microsoft.com/v1.0"
	for link, ok := range map[string]bool{
		"https://graph.microsoft.com/v1.0/groups?$skiptoken=x": true,
		"https://GRAPH.microsoft.com/v1.0/groups":              true,
		"https://graph.microsoft.com.evil.example/v1.0":        false,
		"https://evil.example.com/v1.0/groups":                 false,
		"http://graph.microsoft.com/v1.0/groups":               false,
		"https://user:pw@graph.microsoft.com/v1.0":             false,
		"/v1.0/groups":                          false,
		"https://graph.microsoft.com:8443/v1.0": false,
	} {
		if err := CheckSameHost(base, link); (err == nil) != ok {
			t.Errorf("CheckSameHost(%q) = %v, want ok=%v", link, err, ok)
		}
	}
}
