// Command istio-judge runs istiod's own translation in-process (Istio's fake discovery server) on
// YAML of Kubernetes, Istio and Gateway API objects and prints what Istio would push: the Envoy route
// configurations a given proxy receives (for a waypoint, those inline in its listeners), the
// workloads and services of the ambient index, and the status its Gateway API controller writes; or
// only which documents its validation refuses. Mode waypoint runs istiod's gateway deployment
// controller on the waypoint and ingress (class istio) Gateways, then the status they lead to.
//
// Usage: istio-judge routes|ambient|status|validate|waypoint < request.json > response.jsonl
//
// Feature flags are Istio's environment variables, read when the process starts; the caller sets
// PILOT_ENABLE_ALPHA_GATEWAY_API=true (TCPRoute, TLSRoute) and PILOT_ENABLE_AMBIENT=true.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"istio.io/istio/pkg/log"
)

func main() {
	modes := map[string]bool{"routes": true, "ambient": true, "status": true, "validate": true, "waypoint": true}
	if len(os.Args) != 2 || !modes[os.Args[1]] {
		fmt.Fprintln(os.Stderr, "usage: istio-judge routes|ambient|status|validate|waypoint < request.json")
		os.Exit(2)
	}
	for _, s := range log.Scopes() {
		s.SetOutputLevel(log.NoneLevel)
	}
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "istio-judge: bad request: %v\n", err)
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for _, c := range req.Cases {
		for _, side := range c.Sides {
			var res any
			switch os.Args[1] {
			case "routes":
				res = runRoutes(c.ID, side)
			case "validate":
				res = runValidate(c.ID, side)
			case "ambient":
				res = runAmbient(c.ID, side)
			case "waypoint":
				res = runWaypoint(c.ID, side)
			default:
				res = runStatus(c.ID, side)
			}
			if err := enc.Encode(res); err != nil {
				fmt.Fprintf(os.Stderr, "istio-judge: %v\n", err)
				os.Exit(1)
			}
			_ = out.Flush()
		}
	}
	if err := out.Flush(); err != nil {
		os.Exit(1)
	}
}
