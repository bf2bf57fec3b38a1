package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	kubeVersion "k8s.io/apimachinery/pkg/version"
	fakediscovery "k8s.io/client-go/discovery/fake"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	k8stesting "k8s.io/client-go/testing"
	"sigs.k8s.io/yaml"

	"istio.io/istio/pilot/pkg/config/kube/gatewaycommon"
	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pkg/cluster"
	"istio.io/istio/pkg/config/mesh"
	"istio.io/istio/pkg/config/mesh/meshwatcher"
	kubelib "istio.io/istio/pkg/kube"
	"istio.io/istio/pkg/revisions"
)

// waypointResult is what istiod does for the side's waypoint Gateways: the objects its gateway
// deployment controller applies (server-side apply patches, in order) and the Gateway status its
// Gateway API status controller writes once those objects exist, the Service has a cluster IP and
// the Deployment's pod is ready.
type waypointResult struct {
	Case     string                     `json:"case"`
	Side     string                     `json:"side"`
	Error    string                     `json:"error,omitempty"`
	Rejected []rejected                 `json:"rejected,omitempty"`
	Applied  []map[string]any           `json:"applied"`
	Status   map[string]json.RawMessage `json:"status"`
}

// applyWaypoints runs istiod's gateway deployment controller on the side's objects (a fake
// Kubernetes client, as Istio's own deployment controller tests do) and returns the objects it
// applies, captured from the server-side apply patches it sends (the last of each object).
func applyWaypoints(s side, waitFor int) ([]map[string]any, error) {
	var objs []runtime.Object
	decode := kubelib.IstioCodec.UniversalDeserializer().Decode
	for _, doc := range splitDocs(s.YAML) {
		if o, _, err := decode([]byte(doc), nil, nil); err == nil {
			objs = append(objs, o)
		}
	}
	client := kubelib.NewFakeClient(objs...)
	client.Kube().Discovery().(*fakediscovery.FakeDiscovery).FakedServerVersion = &kubeVersion.Info{Major: "1", Minor: "30"}
	var mu sync.Mutex
	var applied []map[string]any
	dyn, ok := client.Dynamic().(*dynamicfake.FakeDynamicClient)
	if !ok {
		return nil, fmt.Errorf("fake client has no fake dynamic client")
	}
	dyn.PrependReactor("patch", "*", func(a k8stesting.Action) (bool, runtime.Object, error) {
		p, ok := a.(k8stesting.PatchAction)
		if !ok || p.GetSubresource() != "" {
			// The controller-version annotation, written through the status subresource.
			return true, nil, nil
		}
		var obj map[string]any
		if err := json.Unmarshal(p.GetPatch(), &obj); err != nil {
			return true, nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		// A Gateway may be reconciled more than once: keep the last apply of each object.
		key := func(o map[string]any) string {
			return fmt.Sprint(o["kind"], "/", str(o, "metadata", "namespace"), "/", str(o, "metadata", "name"))
		}
		for i, prev := range applied {
			if key(prev) == key(obj) {
				applied[i] = obj
				return true, nil, nil
			}
		}
		applied = append(applied, obj)
		return true, nil, nil
	})
	injCfg, err := injectionConfig()
	if err != nil {
		return nil, err
	}
	env := model.NewEnvironment()
	env.Watcher = meshwatcher.NewTestWatcher(mesh.DefaultMeshConfig())
	env.PushContext().InitDone.Store(true)
	stop := make(chan struct{})
	defer close(stop)
	tw := revisions.NewTagWatcher(client, "", "istio-system")
	go tw.Run(stop)
	dc := gatewaycommon.NewDeploymentController(client, cluster.ID("Kubernetes"), env, injCfg, func(func()) {}, tw, "", "istio-system")
	client.RunAndWait(stop)
	go dc.Run(stop)
	// Reconciliation is asynchronous: wait until the expected objects are applied and stay so.
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(applied)
	}
	prev := -1
	for i := 0; i < 100; i++ {
		time.Sleep(100 * time.Millisecond)
		n := count()
		if n == prev && n >= waitFor {
			break
		}
		prev = n
	}
	mu.Lock()
	defer mu.Unlock()
	return append([]map[string]any(nil), applied...), nil
}

func str(m map[string]any, path ...string) string {
	var cur any = m
	for _, k := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = mm[k]
	}
	s, _ := cur.(string)
	return s
}

// running gives the applied objects what a cluster would: the Service a cluster IP (and a
// LoadBalancer Service the external address of lbIPs), the Deployment one ready pod and an
// EndpointSlice for the Service. The status controller reads only these.
func running(applied []map[string]any, lbIPs map[string]string) ([]string, error) {
	var docs []string
	add := func(o any) error {
		b, err := yaml.Marshal(o)
		if err != nil {
			return err
		}
		docs = append(docs, string(b))
		return nil
	}
	for i, o := range applied {
		ns := str(o, "metadata", "namespace")
		name := str(o, "metadata", "name")
		switch o["kind"] {
		case "Service":
			svc := deepCopy(o)
			spec, _ := svc["spec"].(map[string]any)
			if spec == nil {
				return nil, fmt.Errorf("service %s/%s has no spec", ns, name)
			}
			spec["clusterIP"] = fmt.Sprintf("10.96.250.%d", i+1)
			if spec["type"] == "LoadBalancer" {
				// As a load-balancer provider (the demo's MetalLB) does: an external address, or none yet.
				lb := fmt.Sprintf("192.0.2.%d", i+1)
				if lbIPs != nil {
					lb = lbIPs[ns+"/"+name]
				}
				if lb != "" {
					svc["status"] = map[string]any{"loadBalancer": map[string]any{
						"ingress": []any{map[string]any{"ip": lb}},
					}}
				}
			}
			if err := add(svc); err != nil {
				return nil, err
			}
			podIP := podAddress(applied, ns, name)
			var ports []map[string]any
			if ps, ok := spec["ports"].([]any); ok {
				for _, p := range ps {
					pm, _ := p.(map[string]any)
					ports = append(ports, map[string]any{"name": pm["name"], "port": pm["port"], "protocol": "TCP"})
				}
			}
			if err := add(map[string]any{
				"apiVersion": "discovery.k8s.io/v1",
				"kind":       "EndpointSlice",
				"metadata": map[string]any{
					"name": name + "-judge", "namespace": ns,
					"labels": map[string]any{"kubernetes.io/service-name": name},
				},
				"addressType": "IPv4",
				"endpoints": []any{map[string]any{
					"addresses":  []any{podIP},
					"conditions": map[string]any{"ready": true},
					"targetRef":  map[string]any{"kind": "Pod", "name": name + "-0", "namespace": ns},
				}},
				"ports": ports,
			}); err != nil {
				return nil, err
			}
		case "Deployment":
			if err := add(o); err != nil {
				return nil, err
			}
			labels, _ := deepCopy(o)["spec"].(map[string]any)["template"].(map[string]any)["metadata"].(map[string]any)["labels"]
			ip := podAddress(applied, ns, name)
			if err := add(map[string]any{
				"apiVersion": "v1",
				"kind":       "Pod",
				"metadata":   map[string]any{"name": name + "-0", "namespace": ns, "labels": labels},
				"spec":       map[string]any{"containers": []any{map[string]any{"name": "istio-proxy", "image": "proxyv2"}}, "nodeName": "node-1"},
				"status": map[string]any{
					"phase": "Running", "podIP": ip, "podIPs": []any{map[string]any{"ip": ip}},
					"conditions": []any{map[string]any{"type": "Ready", "status": "True"}},
				},
			}); err != nil {
				return nil, err
			}
		default:
			if err := add(o); err != nil {
				return nil, err
			}
		}
	}
	return docs, nil
}

// podAddress is a stable pod IP for the Deployment `ns/name` among the applied objects.
func podAddress(applied []map[string]any, ns, name string) string {
	var keys []string
	for _, o := range applied {
		if o["kind"] == "Deployment" {
			keys = append(keys, str(o, "metadata", "namespace")+"/"+str(o, "metadata", "name"))
		}
	}
	sort.Strings(keys)
	return fmt.Sprintf("10.244.250.%d", sort.SearchStrings(keys, ns+"/"+name)+1)
}

func deepCopy(o map[string]any) map[string]any {
	b, _ := json.Marshal(o)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

func runWaypoint(id string, s side) waypointResult {
	res := waypointResult{Case: id, Side: s.Name, Applied: []map[string]any{}, Status: map[string]json.RawMessage{}}
	// Three objects (ServiceAccount, Deployment, Service) for each waypoint and ingress Gateway.
	waitFor := 3 * (strings.Count(s.YAML, "gatewayClassName: istio-waypoint") + strings.Count(s.YAML, "gatewayClassName: istio\n"))
	applied, err := applyWaypoints(s, waitFor)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.Applied = applied
	docs, err := running(applied, s.LoadBalancerIPs)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	var want []string
	for _, o := range applied {
		meta, _ := o["metadata"].(map[string]any)
		owners, _ := meta["ownerReferences"].([]any)
		for _, r := range owners {
			if rm, ok := r.(map[string]any); ok && rm["kind"] == "Gateway" && o["kind"] == "Deployment" {
				want = append(want, fmt.Sprintf("Gateway/%s/%v", str(o, "metadata", "namespace"), rm["name"]))
			}
		}
	}
	st := collectStatus(id, side{Name: s.Name, YAML: strings.Join(append([]string{s.YAML}, docs...), "\n---\n")}, want)
	res.Status, res.Rejected = st.Status, st.Rejected
	if st.Error != "" {
		res.Error = st.Error
	}
	return res
}
