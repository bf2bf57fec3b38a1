package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Bundles under the --crds root. Gateway API uses the experimental channel: a superset of standard
// that also serves the fields (such as HTTPRoute retry) the product may write.
const (
	gatewayAPIBundle = "gateway-api-v1.6.1/experimental"
	istioBundle      = "istio-1.30.3/crd-all.gen.yaml"
	certManagerDir   = "cert-manager-v1.21.1"
	metalLBDir       = "metallb-v0.16.1"
	// Policy CRDs of the Gateway implementations the converter can target.
	envoyGatewayDir = "envoy-gateway-v1.9.0"
	nginxGatewayDir = "nginx-gateway-fabric-v2.6.7"
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
		istio := filepath.Join(root, istioBundle)
		if _, err := os.Stat(istio); err != nil {
			return nil, fmt.Errorf("no Istio CRDs: %w", err)
		}
		files = append(files, istio)
	}
	for _, dir := range []struct{ family, path string }{
		{crdFamilyCertManager, certManagerDir},
		{crdFamilyMetalLB, metalLBDir},
		{crdFamilyEnvoyGateway, envoyGatewayDir},
		{crdFamilyNginxGateway, nginxGatewayDir},
	} {
		if skip[dir.family] {
			continue
		}
		matches, err := filepath.Glob(filepath.Join(root, dir.path, "*.yaml"))
		if err != nil {
			return nil, err
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("no %s CRDs in %s", dir.family, filepath.Join(root, dir.path))
		}
		files = append(files, matches...)
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
	if err := a.refresh(); err != nil {
		return err
	}
	// The admission policy first: it is what a real install has in place when CRDs are upgraded.
	for _, group := range [][]item{others, crds} {
		if failed := applyConcurrently(ctx, a, group); len(failed) > 0 {
			f := failed[0]
			return fmt.Errorf("%s: %s: %w", f.it.source, describe(f.it.obj), f.err)
		}
	}
	names := make([]string, 0, len(crds))
	for _, it := range crds {
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
	pending := names
	var last error
	for {
		pending, last = unservedCRDs(ctx, a.c, pending)
		if len(pending) == 0 {
			return a.refresh()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d CRDs not served after 90s (%v): %v", len(pending), pending, last)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// unservedCRDs returns the names among names that are not yet established or not in discovery.
func unservedCRDs(ctx context.Context, c *clients, names []string) ([]string, error) {
	list, err := c.ext.ApiextensionsV1().CustomResourceDefinitions().List(ctx, metav1.ListOptions{})
	if err != nil {
		return names, err
	}
	// Uncached discovery: the cached client would hide a version that appeared since.
	_, resources, err := c.kube.Discovery().ServerGroupsAndResources()
	if err != nil && len(resources) == 0 {
		return names, err
	}
	served := map[string]bool{}
	for _, rl := range resources {
		for _, r := range rl.APIResources {
			served[rl.GroupVersion+"/"+r.Name] = true
		}
	}
	byName := map[string]*apiextensionsv1.CustomResourceDefinition{}
	for i := range list.Items {
		byName[list.Items[i].Name] = &list.Items[i]
	}
	var pending []string
	var last error
	for _, name := range names {
		err := crdProblem(name, byName[name], served)
		if err == nil {
			err = listable(ctx, c, byName[name])
		}
		if err != nil {
			pending = append(pending, name)
			last = err
		}
	}
	return pending, last
}

// listable lists the CRD's resources once: right after a CRD is established its storage may
// still answer "storage is (re)initializing", which a client's first list must not see.
func listable(ctx context.Context, c *clients, crd *apiextensionsv1.CustomResourceDefinition) error {
	for _, v := range crd.Spec.Versions {
		if !v.Served {
			continue
		}
		gvr := schema.GroupVersionResource{Group: crd.Spec.Group, Version: v.Name, Resource: crd.Spec.Names.Plural}
		if _, err := c.dynamic.Resource(gvr).List(ctx, metav1.ListOptions{Limit: 1}); err != nil {
			return fmt.Errorf("%s: list: %w", crd.Name, err)
		}
		return nil
	}
	return nil
}

// crdProblem says why a CRD cannot be used yet, or nil when it is established and discoverable.
func crdProblem(name string, crd *apiextensionsv1.CustomResourceDefinition, served map[string]bool) error {
	if crd == nil {
		return fmt.Errorf("%s not found", name)
	}
	if !crdCondition(crd, apiextensionsv1.Established) || !crdCondition(crd, apiextensionsv1.NamesAccepted) {
		return fmt.Errorf("%s not established", name)
	}
	for _, v := range crd.Spec.Versions {
		if v.Served && !served[crd.Spec.Group+"/"+v.Name+"/"+crd.Spec.Names.Plural] {
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
