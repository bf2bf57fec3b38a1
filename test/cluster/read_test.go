package main

import (
	"os"
	"path/filepath"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func TestReadObjects(t *testing.T) {
	tests := []struct {
		name    string
		content string
		sources []string
		kinds   []string
		issues  int
	}{
		{
			// A separator right after another yields no document, so it takes no index.
			name:    "multi-document YAML skips empty and comment-only documents",
			content: "# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n",
			sources: []string{"#1", "#2"},
			kinds:   []string{"Namespace", "ConfigMap"},
		},
		{
			name:    "List kinds are flattened with the item index",
			content: "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: p}}\n- {apiVersion: v1, kind: Service, metadata: {name: s}}\n",
			sources: []string{"#0[0]", "#0[1]"},
			kinds:   []string{"Pod", "Service"},
		},
		{
			name:    "JSON is read too",
			content: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"}}`,
			sources: []string{"#0"},
			kinds:   []string{"ConfigMap"},
		},
		{
			name:    "a document without kind is an issue, the others still load",
			content: "apiVersion: v1\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: y}\n",
			sources: []string{"#1"},
			kinds:   []string{"Secret"},
			issues:  1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "objects.yaml")
			if err := os.WriteFile(file, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			items, issues, err := readObjects(file)
			if err != nil {
				t.Fatal(err)
			}
			if len(issues) != tt.issues {
				t.Errorf("issues = %v, want %d", issues, tt.issues)
			}
			if len(items) != len(tt.kinds) {
				t.Fatalf("got %d objects, want %d", len(items), len(tt.kinds))
			}
			for i, it := range items {
				if it.obj.GetKind() != tt.kinds[i] || it.source != file+tt.sources[i] {
					t.Errorf("object %d = %s from %s, want %s from %s", i, it.obj.GetKind(), it.source, tt.kinds[i], file+tt.sources[i])
				}
			}
		})
	}
}

func TestDropClusterIP(t *testing.T) {
	tests := []struct {
		kind, ip string
		dropped  bool
	}{
		{"Service", "172.20.0.5", true},
		{"Service", "None", false},
		{"Service", "", false},
		{"Pod", "172.20.0.5", false},
	}
	for _, tt := range tests {
		obj := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": tt.kind, "spec": map[string]any{}}}
		if tt.ip != "" {
			obj.Object["spec"].(map[string]any)["clusterIP"] = tt.ip
		}
		if got := dropClusterIP(obj); got != tt.dropped {
			t.Errorf("%s %q: dropped = %v, want %v", tt.kind, tt.ip, got, tt.dropped)
		}
		_, still, _ := unstructured.NestedString(obj.Object, "spec", "clusterIP")
		if tt.dropped && still {
			t.Errorf("%s %q: clusterIP still set", tt.kind, tt.ip)
		}
	}
}
