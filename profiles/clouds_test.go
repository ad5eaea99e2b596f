package profiles

import (
	"errors"
	"strings"
	"testing"
)

// inCloud moves the enterprise preset's environments to cloud's Dataverse hosts.
func inCloud(t *testing.T, cloud string) *Profile {
	t.Helper()
	p, err := Preset("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	p.Cloud = cloud
	var suffix string
	for _, s := range Clouds[cloud].DataverseSuffixes {
		suffix = s
	}
	for i, e := range p.Environments {
		if e.URL != "" {
			p.Environments[i].URL = strings.Replace(e.URL, ".crm.dynamics.com", suffix, 1)
		}
	}
	return p
}

func TestValidateSaysWhichCloudsAzureDevOpsServes(t *testing.T) {
	cases := []struct {
		cloud string
		want  string // in the one problem, at "cloud"; empty: valid
	}{
		{"public", ""},
		{"usgov", ""},
		{"usgov-high", "login.microsoftonline.us"},
		{"dod", "login.microsoftonline.us"},
		{"china", "login.chinacloudapi.cn"},
	}
	for _, tc := range cases {
		t.Run(tc.cloud, func(t *testing.T) {
			err := inCloud(t, tc.cloud).Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("the %s cloud is refused: %v", tc.cloud, err)
				}
				return
			}
			var ie *InvalidError
			if !errors.As(err, &ie) || ie.ExitCode() != 2 || len(ie.Problems) != 1 {
				t.Fatalf("err = %v, want one problem (exit 2)", err)
			}
			msg := ie.Problems[0].Message
			if ie.Problems[0].Path != "cloud" || !strings.Contains(msg, tc.want) || !strings.Contains(msg, "public and usgov (GCC)") {
				t.Errorf("problem = %s, want it at cloud, naming %s and the clouds that work", ie.Problems[0], tc.want)
			}
		})
	}
}

func TestEveryCloudNamesItsHosts(t *testing.T) {
	for name, c := range Clouds {
		if c.LoginHost == "" || c.GraphHost == "" || c.PowerApps == "" || c.PowerPlatformAdmin == "" {
			t.Errorf("%s lacks a host: %+v", name, c)
		}
		if (c.DevOpsHost == "") == (c.DevOpsUnsupported == "") {
			t.Errorf("%s: an Azure DevOps host %q or a reason it has none %q, exactly one", name, c.DevOpsHost, c.DevOpsUnsupported)
		}
		if c.DevOpsHost != "" && c.LoginHost != "login.microsoftonline.com" {
			t.Errorf("%s pairs dev.azure.com with the sign-in at %s, which Azure DevOps never accepts", name, c.LoginHost)
		}
	}
}
