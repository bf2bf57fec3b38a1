package main

import (
	"encoding/json"

	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	tcp "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/tcp_proxy/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

var unmarshalOpts = proto.UnmarshalOptions{}

// l4Chain is one filter chain of a listener istiod pushes as LDS that ends in a TCP proxy: where it
// listens, what connections it takes (SNI, destination, ...) and where it sends them. Filter chains
// that end in Envoy's HTTP connection manager are left out: their routes are compared as RDS.
type l4Chain struct {
	Listener string          `json:"listener"`
	Address  string          `json:"address"`
	Port     uint32          `json:"port"`
	Chain    string          `json:"chain,omitempty"`
	Match    json.RawMessage `json:"match,omitempty"`
	Metadata json.RawMessage `json:"metadata,omitempty"`
	// The tcp_proxy filter's config (proto JSON).
	TCPProxy json.RawMessage `json:"tcpProxy"`
	// Listener filter chain used when no chain matches.
	Default bool `json:"default,omitempty"`
}

// l4Chains extracts the TCP proxy filter chains of listeners (inbound listeners aside).
func l4Chains(ls []*listener.Listener) ([]l4Chain, error) {
	out := []l4Chain{}
	for _, l := range ls {
		if l.GetName() == "virtualInbound" {
			continue
		}
		sa := l.GetAddress().GetSocketAddress()
		chains := l.GetFilterChains()
		if l.GetDefaultFilterChain() != nil {
			chains = append(chains, l.GetDefaultFilterChain())
		}
		for i, fc := range chains {
			for _, f := range fc.GetFilters() {
				cfg, ok := f.GetConfigType().(*listener.Filter_TypedConfig)
				if !ok || cfg.TypedConfig.GetTypeUrl() != "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy" {
					continue
				}
				var tp tcp.TcpProxy
				if err := anypb.UnmarshalTo(cfg.TypedConfig, &tp, unmarshalOpts); err != nil {
					return nil, err
				}
				c := l4Chain{
					Listener: l.GetName(),
					Address:  sa.GetAddress(),
					Port:     sa.GetPortValue(),
					Chain:    fc.GetName(),
					Default:  i >= len(l.GetFilterChains()),
				}
				var err error
				if c.TCPProxy, err = marshal.Marshal(&tp); err != nil {
					return nil, err
				}
				if fc.GetFilterChainMatch() != nil {
					if c.Match, err = marshal.Marshal(fc.GetFilterChainMatch()); err != nil {
						return nil, err
					}
				}
				if fc.GetMetadata() != nil {
					if c.Metadata, err = marshal.Marshal(fc.GetMetadata()); err != nil {
						return nil, err
					}
				}
				out = append(out, c)
			}
		}
	}
	return out, nil
}
