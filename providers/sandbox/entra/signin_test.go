package entra_test

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"

	"almwiz/providers/sandbox/emulator"
)

const devopsScope = emulator.AudienceDevOps + "/.default"

func TestDeviceCodeSignInGivesAdminTokenForTheResource(t *testing.T) {
	h := newHarness(t)
	res := h.deviceCodeToken(h.publicClient(tenantDomain, ""), devopsScope)
	if res.Account.PreferredUsername != "admin@"+tenantDomain {
		t.Errorf("account = %q, want the tenant admin", res.Account.PreferredUsername)
	}
	c, err := emulator.NewTokenIssuer(nil, nil).Parse(res.AccessToken, "")
	if err == nil {
		t.Fatalf("a token verified with another key: %+v", c)
	}
	claims := parseClaims(t, res.AccessToken)
	if claims.Audience != emulator.AudienceDevOps || claims.Scopes != "user_impersonation" || claims.Tenant == "" {
		t.Errorf("claims = %+v, want DevOps audience and user_impersonation", claims)
	}
}

func TestDeviceCodeStaysPendingUntilApprovedOnThePage(t *testing.T) {
	h := newHarness(t)
	h.approval.Store(-1) // no auto-approval
	code, body := postForm(t, h, "/login/"+tenantDomain+"/oauth2/v2.0/devicecode", "client_id=c1&scope=openid+"+devopsScope)
	if code != 200 || body["verification_uri"] != h.srv.URL+"/devicelogin" || body["expires_in"].(float64) <= 0 {
		t.Fatalf("devicecode = %d %v", code, body)
	}
	tokenPath := "/login/" + tenantDomain + "/oauth2/v2.0/token"
	redeem := "grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id=c1&device_code=" + body["device_code"].(string)
	if code, got := postForm(t, h, tokenPath, redeem); code != 400 || got["error"] != "authorization_pending" {
		t.Fatalf("before approval = %d %v, want authorization_pending", code, got)
	}
	resp, err := h.srv.Client().PostForm(h.srv.URL+"/devicelogin", url.Values{"code": {body["user_code"].(string)}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("approval page: %v", err)
	}
	resp.Body.Close()
	if code, got := postForm(t, h, tokenPath, redeem); code != 200 || got["refresh_token"] == nil {
		t.Fatalf("after approval (urn grant) = %d %v", code, got)
	}
	if code, got := postForm(t, h, tokenPath, redeem); code != 400 || got["error"] != "invalid_grant" {
		t.Errorf("redeeming twice = %d %v, want invalid_grant", code, got)
	}
}

func TestDeviceCodeExpiresAfterFifteenMinutes(t *testing.T) {
	h := newHarness(t)
	h.approval.Store(-1)
	_, body := postForm(t, h, "/login/"+tenantDomain+"/oauth2/v2.0/devicecode", "client_id=c1&scope="+devopsScope)
	h.advance(16 * time.Minute)
	code, got := postForm(t, h, "/login/"+tenantDomain+"/oauth2/v2.0/token", "grant_type=device_code&client_id=c1&device_code="+body["device_code"].(string))
	if code != 400 || got["error"] != "expired_token" {
		t.Errorf("= %d %v, want expired_token", code, got)
	}
}

func TestSilentSignInFromPersistedCacheNeedsNoDeviceCode(t *testing.T) {
	h := newHarness(t)
	path := filepath.Join(t.TempDir(), "msal.json")
	h.deviceCodeToken(h.publicClient(tenantDomain, path), devopsScope)
	pc := h.publicClient(tenantDomain, path) // a new process reading the same file
	accts, err := pc.Accounts(context.Background())
	if err != nil || len(accts) != 1 {
		t.Fatalf("accounts = %v, %v; want one", accts, err)
	}
	before := h.tokens.Load()
	res, err := pc.AcquireTokenSilent(context.Background(), []string{devopsScope}, public.WithSilentAccount(accts[0]))
	if err != nil || res.AccessToken == "" {
		t.Fatalf("silent: %v", err)
	}
	if h.tokens.Load() != before {
		t.Errorf("silent sign-in with a valid cached token called the token endpoint")
	}
}

func TestExpiredAccessTokenIsRefreshedSilently(t *testing.T) {
	h := newHarness(t)
	h.lifetime.Store(int64(2 * time.Minute)) // MSAL does not cache tokens this short
	pc := h.publicClient(tenantDomain, filepath.Join(t.TempDir(), "msal.json"))
	first := h.deviceCodeToken(pc, devopsScope)
	accts, _ := pc.Accounts(context.Background())
	before := h.tokens.Load()
	res, err := pc.AcquireTokenSilent(context.Background(), []string{devopsScope}, public.WithSilentAccount(accts[0]))
	if err != nil {
		t.Fatalf("silent refresh: %v", err)
	}
	if h.tokens.Load() != before+1 || !res.ExpiresOn.After(first.ExpiresOn.Add(-time.Second)) {
		t.Errorf("token calls %d -> %d, expires %v -> %v: want one refresh_token call", before, h.tokens.Load(), first.ExpiresOn, res.ExpiresOn)
	}
}

func TestClientSecretFromGraphSignsTheAppIn(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	app := h.mustCall(admin, "POST", "/applications", map[string]any{"displayName": "ALMAcceleratorServicePrincipal"}, 201)
	h.mustCall(admin, "POST", "/servicePrincipals", map[string]any{"appId": app["appId"]}, 201)
	pw := h.mustCall(admin, "POST", "/applications/"+app["id"].(string)+"/addPassword", map[string]any{"passwordCredential": map[string]any{"displayName": "almwiz"}}, 200)
	appID, secret := app["appId"].(string), pw["secretText"].(string)

	tests := []struct {
		name, appID, secret, wantErr string
	}{
		{"the secret from addPassword works", appID, secret, ""},
		{"a wrong secret is invalid_client", appID, "not-the-secret", "invalid_client"},
		{"an unknown app is AADSTS700016", newGUID(), secret, "700016"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cred, _ := confidential.NewCredFromSecret(tc.secret)
			cc, err := confidential.New(h.authority(tenantDomain), tc.appID, cred,
				confidential.WithHTTPClient(h.srv.Client()), confidential.WithInstanceDiscovery(false))
			if err != nil {
				t.Fatal(err)
			}
			res, err := cc.AcquireTokenByCredential(context.Background(), []string{"https://graph.microsoft.com/.default"})
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("sign-in: %v", err)
				}
				if c := parseClaims(t, res.AccessToken); !c.IsApp() || c.AppID != tc.appID {
					t.Errorf("claims = %+v, want an app token for %s", c, tc.appID)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want %s", err, tc.wantErr)
			}
		})
	}
}

func TestRefreshTokenUnknownIsInvalidGrant(t *testing.T) {
	h := newHarness(t)
	code, body := postForm(t, h, "/login/"+tenantDomain+"/oauth2/v2.0/token", "grant_type=refresh_token&client_id=c1&refresh_token=nope")
	if code != 400 || body["error"] != "invalid_grant" || !strings.Contains(body["error_description"].(string), "AADSTS700082") {
		t.Errorf("= %d %v", code, body)
	}
}

func TestRefreshTokenExpiresAfterNinetyDays(t *testing.T) {
	h := newHarness(t)
	_, dc := postForm(t, h, "/login/"+tenantDomain+"/oauth2/v2.0/devicecode", "client_id=c1&scope="+devopsScope)
	h.advance(time.Second)
	_, tok := postForm(t, h, "/login/"+tenantDomain+"/oauth2/v2.0/token", "grant_type=device_code&client_id=c1&device_code="+str(dc["device_code"]))
	refresh := "grant_type=refresh_token&client_id=c1&refresh_token=" + str(tok["refresh_token"])
	if code, got := postForm(t, h, "/login/"+tenantDomain+"/oauth2/v2.0/token", refresh); code != 200 {
		t.Fatalf("fresh refresh token = %d %v", code, got)
	}
	h.advance(91 * 24 * time.Hour)
	if code, got := postForm(t, h, "/login/"+tenantDomain+"/oauth2/v2.0/token", refresh); code != 400 || got["error"] != "invalid_grant" {
		t.Errorf("refresh after 91 days = %d %v, want invalid_grant", code, got)
	}
}
