package auth

import (
	"fmt"
	"os"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
)

// servicePrincipal is the application identity named by the AZURE_*
// variables, as azidentity's EnvironmentCredential reads them.
type servicePrincipal struct {
	tenant, clientID, secret, certPath, certPassword string
}

// servicePrincipalFromEnv returns the service principal the environment
// names, or nil when AZURE_CLIENT_ID has neither a secret nor a certificate.
func servicePrincipalFromEnv(getenv func(string) string) *servicePrincipal {
	sp := &servicePrincipal{
		tenant: getenv("AZURE_TENANT_ID"), clientID: getenv("AZURE_CLIENT_ID"),
		secret: getenv("AZURE_CLIENT_SECRET"), certPath: getenv("AZURE_CLIENT_CERTIFICATE_PATH"),
		certPassword: getenv("AZURE_CLIENT_CERTIFICATE_PASSWORD"),
	}
	if sp.clientID == "" || sp.secret == "" && sp.certPath == "" {
		return nil
	}
	return sp
}

// credential is the MSAL credential: the secret, or the PEM certificate
// with its private key.
func (sp *servicePrincipal) credential() (confidential.Credential, error) {
	if sp.secret != "" {
		return confidential.NewCredFromSecret(sp.secret)
	}
	pem, err := os.ReadFile(sp.certPath)
	if err != nil {
		return confidential.Credential{}, fmt.Errorf("read AZURE_CLIENT_CERTIFICATE_PATH: %w", err)
	}
	certs, key, err := confidential.CertFromPEM(pem, sp.certPassword)
	if err != nil {
		return confidential.Credential{}, fmt.Errorf("read the certificate in AZURE_CLIENT_CERTIFICATE_PATH (PEM with its private key): %w", err)
	}
	return confidential.NewCredFromCert(certs, key)
}
