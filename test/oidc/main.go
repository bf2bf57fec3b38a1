// Command mesh-test-oidc is an OpenID Connect provider for tests: oauth2-proxy's mockoidc behind a
// login page, served over TLS on loopback with a CA it generates, so that a real kube-apiserver
// (--oidc-issuer-url must be https) and a real browser can both use it.
//
// It prints one line `READY issuer=URL ca=PATH` once it serves, and stops on SIGINT/SIGTERM.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"html/template"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/oauth2-proxy/mockoidc"
	"github.com/spf13/pflag"
)

type user struct {
	name   string
	groups []string
}

func parseUsers(specs []string) (map[string]user, error) {
	users := map[string]user{}
	for _, s := range specs {
		name, groups, _ := strings.Cut(s, ":")
		if name == "" {
			return nil, fmt.Errorf("--user %q: want NAME or NAME:GROUP,GROUP", s)
		}
		u := user{name: name}
		if groups != "" {
			u.groups = strings.Split(groups, ",")
		}
		users[name] = u
	}
	return users, nil
}

// writeCA makes a CA and a serving certificate for 127.0.0.1/localhost, writes the CA to dir/ca.pem.
func writeCA(dir string) (tls.Certificate, string, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mesh-test-oidc CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	caPath := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o644); err != nil {
		return tls.Certificate{}, "", err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, caPath, nil
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider: sign in</title></head>
<body><main><h1>Sign in to the test identity provider</h1>
<form method="post">
{{range $k, $v := .Form}}{{range $v}}<input type="hidden" name="{{$k}}" value="{{.}}">{{end}}{{end}}
<label>Username <input name="login_username" autocomplete="username" required></label>
<button type="submit">Sign in</button>
{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
</form></main></body></html>`))

// loginForm puts a page in front of mockoidc's authorize endpoint: GET shows it, POST queues the
// chosen user and lets mockoidc issue the code.
func loginForm(m *mockoidc.MockOIDC, users map[string]user) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != mockoidc.AuthorizationEndpoint {
				next.ServeHTTP(w, r)
				return
			}
			if err := r.ParseForm(); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			show := func(msg string) {
				form := map[string][]string{}
				for k, v := range r.Form {
					if k != "login_username" {
						form[k] = v
					}
				}
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				_ = loginPage.Execute(w, map[string]any{"Form": form, "Error": msg})
			}
			if r.Method != http.MethodPost {
				show("")
				return
			}
			u, ok := users[r.PostForm.Get("login_username")]
			if !ok {
				w.WriteHeader(http.StatusUnauthorized)
				show("unknown user")
				return
			}
			m.QueueUser(&mockoidc.MockUser{
				Subject:           "sub-" + u.name,
				Email:             u.name + "@example.test",
				EmailVerified:     true,
				PreferredUsername: u.name,
				Groups:            u.groups,
			})
			next.ServeHTTP(w, r)
		})
	}
}

func main() {
	fs := pflag.NewFlagSet("mesh-test-oidc", pflag.ExitOnError)
	port := fs.Int("port", 0, "port on 127.0.0.1 (0: a free port)")
	dir := fs.String("data-dir", "", "where ca.pem is written (required)")
	clientID := fs.String("client-id", "mesh-migrator", "the one OAuth client")
	clientSecret := fs.String("client-secret", "", "its secret (required)")
	userSpecs := fs.StringArray("user", nil, "a user who may sign in: NAME or NAME:GROUP,GROUP (repeatable)")
	accessTTL := fs.Duration("token-ttl", 10*time.Minute, "lifetime of ID and access tokens")
	_ = fs.Parse(os.Args[1:])
	if *dir == "" || *clientSecret == "" || len(*userSpecs) == 0 {
		fmt.Fprintln(os.Stderr, "mesh-test-oidc: --data-dir, --client-secret and at least one --user are required")
		os.Exit(2)
	}
	users, err := parseUsers(*userSpecs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mesh-test-oidc:", err)
		os.Exit(2)
	}
	cert, caPath, err := writeCA(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mesh-test-oidc: certificates:", err)
		os.Exit(1)
	}
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mesh-test-oidc:", err)
		os.Exit(1)
	}
	m.ClientID, m.ClientSecret, m.AccessTTL = *clientID, *clientSecret, *accessTTL
	if err := m.AddMiddleware(loginForm(m, users)); err != nil {
		fmt.Fprintln(os.Stderr, "mesh-test-oidc:", err)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		fmt.Fprintln(os.Stderr, "mesh-test-oidc: listen:", err)
		os.Exit(1)
	}
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if err := m.Start(tls.NewListener(ln, tlsCfg), tlsCfg); err != nil {
		fmt.Fprintln(os.Stderr, "mesh-test-oidc: start:", err)
		os.Exit(1)
	}
	fmt.Printf("READY issuer=%s ca=%s\n", m.Issuer(), caPath)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	_ = m.Shutdown()
}
