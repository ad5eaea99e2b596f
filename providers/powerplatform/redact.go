package powerplatform

import (
	"errors"
	"strings"

	"almwiz/providers/transport"
)

// redactSecret makes sure an error never carries secret, even if a service
// echoed it back in a message.
func redactSecret(err error, secret string) error {
	if err == nil || secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	var api *transport.APIError
	if errors.As(err, &api) {
		clean := *api
		clean.Message = strings.ReplaceAll(clean.Message, secret, "[redacted]")
		clean.Operation = strings.ReplaceAll(clean.Operation, secret, "[redacted]")
		if !strings.Contains(clean.Error(), secret) {
			return &clean
		}
	}
	return errors.New(strings.ReplaceAll(err.Error(), secret, "[redacted]"))
}
