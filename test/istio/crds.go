package main

import (
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	metadatafake "k8s.io/client-go/metadata/fake"
	k8stesting "k8s.io/client-go/testing"
	"sigs.k8s.io/gateway-api/pkg/consts"

	kubelib "istio.io/istio/pkg/kube"
)

// bundleVersioned makes the Gateway API CRDs the fake server installs carry the bundle-version
// annotation the Gateway API release puts on them. istiod ignores a Gateway API CRD without it (or
// below the version it needs: GRPCRoute, TLSRoute, TCPRoute, BackendTLSPolicy), and Istio's fake
// server installs them bare, so without this GRPCRoutes, TLSRoutes and TCPRoutes are never seen.
func bundleVersioned(c kubelib.Client) {
	fmc, ok := c.Metadata().(*metadatafake.FakeMetadataClient)
	if !ok {
		return
	}
	fmc.PrependReactor("*", "customresourcedefinitions", func(a k8stesting.Action) (bool, runtime.Object, error) {
		var obj runtime.Object
		switch act := a.(type) {
		case k8stesting.CreateAction:
			obj = act.GetObject()
		case k8stesting.UpdateAction:
			obj = act.GetObject()
		}
		if m, ok := obj.(*metav1.PartialObjectMetadata); ok && strings.HasSuffix(m.Name, ".gateway.networking.k8s.io") {
			if m.Annotations == nil {
				m.Annotations = map[string]string{}
			}
			m.Annotations[consts.BundleVersionAnnotation] = consts.BundleVersion
		}
		return false, nil, nil
	})
}
