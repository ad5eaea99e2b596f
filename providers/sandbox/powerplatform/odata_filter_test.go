package powerplatform

import "testing"

func TestFilterMatchesAsDataverseDoes(t *testing.T) {
	row := record{"name": "System Administrator", "_businessunitid_value": "AB12", "teamtype": float64(2),
		"isdisabled": false, "_parentbusinessunitid_value": nil, "uniquename": "O'Brien"}
	tests := []struct {
		filter string
		want   bool
	}{
		{"name eq 'system administrator'", true},
		{"name eq 'System Administrator' and _businessunitid_value eq ab12", true},
		{"name eq 'Basic User' or teamtype eq 2", true},
		{"name ne 'System Administrator'", false},
		{"parentbusinessunitid eq null", true},
		{"not (isdisabled eq true)", true},
		{"startswith(name,'System') and contains(name,'admin')", true},
		{"endswith(name,'User')", false},
		{"uniquename eq 'O''Brien'", true},
		{"(name eq 'x' or name eq 'y') and teamtype eq 2", false},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			pred, err := parseFilter(tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := pred(row); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFilterRejectsWhatItCannotParse(t *testing.T) {
	for _, f := range []string{"name eq 'open", "name gt 3", "name eq", "(name eq 'x'", "frobnicate(name,'x')", "name eq 'x' extra"} {
		t.Run(f, func(t *testing.T) {
			if _, err := parseFilter(f); err == nil {
				t.Fatal("parsed")
			}
		})
	}
}
