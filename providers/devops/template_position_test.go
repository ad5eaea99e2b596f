package devops

import "testing"

// Releases compare by the month and year their names carry, and only
// within one product; a tag not named as a release is never "older", so
// apply never moves main on a guess.
func TestReleaseOlderComparesTheAcceleratorsReleaseNames(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"CenterofExcellenceALMAccelerator-October2023", "CenterofExcellenceALMAccelerator-March2024", true},
		{"refs/tags/CenterofExcellenceALMAccelerator-October2023", "CenterofExcellenceALMAccelerator-March2024", true},
		{"CenterofExcellenceALMAccelerator-March2024", "CenterofExcellenceALMAccelerator-October2023", false},
		{"CenterofExcellenceALMAccelerator-March2024", "CenterofExcellenceALMAccelerator-March2024", false},
		{"ALMAcceleratorForAdvancedMakers-July2021", "CenterofExcellenceALMAccelerator-March2024", false},
		{"v1.2", "CenterofExcellenceALMAccelerator-March2024", false},
		{"CenterofExcellenceALMAccelerator-October2023", "our-fork-v2", false},
	} {
		if got := ReleaseOlder(tc.a, tc.b); got != tc.want {
			t.Errorf("ReleaseOlder(%s, %s) = %t, want %t", tc.a, tc.b, got, tc.want)
		}
	}
}
