package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"
)

// CRD families that can be skipped with --skip-crds.
const (
	crdFamilyGateway     = "gateway"
	crdFamilyIstio       = "istio"
	crdFamilyCertManager = "cert-manager"
	crdFamilyMetalLB     = "metallb"
	// Gateway implementations whose policies the converter writes.
	crdFamilyEnvoyGateway = "envoy-gateway"
	crdFamilyNginxGateway = "nginx-gateway-fabric"
)

type options struct {
	crdsDir       string
	skipCRDs      map[string]bool
	load          []string
	preload       []string
	dataDir       string
	keepData      bool
	port          int
	kubeconfigOut string
	teamNamespace string
	verbose       bool
	withParent    bool
	apiServerArgs []string
}

func parseFlags(args []string) (*options, error) {
	o := &options{}
	var skip []string
	fs := pflag.NewFlagSet("mesh-test-apiserver", pflag.ContinueOnError)
	fs.StringVar(&o.crdsDir, "crds", "", "root of the shared CRD bundles (holds gateway-api-v1.6.1/ and istio-1.30.3/); required unless every family is skipped")
	fs.StringSliceVar(&skip, "skip-crds", nil, "CRD families not to install: gateway, istio, cert-manager, metallb, envoy-gateway, nginx-gateway-fabric (comma list)")
	fs.StringArrayVar(&o.load, "load", nil, "file or directory of .yaml/.yml/.json objects to create before READY (repeatable)")
	fs.StringArrayVar(&o.preload, "preload", nil, "file of JSON lines {key, object} written straight into etcd before the API server starts (repeatable; for benchmarks)")
	fs.StringVar(&o.dataDir, "data-dir", "", "etcd data, certificates, tokens and kubeconfig (default: a new temp dir)")
	fs.BoolVar(&o.keepData, "keep-data", false, "keep the data dir on exit so that a restart brings back the same objects")
	fs.IntVar(&o.port, "port", 0, "secure port on 127.0.0.1 (0: a free port)")
	fs.StringVar(&o.kubeconfigOut, "kubeconfig-out", "", "where to write the kubeconfig (default: DATA_DIR/kubeconfig)")
	fs.StringVar(&o.teamNamespace, "team-namespace", "bookinfo", "the one namespace the team user administers")
	fs.BoolVar(&o.withParent, "exit-with-parent", false, "stop as on SIGTERM when the parent process dies (for test harnesses)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "show kube-apiserver and etcd info logs")
	fs.StringArrayVar(&o.apiServerArgs, "apiserver-arg", nil, "extra kube-apiserver flag, e.g. --apiserver-arg=--oidc-issuer-url=https://... (repeatable)")
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: mesh-test-apiserver --crds DIR [flags]\n%s", fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	o.skipCRDs = map[string]bool{}
	for _, family := range skip {
		family = strings.TrimSpace(family)
		switch family {
		case crdFamilyGateway, crdFamilyIstio, crdFamilyCertManager, crdFamilyMetalLB, crdFamilyEnvoyGateway, crdFamilyNginxGateway:
			o.skipCRDs[family] = true
		case "":
		default:
			return nil, fmt.Errorf("--skip-crds: unknown family %q (want gateway, istio, cert-manager, metallb, envoy-gateway or nginx-gateway-fabric)", family)
		}
	}
	if o.crdsDir == "" && !(o.skipCRDs[crdFamilyGateway] && o.skipCRDs[crdFamilyIstio] &&
		o.skipCRDs[crdFamilyCertManager] && o.skipCRDs[crdFamilyMetalLB] &&
		o.skipCRDs[crdFamilyEnvoyGateway] && o.skipCRDs[crdFamilyNginxGateway]) {
		return nil, fmt.Errorf("--crds DIR is required (the shared/crds root), or --skip-crds=gateway,istio,cert-manager,metallb,envoy-gateway,nginx-gateway-fabric")
	}
	if o.port < 0 || o.port > 65535 {
		return nil, fmt.Errorf("--port %d out of range", o.port)
	}
	return o, nil
}
