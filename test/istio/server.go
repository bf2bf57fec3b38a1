package main

import (
	"fmt"
	"strings"

	"istio.io/istio/pilot/pkg/config/kube/crd"
	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pilot/test/xds"
	"istio.io/istio/pkg/config"
	kubelib "istio.io/istio/pkg/kube"
)

// objects splits YAML into the documents the fake server takes: Istio configs (validated as istiod's
// webhook would) and every decodable document for the fake Kubernetes client. Documents Istio refuses
// are returned as rejected and left out of both.
func objects(yaml string) ([]config.Config, string, []rejected) {
	var configs []config.Config
	var kube []string
	var refused []rejected
	decode := kubelib.IstioCodec.UniversalDeserializer().Decode
	for _, doc := range splitDocs(yaml) {
		if _, _, err := decode([]byte(doc), nil, nil); err != nil {
			refused = append(refused, rejected{Object: docName(doc), Reason: err.Error()})
			continue
		}
		parsed, _, err := crd.ParseInputs(doc)
		if err != nil {
			refused = append(refused, rejected{Object: docName(doc), Reason: err.Error()})
			continue
		}
		for i := range parsed {
			// What istiod's Kubernetes config store sets: short hosts resolve to <name>.<ns>.svc.cluster.local.
			parsed[i].Domain = "cluster.local"
		}
		configs = append(configs, parsed...)
		kube = append(kube, doc)
	}
	return configs, strings.Join(kube, "\n---\n"), refused
}

// splitDocs splits YAML documents joined by "\n---\n", skipping empty ones.
func splitDocs(yaml string) []string {
	var docs []string
	for _, doc := range strings.Split(yaml, "\n---\n") {
		if strings.TrimSpace(doc) != "" {
			docs = append(docs, doc)
		}
	}
	return docs
}

// docName is `Kind/namespace/name` of a YAML document, read loosely (the document may be invalid).
func docName(doc string) string {
	var kind, ns, name string
	inMeta := false
	for _, line := range strings.Split(doc, "\n") {
		switch {
		case strings.HasPrefix(line, "kind:"):
			kind = strings.TrimSpace(strings.TrimPrefix(line, "kind:"))
		case strings.HasPrefix(line, "metadata:"):
			inMeta = true
		case inMeta && strings.HasPrefix(line, "  name:") && name == "":
			name = strings.Trim(strings.TrimSpace(strings.TrimPrefix(line, "  name:")), `"'`)
		case inMeta && strings.HasPrefix(line, "  namespace:") && ns == "":
			ns = strings.Trim(strings.TrimSpace(strings.TrimPrefix(line, "  namespace:")), `"'`)
		case len(line) > 0 && line[0] != ' ':
			inMeta = false
		}
	}
	return kind + "/" + ns + "/" + name
}

// withServer starts Istio's fake discovery server on the side's objects, calls fn, and shuts it down.
// A failure inside Istio's fixtures becomes the returned error.
func withServer(s side, fn func(*xds.FakeDiscoveryServer) error) (refused []rejected, err error) {
	f := &failer{}
	defer f.done()
	defer func() {
		if r := recover(); r != nil {
			if ft, ok := r.(fatal); ok {
				err = fmt.Errorf("istio: %s", ft.msg)
				return
			}
			err = fmt.Errorf("istio panicked: %v", r)
		}
	}()
	configs, kube, refused := objects(s.YAML)
	srv := xds.NewFakeDiscoveryServer(f, xds.FakeOptions{Configs: configs, KubernetesObjectString: kube, KubeClientModifier: bundleVersioned})
	return refused, fn(srv)
}

// setupProxy builds the model.Proxy istiod would see for p.
func setupProxy(srv *xds.FakeDiscoveryServer, p proxy) *model.Proxy {
	t := model.SidecarProxy
	switch p.Type {
	case "router":
		t = model.Router
	case "waypoint":
		t = model.Waypoint
	}
	mp := &model.Proxy{
		Type:            t,
		ID:              p.Name + "." + p.Namespace,
		ConfigNamespace: p.Namespace,
		Labels:          p.Labels,
		IPAddresses:     []string{p.IP},
		Metadata: &model.NodeMetadata{
			Namespace: p.Namespace,
			Labels:    p.Labels,
			ClusterID: "Kubernetes",
		},
	}
	return srv.SetupProxy(mp)
}
