package main

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/rest"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	apiserveroptions "k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

type apiServerConfig struct {
	etcdURL  string
	listener net.Listener
	port     int
	certDir  string
	pki      *pkiFiles
	// extra kube-apiserver flags from --apiserver-arg (OIDC issuer, audit log, ...), after the defaults.
	extra []string
}

// serviceCIDR is the usual kubeadm range, so that Services dumped from real clusters keep their clusterIP.
const serviceCIDR = "10.96.0.0/12"

// apiServerArgs are the kube-apiserver flags of the test cluster.
func apiServerArgs(cfg apiServerConfig) []string {
	return append([]string{
		"--etcd-servers=" + cfg.etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(cfg.port),
		"--cert-dir=" + cfg.certDir,
		"--tls-cert-file=" + cfg.pki.servingCert,
		"--tls-private-key-file=" + cfg.pki.servKey,
		"--client-ca-file=" + cfg.pki.caCert,
		"--token-auth-file=" + cfg.pki.tokenFile,
		"--authorization-mode=Node,RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + cfg.pki.saPub,
		"--service-account-signing-key-file=" + cfg.pki.saKey,
		"--service-cluster-ip-range=" + serviceCIDR,
		// No kubelet or network here: the kubernetes Service gets no endpoints (a loopback one is invalid).
		"--endpoint-reconciler-type=none",
		// Pods are loaded from files; ztunnel and istio-cni pods are privileged.
		"--allow-privileged=true",
		// No controller creates default ServiceAccounts, so pods would be refused without this.
		"--disable-admission-plugins=ServiceAccount",
		// Stop within seconds even with open watches (the default waits up to 60s for them).
		"--shutdown-send-retry-after=true",
		"--shutdown-watch-termination-grace-period=2s",
		"--profiling=false",
		"--v=0",
	}, cfg.extra...)
}

// startAPIServer runs kube-apiserver in this process until ctx is cancelled. The returned channel
// receives Run's result once (buffered, so it can be put back for another reader).
func startAPIServer(ctx context.Context, cfg apiServerConfig) (chan error, error) {
	s := apiserveroptions.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, set := range s.Flags().FlagSets {
		fs.AddFlagSet(set)
	}
	if err := fs.Parse(apiServerArgs(cfg)); err != nil {
		return nil, err
	}
	s.SecureServing.Listener = cfg.listener
	s.SecureServing.BindPort = cfg.port
	if err := s.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return nil, err
	}
	// The API server's own loopback client must not print warnings it caused itself.
	rest.SetDefaultWarningHandler(rest.NoWarnings{})

	completed, err := s.Complete(ctx)
	if err != nil {
		return nil, err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return nil, utilerrors.NewAggregate(errs)
	}
	done := make(chan error, 1)
	go func() {
		done <- app.Run(ctx, completed)
	}()
	return done, nil
}

// waitReady polls /readyz as admin until it answers ok.
func waitReady(ctx context.Context, c *clients, apiDone chan error) error {
	deadline := time.Now().Add(120 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-apiDone:
			apiDone <- err
			return fmt.Errorf("exited: %v", err)
		case <-time.After(200 * time.Millisecond):
		}
		body, err := c.kube.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		if err == nil && string(body) == "ok" {
			return nil
		}
		last = err
	}
	return fmt.Errorf("/readyz not ok after 120s: %v", last)
}
