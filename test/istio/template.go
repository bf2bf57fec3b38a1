package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"istio.io/istio/pkg/config/mesh"
	"istio.io/istio/pkg/kube/inject"
)

// templatePath is Istio's waypoint template in the module this judge is built from
// (manifests/charts/istio-control/istio-discovery/files/waypoint.yaml in the Go module cache).
func templatePath() (string, error) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", fmt.Errorf("no build info")
	}
	version := ""
	for _, d := range info.Deps {
		if d.Path == "istio.io/istio" {
			version = d.Version
		}
	}
	if version == "" {
		return "", fmt.Errorf("istio.io/istio is not a dependency")
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		gopath := os.Getenv("GOPATH")
		if gopath == "" {
			home, _ := os.UserHomeDir()
			gopath = filepath.Join(home, "go")
		}
		cache = filepath.Join(strings.Split(gopath, string(os.PathListSeparator))[0], "pkg", "mod")
	}
	return filepath.Join(cache, "istio.io", "istio@"+version,
		"manifests", "charts", "istio-control", "istio-discovery", "files", "waypoint.yaml"), nil
}

// helmValues are the istio-discovery chart's defaults the waypoint template reads (image aside).
const helmValues = `global:
  hub: docker.io/istio
  tag: judge
  istioNamespace: istio-system
  pilotCertProvider: istiod
  trustDomain: cluster.local
  meshID: cluster.local
  logging:
    level: default:info
  proxy:
    clusterDomain: cluster.local
    logLevel: warning
    componentLogLevel: misc:error
revision: ""
`

func injectionConfig() (func() inject.WebhookConfig, error) {
	p, err := templatePath()
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("waypoint template: %v", err)
	}
	// The template of Gateways of class istio (ingress), beside waypoint.yaml.
	kubeGateway, err := os.ReadFile(filepath.Join(filepath.Dir(p), "kube-gateway.yaml"))
	if err != nil {
		return nil, fmt.Errorf("kube-gateway template: %v", err)
	}
	tmpl, err := inject.ParseTemplates(map[string]string{"waypoint": string(raw), "kube-gateway": string(kubeGateway)})
	if err != nil {
		return nil, err
	}
	vc, err := inject.NewValuesConfig(helmValues)
	if err != nil {
		return nil, err
	}
	return func() inject.WebhookConfig {
		return inject.WebhookConfig{Templates: tmpl, Values: vc, MeshConfig: mesh.DefaultMeshConfig()}
	}, nil
}
