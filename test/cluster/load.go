package main

import (
	"context"
	"fmt"
	"os"
	"sort"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Load phases: namespaces, then CRDs (waited for), then the rest with built-in kinds before custom resources.
const (
	phaseNamespace = iota
	phaseCRD
	phaseBuiltin
)

// loadPaths creates every object found under paths and returns how many failed; each failure is
// printed to stderr with its file and document index. err is only for failures to read a path.
func loadPaths(ctx context.Context, a *applier, paths []string) (int, error) {
	var items []item
	failures := 0
	for _, path := range paths {
		files, err := objectFiles(path)
		if err != nil {
			return 0, err
		}
		for _, file := range files {
			got, issues, err := readObjects(file)
			if err != nil {
				return 0, err
			}
			for _, issue := range issues {
				failures++
				fmt.Fprintf(os.Stderr, "load: %s: %v\n", issue.source, issue.err)
			}
			items = append(items, got...)
		}
	}

	byPhase := map[int][]item{}
	for _, it := range items {
		p := phaseBuiltin
		switch gvk := it.obj.GroupVersionKind(); {
		case gvk.Group == "" && gvk.Kind == "Namespace":
			p = phaseNamespace
		case gvk.Group == "apiextensions.k8s.io" && gvk.Kind == "CustomResourceDefinition":
			p = phaseCRD
		}
		byPhase[p] = append(byPhase[p], it)
	}
	applyAll := func(list []item) {
		for _, it := range list {
			if ctx.Err() != nil {
				return
			}
			if err := a.apply(ctx, it.obj); err != nil {
				failures++
				fmt.Fprintf(os.Stderr, "load: %s: %s: %v\n", it.source, describe(it.obj), err)
			}
		}
	}
	applyAll(byPhase[phaseNamespace])
	applyAll(byPhase[phaseCRD])
	if len(byPhase[phaseCRD]) > 0 {
		var names []string
		for _, it := range byPhase[phaseCRD] {
			names = append(names, it.obj.GetName())
		}
		if err := waitCRDsServed(ctx, a, names); err != nil {
			fmt.Fprintf(os.Stderr, "load: %v\n", err)
		}
	}

	custom, err := crdKinds(ctx, a.c)
	if err != nil {
		return 0, err
	}
	rest := byPhase[phaseBuiltin]
	sort.SliceStable(rest, func(i, j int) bool {
		return !custom[rest[i].obj.GroupVersionKind().GroupKind()] && custom[rest[j].obj.GroupVersionKind().GroupKind()]
	})
	applyAll(rest)
	logf("loaded %d objects, %d failed", len(items), failures)
	return failures, ctx.Err()
}

// crdKinds lists the kinds served through CRDs, so built-in kinds can be created before them.
func crdKinds(ctx context.Context, c *clients) (map[schema.GroupKind]bool, error) {
	list, err := c.ext.ApiextensionsV1().CustomResourceDefinitions().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	kinds := map[schema.GroupKind]bool{}
	for _, crd := range list.Items {
		kinds[schema.GroupKind{Group: crd.Spec.Group, Kind: crd.Spec.Names.Kind}] = true
	}
	return kinds, nil
}
