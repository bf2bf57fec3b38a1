package main

import (
	"encoding/json"
	"fmt"
	"time"

	"istio.io/istio/pilot/test/xds"
)

// ambientResult is istiod's ambient index: every workload and service address it pushes to ztunnel
// (workloadapi.Address in proto JSON), with the waypoints they use.
type ambientResult struct {
	Case      string            `json:"case"`
	Side      string            `json:"side"`
	Error     string            `json:"error,omitempty"`
	Rejected  []rejected        `json:"rejected,omitempty"`
	Addresses []json.RawMessage `json:"addresses"`
}

func runAmbient(id string, s side) ambientResult {
	res := ambientResult{Case: id, Side: s.Name, Addresses: []json.RawMessage{}}
	refused, err := withServer(s, func(srv *xds.FakeDiscoveryServer) error {
		idx := srv.AmbientIndex
		if idx == nil {
			return fmt.Errorf("ambient index not running (set PILOT_ENABLE_AMBIENT=true)")
		}
		// The index settles asynchronously after sync: wait until two reads a moment apart agree.
		prev := -1
		for i := 0; i < 50; i++ {
			n := len(idx.All())
			if n == prev && n > 0 {
				break
			}
			prev = n
			time.Sleep(100 * time.Millisecond)
		}
		for _, a := range idx.All() {
			b, err := marshal.Marshal(a.Address)
			if err != nil {
				return err
			}
			res.Addresses = append(res.Addresses, b)
		}
		return nil
	})
	res.Rejected = refused
	if err != nil {
		res.Error = err.Error()
	}
	return res
}
