package main

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"istio.io/istio/pilot/pkg/config/kube/gateway"
	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pilot/pkg/status"
	"istio.io/istio/pilot/test/xds"
	"istio.io/istio/pkg/config"
	"istio.io/istio/pkg/config/schema/collection"
	"istio.io/istio/pkg/config/schema/collections"
)

// statusResult is the status istiod's Gateway API controller writes, per object (`Kind/ns/name`).
type statusResult struct {
	Case     string                     `json:"case"`
	Side     string                     `json:"side"`
	Error    string                     `json:"error,omitempty"`
	Rejected []rejected                 `json:"rejected,omitempty"`
	Status   map[string]json.RawMessage `json:"status"`
}

// statusStore is the config store istiod's status manager writes through: it hands out the object
// being updated and keeps the status written, in place of the API server.
type statusStore struct {
	mu      sync.Mutex
	written map[string]any
}

func (s *statusStore) Schemas() collection.Schemas { return collections.PilotGatewayAPI() }

func (s *statusStore) Get(typ config.GroupVersionKind, name, namespace string) *config.Config {
	return &config.Config{Meta: config.Meta{GroupVersionKind: typ, Name: name, Namespace: namespace}}
}

func (s *statusStore) List(config.GroupVersionKind, string) []config.Config { return nil }

func (s *statusStore) Create(config.Config) (string, error) { return "", fmt.Errorf("read-only") }

func (s *statusStore) Update(config.Config) (string, error) { return "", fmt.Errorf("read-only") }

func (s *statusStore) UpdateStatus(c config.Config) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.written[c.GroupVersionKind.Kind+"/"+c.Namespace+"/"+c.Name] = c.Status
	return "", nil
}

func (s *statusStore) Delete(config.GroupVersionKind, string, string, *string) error {
	return fmt.Errorf("read-only")
}

var _ model.ConfigStore = &statusStore{}

func (s *statusStore) snapshot() map[string]json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]json.RawMessage{}
	for k, v := range s.written {
		b, err := json.Marshal(v)
		if err == nil {
			out[k] = b
		}
	}
	return out
}

func runStatus(id string, s side) statusResult { return collectStatus(id, s, nil) }

// collectStatus is runStatus that also waits until the status of every object in want
// (`Kind/ns/name`) is written.
func collectStatus(id string, s side, want []string) statusResult {
	res := statusResult{Case: id, Side: s.Name, Status: map[string]json.RawMessage{}}
	refused, err := withServer(s, func(srv *xds.FakeDiscoveryServer) error {
		gwc, ok := srv.Discovery.Env.GatewayAPIController.(*gateway.Controller)
		if !ok {
			return fmt.Errorf("no Gateway API controller")
		}
		store := &statusStore{written: map[string]any{}}
		mgr := status.NewManager(store)
		stop := make(chan struct{})
		defer close(stop)
		mgr.Start(stop)
		gwc.SetStatusWrite(true, mgr)
		// Status is written asynchronously: wait until it stops changing.
		prev := ""
		for i := 0; i < 100; i++ {
			time.Sleep(100 * time.Millisecond)
			snap := store.snapshot()
			b, _ := json.Marshal(snap)
			if string(b) == prev && len(b) > 2 && hasAll(snap, want) {
				break
			}
			prev = string(b)
		}
		res.Status = store.snapshot()
		return nil
	})
	res.Rejected = refused
	if err != nil {
		res.Error = err.Error()
	}
	return res
}

func hasAll(m map[string]json.RawMessage, keys []string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}
