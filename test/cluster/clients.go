package main

import (
	"os"
	"path/filepath"

	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// clients are the admin clients this program uses to prepare the cluster.
type clients struct {
	config    *rest.Config
	kube      kubernetes.Interface
	ext       apiextensionsclient.Interface
	dynamic   dynamic.Interface
	metadata  metadata.Interface
	discovery discovery.CachedDiscoveryInterface
	mapper    *restmapper.DeferredDiscoveryRESTMapper
}

func newClients(server string, pki *pkiFiles) (*clients, error) {
	cfg := &rest.Config{
		Host:            server,
		BearerToken:     pki.tokens[userAdmin],
		TLSClientConfig: rest.TLSClientConfig{CAData: pki.caPEM},
		QPS:             200,
		Burst:           400,
		UserAgent:       "mesh-test-apiserver",
		WarningHandler:  rest.NoWarnings{},
	}
	c := &clients{config: cfg}
	var err error
	if c.kube, err = kubernetes.NewForConfig(cfg); err != nil {
		return nil, err
	}
	if c.ext, err = apiextensionsclient.NewForConfig(cfg); err != nil {
		return nil, err
	}
	if c.dynamic, err = dynamic.NewForConfig(cfg); err != nil {
		return nil, err
	}
	if c.metadata, err = metadata.NewForConfig(cfg); err != nil {
		return nil, err
	}
	c.discovery = memory.NewMemCacheClient(c.kube.Discovery())
	c.mapper = restmapper.NewDeferredDiscoveryRESTMapper(c.discovery)
	return c, nil
}

// refreshDiscovery forgets cached discovery after CRDs changed what the server serves.
func (c *clients) refreshDiscovery() {
	c.discovery.Invalidate()
	c.mapper.Reset()
}

// writeKubeconfig writes one cluster with users and contexts admin (current), viewer and team.
func writeKubeconfig(path, server string, pki *pkiFiles, teamNamespace string) error {
	cfg := clientcmdapi.NewConfig()
	const clusterName = "mesh-test"
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: pki.caPEM}
	for _, user := range userNames {
		cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{Token: pki.tokens[user]}
		ctx := &clientcmdapi.Context{Cluster: clusterName, AuthInfo: user}
		if user == userTeam {
			ctx.Namespace = teamNamespace
		}
		cfg.Contexts[user] = ctx
	}
	cfg.CurrentContext = userAdmin
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return clientcmd.WriteToFile(*cfg, path)
}
