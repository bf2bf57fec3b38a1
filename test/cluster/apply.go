package main

import (
	"context"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// applier creates or updates arbitrary objects through the dynamic client.
type applier struct {
	c *clients
	// statusOf holds the resources that have a /status subresource.
	statusOf map[schema.GroupVersionResource]bool
}

func newApplier(c *clients) *applier {
	return &applier{c: c}
}

// refresh re-reads discovery; call it before applying and again after CRDs were added.
func (a *applier) refresh() error {
	a.c.refreshDiscovery()
	_, lists, err := a.c.discovery.ServerGroupsAndResources()
	if err != nil && len(lists) == 0 {
		return err
	}
	a.statusOf = map[schema.GroupVersionResource]bool{}
	for _, list := range lists {
		gv, err := schema.ParseGroupVersion(list.GroupVersion)
		if err != nil {
			continue
		}
		for _, r := range list.APIResources {
			if base, ok := strings.CutSuffix(r.Name, "/status"); ok {
				a.statusOf[gv.WithResource(base)] = true
			}
		}
	}
	return nil
}

func (a *applier) mapping(obj *unstructured.Unstructured) (*meta.RESTMapping, error) {
	gvk := obj.GroupVersionKind()
	m, err := a.c.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		// The kind may have been added by a CRD since discovery was cached.
		a.c.mapper.Reset()
		m, err = a.c.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	return m, err
}

// apply creates obj, or updates it when it exists, then writes its status through /status when
// the file had one and the resource has that subresource (no kubelet or controller sets it here).
func (a *applier) apply(ctx context.Context, in *unstructured.Unstructured) error {
	obj := in.DeepCopy()
	m, err := a.mapping(obj)
	if err != nil {
		return err
	}
	status, hasStatus := obj.Object["status"].(map[string]any)
	hasStatus = hasStatus && len(status) > 0
	cleanForCreate(obj)

	api := a.c.dynamic.Resource(m.Resource)
	var ri dynamic.ResourceInterface = api
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		if obj.GetNamespace() == "" {
			obj.SetNamespace(metav1.NamespaceDefault)
		}
		ri = api.Namespace(obj.GetNamespace())
	} else {
		obj.SetNamespace("")
	}

	saved, err := ri.Create(ctx, obj, metav1.CreateOptions{})
	if apierrors.IsInvalid(err) && dropClusterIP(obj) {
		// A clusterIP from another cluster may be outside this one's service range.
		saved, err = ri.Create(ctx, obj, metav1.CreateOptions{})
	}
	if apierrors.IsAlreadyExists(err) {
		// Most kinds accept an update without resourceVersion; the rest get it read first.
		saved, err = ri.Update(ctx, obj, metav1.UpdateOptions{})
		if apierrors.IsInvalid(err) || apierrors.IsConflict(err) {
			current, getErr := ri.Get(ctx, obj.GetName(), metav1.GetOptions{})
			if getErr != nil {
				return getErr
			}
			obj.SetResourceVersion(current.GetResourceVersion())
			saved, err = ri.Update(ctx, obj, metav1.UpdateOptions{})
		}
	}
	if err != nil {
		return err
	}
	if !hasStatus || !a.statusOf[m.Resource] {
		return nil
	}
	saved.Object["status"] = status
	_, err = ri.UpdateStatus(ctx, saved, metav1.UpdateOptions{})
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	return nil
}

// cleanForCreate drops server-owned metadata that a create refuses or that belongs to another cluster.
func cleanForCreate(obj *unstructured.Unstructured) {
	obj.SetResourceVersion("")
	obj.SetUID("")
	obj.SetGeneration(0)
	obj.SetSelfLink("")
	obj.SetManagedFields(nil)
	obj.SetCreationTimestamp(metav1.Time{})
	obj.SetDeletionTimestamp(nil)
	obj.SetDeletionGracePeriodSeconds(nil)
}

// dropClusterIP removes a Service's fixed clusterIP(s); it reports whether there was one to drop.
func dropClusterIP(obj *unstructured.Unstructured) bool {
	if obj.GetKind() != "Service" || obj.GroupVersionKind().Group != "" {
		return false
	}
	ip, _, _ := unstructured.NestedString(obj.Object, "spec", "clusterIP")
	if ip == "" || ip == "None" {
		return false
	}
	unstructured.RemoveNestedField(obj.Object, "spec", "clusterIP")
	unstructured.RemoveNestedField(obj.Object, "spec", "clusterIPs")
	return true
}

func describe(obj *unstructured.Unstructured) string {
	name := obj.GetName()
	if ns := obj.GetNamespace(); ns != "" {
		name = ns + "/" + name
	}
	return fmt.Sprintf("%s %s", obj.GetKind(), name)
}
