// Command mesh-test-apiserver runs a real kube-apiserver on an embedded etcd for integration tests
// and local runs: TLS on 127.0.0.1, static-token users admin/viewer/team, Gateway API and Istio CRDs,
// and objects loaded from YAML files. It prints one READY line on stdout when it can be used.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"k8s.io/klog/v2"
)

// dataDirMarker marks a directory as created by this program, so that only such a directory is deleted.
const dataDirMarker = ".mesh-test-apiserver"

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	setupLogging(opts.verbose)
	os.Exit(run(opts))
}

func run(opts *options) int {
	// A runner that died closes our stdout/stderr; writing there must not kill us before cleanup.
	signal.Ignore(syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if opts.withParent {
		ctx = watchParent(ctx)
	}

	// Fail before the slow start when an input is not where the flags say.
	if err := checkInputs(opts); err != nil {
		logf("%v", err)
		return 1
	}
	dataDir, err := prepareDataDir(opts.dataDir)
	if err != nil {
		logf("data dir: %v", err)
		return 1
	}
	cleanup := func() {
		if opts.keepData {
			logf("keeping data dir %s", dataDir)
			return
		}
		if err := os.RemoveAll(dataDir); err != nil {
			logf("removing data dir: %v", err)
		}
	}
	defer cleanup()
	// kube-apiserver exits through klog.Fatal on some errors; still show why and clean up.
	klog.OsExit = func(code int) {
		startupLog.release(true)
		cleanup()
		os.Exit(code)
	}

	code := serve(ctx, opts, dataDir)
	switch {
	case ctx.Err() != nil:
		// Stopped by a signal (or the parent's death), whatever stage the start had reached.
		code = 0
	case code == 0:
		// serve only returns 0 after a signal; anything else is an unexpected stop.
		code = 1
	}
	startupLog.release(code != 0)
	return code
}

// serve starts etcd and the API server, prepares the cluster, prints READY and waits for a signal.
func serve(ctx context.Context, opts *options, dataDir string) int {
	pki, err := ensurePKI(filepath.Join(dataDir, "pki"))
	if err != nil {
		logf("certificates: %v", err)
		return 1
	}

	etcd, err := startEtcd(filepath.Join(dataDir, "etcd"))
	if err != nil {
		logf("etcd: %v", err)
		return 1
	}
	defer etcd.close()
	logf("etcd ready at %s", etcd.clientURL)
	if len(opts.preload) > 0 {
		n, err := preloadEtcd(ctx, etcd, opts.preload)
		if err != nil {
			logf("preload: %v", err)
			return 1
		}
		logf("preloaded %d objects into etcd", n)
	}

	listener, port, err := listenLoopback(opts.port)
	if err != nil {
		logf("listen: %v", err)
		return 1
	}

	serverCtx, stopServer := context.WithCancel(context.Background())
	apiDone, err := startAPIServer(serverCtx, apiServerConfig{
		etcdURL:  etcd.clientURL,
		listener: listener,
		port:     port,
		certDir:  filepath.Join(dataDir, "pki", "generated"),
		pki:      pki,
		extra:    opts.apiServerArgs,
	})
	if err != nil {
		stopServer()
		logf("kube-apiserver: %v", err)
		return 1
	}
	defer func() {
		stopServer()
		select {
		case err := <-apiDone:
			if err != nil {
				logf("kube-apiserver stopped: %v", err)
			}
		case <-time.After(60 * time.Second):
			logf("kube-apiserver did not stop within 60s")
		}
	}()

	server := fmt.Sprintf("https://127.0.0.1:%d", port)
	kubeconfig := opts.kubeconfigOut
	if kubeconfig == "" {
		kubeconfig = filepath.Join(dataDir, "kubeconfig")
	}
	if err := writeKubeconfig(kubeconfig, server, pki, opts.teamNamespace); err != nil {
		logf("kubeconfig: %v", err)
		return 1
	}

	c, err := newClients(server, pki)
	if err != nil {
		logf("clients: %v", err)
		return 1
	}
	// Not cancelled by a signal: stopping kube-apiserver before its post-start hooks have run makes
	// a hook fail, and it exits through klog.Fatal.
	if err := waitReady(context.Background(), c, apiDone); err != nil {
		logf("kube-apiserver not ready: %v", err)
		return 1
	}
	if ctx.Err() != nil {
		return 0
	}
	logf("kube-apiserver ready at %s", server)
	startControllers(serverCtx, c)

	if err := prepareCluster(ctx, opts, c); err != nil {
		logf("%v", err)
		return 1
	}

	startupLog.release(false)
	fmt.Printf("READY server=%s kubeconfig=%s\n", server, kubeconfig)

	select {
	case <-ctx.Done():
		logf("stopping")
		startupLog.hold(opts.verbose)
		return 0
	case err := <-apiDone:
		logf("kube-apiserver exited: %v", err)
		apiDone <- err
		return 1
	}
}

// prepareCluster installs RBAC objects and CRDs, then loads the requested objects.
func prepareCluster(ctx context.Context, opts *options, c *clients) error {
	if err := ensureRBAC(ctx, c, opts.teamNamespace); err != nil {
		return fmt.Errorf("rbac: %w", err)
	}
	logf("users admin, viewer and team ready")
	a := newApplier(c)
	if err := installCRDs(ctx, a, opts.crdsDir, opts.skipCRDs); err != nil {
		return fmt.Errorf("crds: %w", err)
	}
	if len(opts.load) > 0 {
		failures, err := loadPaths(ctx, a, opts.load)
		if err != nil {
			return fmt.Errorf("load: %w", err)
		}
		fmt.Printf("LOAD-ERRORS %d\n", failures)
	}
	return ctx.Err()
}

// watchParent returns a context that is also cancelled when this process is re-parented, i.e.
// when the test runner that started it died without stopping it.
func watchParent(ctx context.Context) context.Context {
	parent := os.Getppid()
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer cancel()
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
				if os.Getppid() != parent {
					logf("parent process %d is gone", parent)
					return
				}
			}
		}
	}()
	return ctx
}

func checkInputs(opts *options) error {
	if _, err := crdBundleFiles(opts.crdsDir, opts.skipCRDs); err != nil {
		return fmt.Errorf("crds: %w", err)
	}
	for _, path := range opts.load {
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("load: %w", err)
		}
	}
	return nil
}

// prepareDataDir creates the data dir (or a temp dir) and refuses a non-empty dir that is not ours.
func prepareDataDir(dir string) (string, error) {
	if dir == "" {
		return os.MkdirTemp("", "mesh-test-apiserver-")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	entries, err := os.ReadDir(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return "", err
		}
	case err != nil:
		return "", err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(abs, dataDirMarker)); err != nil {
			return "", fmt.Errorf("%s is not empty and was not created by mesh-test-apiserver", abs)
		}
	}
	if err := os.WriteFile(filepath.Join(abs, dataDirMarker), nil, 0o600); err != nil {
		return "", err
	}
	return abs, nil
}
