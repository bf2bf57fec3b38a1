package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Load phases: namespaces, then CRDs (waited for), then the rest with built-in kinds before custom resources.
const (
	phaseNamespace = iota
	phaseCRD
	phaseRest
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
		p := phaseRest
		switch gvk := it.obj.GroupVersionKind(); {
		case gvk.Group == "" && gvk.Kind == "Namespace":
			p = phaseNamespace
		case gvk.Group == "apiextensions.k8s.io" && gvk.Kind == "CustomResourceDefinition":
			p = phaseCRD
		}
		byPhase[p] = append(byPhase[p], it)
	}
	if err := a.refresh(); err != nil {
		return 0, err
	}
	applyAll := func(list []item) {
		for _, f := range applyConcurrently(ctx, a, list) {
			failures++
			fmt.Fprintf(os.Stderr, "load: %s: %s: %v\n", f.it.source, describe(f.it.obj), f.err)
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
	var builtin, customResources []item
	for _, it := range byPhase[phaseRest] {
		if custom[it.obj.GroupVersionKind().GroupKind()] {
			customResources = append(customResources, it)
		} else {
			builtin = append(builtin, it)
		}
	}
	applyAll(builtin)
	applyAll(customResources)
	logf("loaded %d objects, %d failed", len(items), failures)
	return failures, ctx.Err()
}

type failure struct {
	it  item
	err error
}

// applyConcurrently applies items with a few workers (objects of one phase do not depend on each
// other) and returns the failures in input order.
func applyConcurrently(ctx context.Context, a *applier, items []item) []failure {
	const workers = 8
	errs := make([]error, len(items))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = a.apply(ctx, items[i].obj)
			}
		}()
	}
	for i := range items {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	var failures []failure
	for i, err := range errs {
		if err != nil {
			failures = append(failures, failure{items[i], err})
		}
	}
	return failures
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
