package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

var readVerbs = []string{"get", "list", "watch"}

// Groups whose resources come from the Istio and Gateway API CRDs.
var meshGroups = []string{
	"networking.istio.io", "security.istio.io", "extensions.istio.io", "telemetry.istio.io",
	"gateway.networking.k8s.io", "gateway.networking.x-k8s.io",
}

const (
	viewerRole    = "mesh-test:viewer"
	teamReadRole  = "mesh-test:team-cluster-read"
	meshAggregate = "mesh-test:aggregate-mesh-to-admin"
)

// viewerRules is read-only access to everything the product reads; Secrets are left out on purpose.
func viewerRules() []rbacv1.PolicyRule {
	return []rbacv1.PolicyRule{
		{APIGroups: []string{""}, Resources: []string{
			"namespaces", "pods", "services", "endpoints", "serviceaccounts", "configmaps", "nodes", "events",
		}, Verbs: readVerbs},
		{APIGroups: []string{"apps"}, Resources: []string{"*"}, Verbs: readVerbs},
		{APIGroups: []string{"discovery.k8s.io"}, Resources: []string{"endpointslices"}, Verbs: readVerbs},
		{APIGroups: []string{"apiextensions.k8s.io"}, Resources: []string{"customresourcedefinitions"}, Verbs: readVerbs},
		{APIGroups: meshGroups, Resources: []string{"*"}, Verbs: readVerbs},
	}
}

// ensureRBAC creates the roles and bindings of the viewer and team users, and waits until the
// built-in admin ClusterRole has been aggregated (team's RoleBinding refers to it).
func ensureRBAC(ctx context.Context, c *clients, teamNamespace string) error {
	roles := []*rbacv1.ClusterRole{
		{ObjectMeta: metav1.ObjectMeta{Name: viewerRole}, Rules: viewerRules()},
		{ObjectMeta: metav1.ObjectMeta{Name: teamReadRole}, Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"namespaces"}, Verbs: readVerbs},
			{APIGroups: []string{"apiextensions.k8s.io"}, Resources: []string{"customresourcedefinitions"}, Verbs: readVerbs},
		}},
		// Lets namespace admins (the team user) manage Istio and Gateway API objects, as a platform
		// team would grant; the built-in admin role knows nothing of these CRDs.
		{ObjectMeta: metav1.ObjectMeta{Name: meshAggregate, Labels: map[string]string{
			"rbac.authorization.k8s.io/aggregate-to-admin": "true",
			"rbac.authorization.k8s.io/aggregate-to-edit":  "true",
		}}, Rules: []rbacv1.PolicyRule{{APIGroups: meshGroups, Resources: []string{"*"}, Verbs: []string{"*"}}}},
	}
	for _, role := range roles {
		if err := upsert(ctx, c.kube.RbacV1().ClusterRoles(), role); err != nil {
			return err
		}
	}
	bindings := []*rbacv1.ClusterRoleBinding{
		clusterBinding(viewerRole, userViewer),
		clusterBinding(teamReadRole, userTeam),
	}
	for _, b := range bindings {
		if err := upsert(ctx, c.kube.RbacV1().ClusterRoleBindings(), b); err != nil {
			return err
		}
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: teamNamespace}}
	if _, err := c.kube.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	rb := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "mesh-test:team-admin", Namespace: teamNamespace},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "admin"},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: userTeam}},
	}
	if err := upsert(ctx, c.kube.RbacV1().RoleBindings(rb.Namespace), rb); err != nil {
		return err
	}
	return waitAdminAggregated(ctx, c)
}

func clusterBinding(role, user string) *rbacv1.ClusterRoleBinding {
	return &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: role},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}},
	}
}

// objectAPI is what the typed clients of ClusterRoles, ClusterRoleBindings and RoleBindings share.
type objectAPI[T metav1.Object] interface {
	Create(ctx context.Context, obj T, opts metav1.CreateOptions) (T, error)
	Get(ctx context.Context, name string, opts metav1.GetOptions) (T, error)
	Update(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error)
}

// upsert creates obj, or replaces the object of that name when it exists (a restart on kept data).
func upsert[T metav1.Object](ctx context.Context, api objectAPI[T], obj T) error {
	_, err := api.Create(ctx, obj, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		current, getErr := api.Get(ctx, obj.GetName(), metav1.GetOptions{})
		if getErr != nil {
			return getErr
		}
		obj.SetResourceVersion(current.GetResourceVersion())
		_, err = api.Update(ctx, obj, metav1.UpdateOptions{})
	}
	return err
}

// waitAdminAggregated waits until the admin ClusterRole holds the configmap and mesh rules.
func waitAdminAggregated(ctx context.Context, c *clients) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		role, err := c.kube.RbacV1().ClusterRoles().Get(ctx, "admin", metav1.GetOptions{})
		if err == nil && hasRule(role.Rules, "", "configmaps") && hasRule(role.Rules, "gateway.networking.k8s.io", "*") {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("ClusterRole admin was not aggregated within 60s")
}

func hasRule(rules []rbacv1.PolicyRule, group, resource string) bool {
	for _, r := range rules {
		if slices.Contains(r.APIGroups, group) && slices.Contains(r.Resources, resource) {
			return true
		}
	}
	return false
}
