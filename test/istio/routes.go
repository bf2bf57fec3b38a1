package main

import (
	"encoding/json"

	"google.golang.org/protobuf/encoding/protojson"
	"istio.io/istio/pilot/test/xds"
)

// routesResult is what istiod pushes, per proxy, as RDS: Envoy RouteConfigurations in proto JSON.
type routesResult struct {
	Case     string                       `json:"case"`
	Side     string                       `json:"side"`
	Error    string                       `json:"error,omitempty"`
	Rejected []rejected                   `json:"rejected,omitempty"`
	Proxies  map[string][]json.RawMessage `json:"proxies"`
	// LDS filter chains ending in a TCP proxy, per proxy (listeners.go).
	Listeners map[string][]l4Chain `json:"listeners"`
}

var marshal = protojson.MarshalOptions{UseProtoNames: false}

func runRoutes(id string, s side) routesResult {
	res := routesResult{Case: id, Side: s.Name, Proxies: map[string][]json.RawMessage{}, Listeners: map[string][]l4Chain{}}
	refused, err := withServer(s, func(srv *xds.FakeDiscoveryServer) error {
		for _, p := range s.Proxies {
			mp := setupProxy(srv, p)
			if p.Type == "waypoint" {
				out, err := waypointRoutes(srv, mp)
				if err != nil {
					return err
				}
				res.Proxies[p.Name] = out
				continue
			}
			routes := srv.Routes(mp)
			out := make([]json.RawMessage, 0, len(routes))
			for _, rc := range routes {
				b, err := marshal.Marshal(rc)
				if err != nil {
					return err
				}
				out = append(out, b)
			}
			res.Proxies[p.Name] = out
			chains, err := l4Chains(srv.Listeners(mp))
			if err != nil {
				return err
			}
			res.Listeners[p.Name] = chains
		}
		return nil
	})
	res.Rejected = refused
	if err != nil {
		res.Error = err.Error()
	}
	return res
}
