package main

// request is what the caller sends on stdin: cases, each with one or more sides (for route
// equivalence: the Istio objects and the converted Gateway API objects) to translate separately.
type request struct {
	Cases []requestCase `json:"cases"`
}

type requestCase struct {
	ID    string `json:"id"`
	Sides []side `json:"sides"`
}

type side struct {
	Name string `json:"name"`
	// YAML documents separated by "\n---\n": Kubernetes, Istio and Gateway API objects.
	YAML    string  `json:"yaml"`
	Proxies []proxy `json:"proxies"`
	// waypoint mode: the external address a load-balancer provider gives each LoadBalancer Service
	// istiod creates (`ns/name` to IP); one left out stays pending. Without it, every one gets one.
	LoadBalancerIPs map[string]string `json:"loadBalancerIPs,omitempty"`
}

// proxy is a proxy asking istiod for its configuration.
type proxy struct {
	Name string `json:"name"`
	// sidecar, router or waypoint.
	Type      string            `json:"type"`
	Namespace string            `json:"namespace"`
	IP        string            `json:"ip"`
	Labels    map[string]string `json:"labels,omitempty"`
}

// rejected is one object Istio's validation refuses (its admission webhook would reject it).
type rejected struct {
	Object string `json:"object"`
	Reason string `json:"reason"`
}
