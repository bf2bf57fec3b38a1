package main

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/informers"
	"k8s.io/kubernetes/pkg/controller/clusterroleaggregation"
	"k8s.io/kubernetes/pkg/controller/namespace"
)

// startControllers runs the two kube-controller-manager loops the product depends on without a
// kubelet: ClusterRole aggregation (the built-in admin/edit/view roles are empty without it) and
// namespace deletion (a deleted namespace would stay Terminating forever).
func startControllers(ctx context.Context, c *clients) {
	factory := informers.NewSharedInformerFactory(c.kube, 10*time.Minute)
	aggregation := clusterroleaggregation.NewClusterRoleAggregation(factory.Rbac().V1().ClusterRoles(), c.kube.RbacV1())
	namespaces := namespace.NewNamespaceController(ctx, c.kube, c.metadata,
		c.kube.Discovery().ServerPreferredNamespacedResources, factory.Core().V1().Namespaces(),
		5*time.Minute, corev1.FinalizerKubernetes)
	factory.Start(ctx.Done())
	go aggregation.Run(ctx, 1)
	go namespaces.Run(ctx, 2)
}
