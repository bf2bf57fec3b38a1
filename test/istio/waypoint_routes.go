package main

import (
	"encoding/json"

	hcm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"

	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pilot/test/xds"
)

// waypointRoutes is what a waypoint proxy routes HTTP with: it gets no RDS, the route configuration
// of each Service (and port) it serves is inline in the HTTP connection manager of that Service's
// filter chain on the `main_internal` listener. Each is returned as a RouteConfiguration in proto
// JSON, named as istiod names it (`inbound-vip|<port>|http|<host>`).
func waypointRoutes(srv *xds.FakeDiscoveryServer, p *model.Proxy) ([]json.RawMessage, error) {
	out := []json.RawMessage{}
	for _, l := range srv.Listeners(p) {
		if l.GetName() != "main_internal" {
			continue
		}
		for _, fc := range l.GetFilterChains() {
			for _, f := range fc.GetFilters() {
				tc := f.GetTypedConfig()
				if tc == nil || tc.GetTypeUrl() != "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager" {
					continue
				}
				h := &hcm.HttpConnectionManager{}
				if err := tc.UnmarshalTo(h); err != nil {
					return nil, err
				}
				rc := h.GetRouteConfig()
				if rc == nil {
					continue
				}
				b, err := marshal.Marshal(rc)
				if err != nil {
					return nil, err
				}
				out = append(out, b)
			}
		}
	}
	return out, nil
}
