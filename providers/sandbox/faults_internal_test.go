package sandbox

import (
	"testing"
	"time"
)

func TestParseFaults(t *testing.T) {
	tests := []struct {
		spec    string
		wantErr bool
		want    faultPlan
	}{
		{"", false, faultPlan{}},
		{"429=10%,503=5%,500=1%,drop=2%,expire=5m", false, faultPlan{statuses: []statusChance{{429, 10}, {503, 5}, {500, 1}}, drop: 2, expire: 5 * time.Minute}},
		{"429=10", true, faultPlan{}},
		{"200=10%", true, faultPlan{}},
		{"expire=soon", true, faultPlan{}},
		{"429=60%,503=50%", true, faultPlan{}},
		{"junk", true, faultPlan{}},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			got, err := parseFaults(tc.spec)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if !tc.wantErr && !samePlan(got, tc.want) {
				t.Errorf("plan = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestSameSeedDrawsTheSameFaults(t *testing.T) {
	plan, _ := parseFaults("429=20%,503=20%,drop=10%")
	a, b, c := newInjector(plan, 7), newInjector(plan, 7), newInjector(plan, 8)
	same, differs := true, false
	for range 200 {
		x, y, z := a.draw(), b.draw(), c.draw()
		same = same && x == y
		differs = differs || x != z
	}
	if !same || !differs {
		t.Errorf("same seed reproduces: %v; another seed differs: %v", same, differs)
	}
}

func samePlan(a, b faultPlan) bool {
	if len(a.statuses) != len(b.statuses) || a.drop != b.drop || a.expire != b.expire {
		return false
	}
	for i := range a.statuses {
		if a.statuses[i] != b.statuses[i] {
			return false
		}
	}
	return true
}
