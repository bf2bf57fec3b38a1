package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Bundles under the --crds root. Gateway API uses the experimental channel: a superset of standard
// that also serves the fields (such as HTTPRoute retry) the product may write.
const (
	gatewayAPIBundle = "gateway-api-v1.6.1/experimental"
	istioBundle      = "istio-1.30.3/crd-all.gen.yaml"
)

// crdBundleFiles returns the files of the CRD families not skipped.
func crdBundleFiles(root string, skip map[string]bool) ([]string, error) {
	var files []string
	if !skip[crdFamilyGateway] {
		matches, err := filepath.Glob(filepath.Join(root, gatewayAPIBundle, "*.yaml"))
		if err != nil {
			return nil, err
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("no Gateway API CRDs in %s", filepath.Join(root, gatewayAPIBundle))
		}
		for _, m := range matches {
			if filepath.Base(m) != "kustomization.yaml" {
				files = append(files, m)
			}
		}
	}
	if !skip[crdFamilyIstio] {
		files = append(files, filepath.Join(root, istioBundle))
	}
	sort.Strings(files)
	return files, nil
}

// installCRDs creates the CRDs (and the Gateway API's ValidatingAdmissionPolicy that guards them)
// and waits until each is Established and its resources are in discovery.
func installCRDs(ctx context.Context, a *applier, root string, skip map[string]bool) error {
	files, err := crdBundleFiles(root, skip)
	if err != nil {
		return err
	}
	var crds, others []item
	for _, file := range files {
		items, issues, err := readObjects(file)
		if err != nil {
			return err
		}
		if len(issues) > 0 {
			return fmt.Errorf("%s: %v", issues[0].source, issues[0].err)
		}
		for _, it := range items {
			if it.obj.GetKind() == "CustomResourceDefinition" {
				crds = append(crds, it)
			} else {
				others = append(others, it)
			}
		}
	}
	// The admission policy first: it is what a real install has in place when CRDs are upgraded.
	for _, it := range others {
		if err := a.apply(ctx, it.obj); err != nil {
			return fmt.Errorf("%s: %s: %w", it.source, describe(it.obj), err)
		}
	}
	names := make([]string, 0, len(crds))
	for _, it := range crds {
		if err := a.apply(ctx, it.obj); err != nil {
			return fmt.Errorf("%s: %s: %w", it.source, describe(it.obj), err)
		}
		names = append(names, it.obj.GetName())
	}
	if err := waitCRDsServed(ctx, a, names); err != nil {
		return err
	}
	logf("installed %d CRDs", len(names))
	return nil
}

// waitCRDsServed waits until every named CRD is Established and discovery lists each served version.
func waitCRDsServed(ctx context.Context, a *applier, names []string) error {
	deadline := time.Now().Add(90 * time.Second)
	pending := slices.Clone(names)
	var last error
	for len(pending) > 0 && time.Now().Before(deadline) {
		var still []string
		for _, name := range pending {
			if err := crdServed(ctx, a.c, name); err != nil {
				last = err
				still = append(still, name)
			}
		}
		pending = still
		if len(pending) == 0 {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
	if len(pending) > 0 {
		return fmt.Errorf("%d CRDs not served after 90s (%v): %v", len(pending), pending, last)
	}
	return a.refresh()
}

func crdServed(ctx context.Context, c *clients, name string) error {
	crd, err := c.ext.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	if !crdCondition(crd, apiextensionsv1.Established) || !crdCondition(crd, apiextensionsv1.NamesAccepted) {
		return fmt.Errorf("%s not established", name)
	}
	for _, v := range crd.Spec.Versions {
		if !v.Served {
			continue
		}
		// Uncached discovery: the cached client would hide a version that appeared since.
		list, err := c.kube.Discovery().ServerResourcesForGroupVersion(crd.Spec.Group + "/" + v.Name)
		if err != nil {
			return fmt.Errorf("%s %s: %w", name, v.Name, err)
		}
		found := false
		for _, r := range list.APIResources {
			if r.Name == crd.Spec.Names.Plural {
				found = true
			}
		}
		if !found {
			return fmt.Errorf("%s %s not in discovery yet", name, v.Name)
		}
	}
	return nil
}

func crdCondition(crd *apiextensionsv1.CustomResourceDefinition, t apiextensionsv1.CustomResourceDefinitionConditionType) bool {
	for _, c := range crd.Status.Conditions {
		if c.Type == t && c.Status == apiextensionsv1.ConditionTrue {
			return true
		}
	}
	return false
}
